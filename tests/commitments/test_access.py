"""Who may change a commitment (SPEC §1, §6, §15; QUALITY S1): the rule over memberships with
their scope, then every write of the commitments services tried by a person of another
organisation, who is refused and changes nothing, and the page and API refusing alike."""

import datetime as dt

import pytest

from devolution.commitments import services, transfer
from devolution.commitments.models import Commitment, Milestone, ProgressUpdate, StatusChange
from devolution.commitments.rules.access import acting_for, may_update_commitment
from devolution.core.errors import InvalidInput, NotAllowed, StaleEdit
from devolution.core.models import AuditEvent
from devolution.partners.models import Organisation, Role
from devolution.partners.rules import MembershipFact
from tests.commitments.test_transfer import GOOD, csv_bytes
from tests.conftest import make_person, signed_in

HACKNEY, CAMDEN, LONDON_COUNCILS = 1, 2, 3
OWNERS = frozenset({HACKNEY, CAMDEN})  # Hackney leads, Camden supports
REFERENCE = "S000-T09"


def m(*facts: tuple[int, str]) -> frozenset[MembershipFact]:
    return frozenset(MembershipFact(org, role) for org, role in facts)


@pytest.mark.parametrize(
    ("memberships", "owners", "allowed", "rule_id"),
    [
        (m((HACKNEY, "commitment_owner")), OWNERS, True, "COM-OWNER-UPDATES"),
        (m((CAMDEN, "board_member")), OWNERS, True, "COM-OWNER-UPDATES"),
        (m((HACKNEY, "applicant")), OWNERS, True, "COM-OWNER-UPDATES"),
        (m((CAMDEN, "applicant")), frozenset({HACKNEY}), False, "COM-NOT-YOUR-COMMITMENT"),
        (m((CAMDEN, "estates_lead")), frozenset({HACKNEY}), False, "COM-NOT-YOUR-COMMITMENT"),
        (m((HACKNEY, "read_only")), OWNERS, False, "COM-NOT-YOUR-COMMITMENT"),
        # A role counts only at its own organisation: reading at the owner and owning
        # elsewhere is not owning this one.
        (
            m((HACKNEY, "read_only"), (CAMDEN, "commitment_owner")),
            frozenset({HACKNEY}),
            False,
            "COM-NOT-YOUR-COMMITMENT",
        ),
        (m((LONDON_COUNCILS, "secretariat")), OWNERS, True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
        (m(), OWNERS, False, "ACC-SIGN-IN"),
    ],
)
def test_who_may_update_a_commitment(memberships, owners, allowed, rule_id):
    verdict = may_update_commitment(memberships, owners)
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id
    assert verdict.reasons[0].source


def test_an_update_names_the_lead_owner_first_and_never_an_organisation_only_read():
    both = m((CAMDEN, "board_member"), (HACKNEY, "board_member"))
    assert acting_for(both, OWNERS, lead_id=HACKNEY) == (HACKNEY, CAMDEN)
    assert acting_for(both, OWNERS, lead_id=CAMDEN) == (CAMDEN, HACKNEY)
    reads_hackney = m((HACKNEY, "read_only"), (CAMDEN, "board_member"))
    assert acting_for(reads_hackney, OWNERS, lead_id=HACKNEY) == (CAMDEN,)


# ------------------------------------------------------------------ every write, by Bob


@pytest.fixture
def hackney_commitment(db) -> Commitment:
    commitment = Commitment.objects.get(reference=REFERENCE)
    commitment.lead_owner = Organisation.objects.get(key="la-hackney")
    commitment.save()
    Milestone.objects.create(commitment=commitment, title="Plan agreed", due=dt.date(2018, 6, 1))
    return commitment


def _counts() -> tuple[int, ...]:
    return (
        AuditEvent.objects.count(),
        Commitment.objects.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
        StatusChange.objects.count(),
    )


def _writes(commitment: Commitment) -> dict:
    milestone = commitment.milestones.get(title="Plan agreed")
    return {
        "post progress": lambda actor: services.progress_update_post(
            actor=actor, reference=REFERENCE, date=None, data={"progress_to_date": "x"}
        ),
        "rate": lambda actor: services.progress_update_post(
            actor=actor,
            reference=REFERENCE,
            date=None,
            data={"progress_to_date": "x"},
            rag="red",
            version=commitment.version,
        ),
        "complete a milestone": lambda actor: services.milestone_complete(
            actor=actor,
            milestone_id=milestone.pk,
            version=milestone.version,
            completed_on=dt.date(2018, 3, 1),
        ),
        "change a milestone": lambda actor: services.milestone_change(
            actor=actor,
            milestone_id=milestone.pk,
            version=milestone.version,
            values={"due": dt.date(2018, 9, 30)},
        ),
        "add a milestone": lambda actor: services.milestone_create(
            actor=actor, reference=REFERENCE, title="New", values={"due": dt.date(2018, 9, 30)}
        ),
        "change the register": lambda actor: services.commitment_change(
            actor=actor, reference=REFERENCE, version=commitment.version, values={"note": "x"}
        ),
        "record a commitment": lambda actor: services.commitment_create(
            actor=actor,
            reference="NEW-1",
            values={"text": "x", "source": commitment.source},
        ),
        "import a register": lambda actor: transfer.commitments_import(
            actor=actor, content=csv_bytes(GOOD), filename="r.csv"
        ),
    }


WRITES = [
    "post progress",
    "rate",
    "complete a milestone",
    "change a milestone",
    "add a milestone",
    "change the register",
    "record a commitment",
    "import a register",
]


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.APPLICANT, Role.ESTATES_LEAD])
def test_a_person_of_another_organisation_is_refused_every_write(write, role, hackney_commitment):
    camden = make_person(f"{role}@camden.example", "la-camden", role)
    before = _counts()
    with pytest.raises(NotAllowed):
        _writes(hackney_commitment)[write](camden)
    assert _counts() == before


@pytest.mark.parametrize("write", WRITES)
def test_a_read_only_person_of_the_owner_changes_nothing(write, reader, hackney_commitment):
    before = _counts()
    with pytest.raises(NotAllowed):
        _writes(hackney_commitment)[write](reader)
    assert _counts() == before


@pytest.mark.parametrize(
    ("write", "owner_may"),
    [
        ("post progress", True),
        ("rate", True),
        ("complete a milestone", True),
        ("change a milestone", True),
        ("add a milestone", True),
        # Keeping the register itself is the secretariat's (SPEC §1).
        ("change the register", False),
        ("record a commitment", False),
        ("import a register", False),
    ],
)
def test_the_owner_keeps_progress_and_milestones_the_secretariat_everything(
    write, owner_may, alice, secretariat, hackney_commitment
):
    writes = _writes(hackney_commitment)
    if owner_may:
        writes[write](alice)
    else:
        with pytest.raises(NotAllowed):
            writes[write](alice)
    if not owner_may:
        writes[write](secretariat)


# ------------------------------------------------------------------- pages and API alike


def test_the_page_and_the_api_refuse_another_organisation_with_the_same_words(
    bob, hackney_commitment
):
    client = signed_in(bob)
    page = client.post(f"/commitments/{REFERENCE}/updates/", {"progress_to_date": "mine"})
    api = client.post(
        f"/api/commitments/{REFERENCE}/updates",
        {"progress_to_date": "mine"},
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (403, 403)
    words = api.json()["message"]
    assert words.startswith("Only people of the organisations that own this commitment")
    assert words in page.content.decode()
    assert not ProgressUpdate.objects.filter(progress_to_date="mine").exists()


def test_a_rating_from_an_old_version_is_refused_on_the_page_with_the_words_kept(
    alice, hackney_commitment
):
    client = signed_in(alice)
    old = hackney_commitment.version
    services.progress_update_post(
        actor=alice,
        reference=REFERENCE,
        date=None,
        data={"progress_to_date": "first"},
        rag="amber",
        version=old,
    )
    form = {"progress_to_date": "second, rated red", "rag": "red", "version": old}
    response = client.post(f"/commitments/{REFERENCE}/updates/", form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "was changed by someone else while you were writing (it is now" in page
    assert "second, rated red" in page  # their words, to post again
    assert f'name="version" value="{old + 1}"' in page
    hackney_commitment.refresh_from_db()
    assert hackney_commitment.rag == "amber"
    assert not ProgressUpdate.objects.filter(progress_to_date="second, rated red").exists()


def test_a_rating_without_the_version_it_was_chosen_from_is_refused_over_the_api(
    alice, hackney_commitment
):
    response = signed_in(alice).post(
        f"/api/commitments/{REFERENCE}/updates",
        {"progress_to_date": "rated", "rag": "red"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [p["field"] for p in response.json()["problems"]] == ["version"]
    with pytest.raises(StaleEdit):
        services.progress_update_post(
            actor=alice,
            reference=REFERENCE,
            date=None,
            data={"progress_to_date": "rated"},
            rag="red",
            version=hackney_commitment.version + 1,
        )
    with pytest.raises(InvalidInput):
        services.progress_update_post(
            actor=alice, reference=REFERENCE, date=None, data={"progress_to_date": " "}
        )
