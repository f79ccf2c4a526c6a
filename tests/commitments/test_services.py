"""Progress on commitments: owners post, others cannot, nothing is overwritten; the London
data set as the seeds give it."""

import datetime as dt

import pytest

from devolution.commitments.dataset import LONDON
from devolution.commitments.models import Commitment, ProgressUpdate, StatusChange, WorkItem
from devolution.commitments.selectors import commitment_flags, commitment_list
from devolution.commitments.services import progress_update_post
from devolution.core.errors import InvalidInput, NotAllowed
from devolution.core.loading import load_file
from devolution.core.models import AuditEvent
from devolution.partners.models import Organisation

pytestmark = pytest.mark.django_db

UPDATE = {
    "progress_to_date": "Draft strategy circulated",
    "next_steps": "Consult STPs",
    "challenges": "Capacity",
}


@pytest.fixture
def hackney_commitment():
    commitment = Commitment.objects.get(reference="S002-PREV-2")
    commitment.lead_owner = Organisation.objects.get(key="la-hackney")
    commitment.save()
    return commitment


def test_london_commitments_come_from_the_seeds_with_their_sources():
    assert Commitment.objects.count() == 46
    assert not Commitment.objects.filter(source__isnull=True).exists()
    assert set(Commitment.objects.values_list("source__kind", flat=True)) == {"seed"}
    assert ProgressUpdate.objects.filter(date=dt.date(2017, 5, 24)).count() == 9
    assert WorkItem.objects.filter(programme__board__key="spb").count() == 22


def test_loading_commitments_again_changes_nothing():
    events = AuditEvent.objects.count()
    assert not load_file(LONDON).changed
    assert AuditEvent.objects.count() == events


def test_blocked_commitments_name_what_blocks_them():
    rows = {c.reference: commitment_flags(c, dt.date(2018, 3, 22)) for c in commitment_list()}
    assert any("LEB reaching" in b for b in rows["S000-T01"].blocked_by)
    assert any("SPB reaching Decision-making" in b for b in rows["S000-T04"].blocked_by)
    assert rows["S000-T06"].blocked_by == ()  # waited only on the MoU, signed 16 Nov 2017


def test_an_owner_posts_an_update_and_earlier_updates_stay(alice, hackney_commitment):
    first = progress_update_post(actor=alice, reference="S002-PREV-2", date=None, data=UPDATE)
    second = progress_update_post(
        actor=alice,
        reference="S002-PREV-2",
        date=None,
        data={**UPDATE, "progress_to_date": "Strategy agreed"},
        status="ongoing",
        rag="amber",
        version=hackney_commitment.version,
    )
    updates = list(ProgressUpdate.objects.filter(commitment=hackney_commitment))
    assert {u.pk for u in updates} == {first.pk, second.pk}
    assert ProgressUpdate.objects.get(pk=first.pk).progress_to_date == "Draft strategy circulated"
    assert second.author_organisation.key == "la-hackney"
    hackney_commitment.refresh_from_db()
    assert hackney_commitment.rag == "amber"
    assert StatusChange.objects.filter(commitment=hackney_commitment, rag="amber").exists()


def test_a_member_of_another_organisation_cannot_post(bob, hackney_commitment):
    count = ProgressUpdate.objects.count()
    with pytest.raises(NotAllowed, match="Only people of the organisations that own"):
        progress_update_post(actor=bob, reference="S002-PREV-2", date=None, data=UPDATE)
    assert ProgressUpdate.objects.count() == count


def test_the_secretariat_may_post_for_any_commitment(secretariat):
    update = progress_update_post(actor=secretariat, reference="S000-T01", date=None, data=UPDATE)
    assert update.author == secretariat


def test_bad_updates_name_their_fields_and_store_nothing(alice, hackney_commitment):
    count = ProgressUpdate.objects.count()
    with pytest.raises(InvalidInput) as caught:
        progress_update_post(
            actor=alice,
            reference="S002-PREV-2",
            date=dt.date(2999, 1, 1),
            data={"progress_to_date": " "},
            rag="purple",
        )
    fields = {p.field for p in caught.value.problems}
    assert fields == {"progress_to_date", "date", "rag"}
    assert ProgressUpdate.objects.count() == count


class TestCarryForward:
    """SPEC §7: missed items are flagged and carried forward."""

    MARCH = "S004-AA-2018-03-EST-1"

    def item(self, reference=MARCH):
        return WorkItem.objects.select_related("meeting").get(reference=reference)

    def test_a_missed_item_is_carried_to_the_next_meeting(self, secretariat):
        from devolution.commitments.services import work_item_settle

        item = self.item()
        carried = work_item_settle(
            actor=secretariat, reference=self.MARCH, version=item.version, outcome="carry_forward"
        )
        assert carried.meeting.label == "May" and carried.carried_from == item
        assert carried.title == item.title
        assert self.item().status == "carried_forward"

    def test_an_item_taken_at_its_meeting_is_no_longer_missed(self, secretariat):
        from devolution.commitments.selectors import work_programme_get, work_programme_grid
        from devolution.commitments.services import work_item_settle

        work_item_settle(actor=secretariat, reference=self.MARCH, version=1, outcome="done")
        missed = work_programme_grid(work_programme_get("spb"))["missed"]
        assert self.MARCH not in {i.reference for i in missed}

    def test_the_last_meeting_has_nowhere_to_carry_to(self, secretariat):
        from devolution.commitments.services import work_item_settle

        november = WorkItem.objects.filter(meeting__label="Nov").first()
        with pytest.raises(InvalidInput, match="no later meeting"):
            work_item_settle(
                actor=secretariat,
                reference=november.reference,
                version=november.version,
                outcome="carry_forward",
            )

    def test_only_the_secretariat_settles_items(self, alice):
        from devolution.commitments.services import work_item_settle

        with pytest.raises(NotAllowed):
            work_item_settle(actor=alice, reference=self.MARCH, version=1, outcome="done")
        assert self.item().status == "planned"

    def test_the_page_offers_it_to_the_secretariat_only(self, secretariat, alice):
        from tests.conftest import signed_in

        # As at a day after the March meeting (as at 22 March 2018, the day the London
        # data describes, it is not yet missed).
        url = "/boards/spb/work-programme/?as_at=2018-04-01"
        assert "Carry forward" in signed_in(secretariat).get(url).content.decode()
        assert "Carry forward" not in signed_in(alice).get(url).content.decode()
        client = signed_in(secretariat)
        response = client.post(
            f"/work-items/{self.MARCH}/settle/", {"version": 1, "outcome": "carry_forward"}
        )
        assert response.status_code == 302
        page = client.get(url).content.decode()
        assert "is carried forward to May" in page


def test_the_register_changes_from_the_version_seen_and_rerating_goes_into_the_history(
    secretariat,
):
    from devolution.commitments.services import commitment_change
    from devolution.core.errors import StaleEdit

    version = Commitment.objects.get(reference="S000-T02").version
    changed = commitment_change(
        actor=secretariat,
        reference="S000-T02",
        version=version,
        values={"note": "Checked with NHS England", "rag": "red"},
    )
    assert (changed.note, changed.rag, changed.version) == (
        "Checked with NHS England",
        "red",
        version + 1,
    )
    assert list(StatusChange.objects.filter(commitment=changed).values_list("rag")) == [("red",)]
    events = AuditEvent.objects.filter(object_type="commitments.commitment", object_id=changed.pk)
    assert set(events.values_list("action", flat=True)) >= {"commitment.change", "commitment.rate"}
    with pytest.raises(StaleEdit, match="changed by someone else"):
        commitment_change(
            actor=secretariat, reference="S000-T02", version=version, values={"note": "Stale"}
        )
    with pytest.raises(InvalidInput) as caught:
        commitment_change(
            actor=secretariat, reference="S000-T02", version=version + 1, values={"kind": "seize"}
        )
    assert [p.field for p in caught.value.problems] == ["kind"]
    assert Commitment.objects.get(reference="S000-T02").note == "Checked with NHS England"
