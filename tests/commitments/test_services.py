"""Progress on commitments: owners post, others cannot, nothing is overwritten; the London
data set as the seeds give it."""

import datetime as dt

import pytest

from devolution.commitments.models import Commitment, ProgressUpdate, StatusChange, WorkItem
from devolution.commitments.selectors import commitment_flags, commitment_list
from devolution.commitments.services import london_load, progress_update_post
from devolution.core.errors import InvalidInput, NotAllowed
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
    assert not london_load().changed
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
