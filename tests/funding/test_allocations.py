"""Issue 13's allocations as board decisions: a North East London bid brought to an SPB
meeting is, while the SPB is in shadow decision-making, a recommendation to NHS England,
and once the board may decide, an allocation within the category's amount; a decision
waits for every conflict to be ruled on; not agreed declines; deferred changes nothing."""

import datetime as dt

import pytest

from devolution.core.errors import InvalidInput, NotAllowed, RuleViolation
from devolution.core.models import AuditEvent
from devolution.funding.models import Allocation, Bid, BidEvent, CategoryYear, FundYear
from devolution.funding.services.agenda import bid_to_agenda
from devolution.meetings.models import Decision
from devolution.meetings.services import decision_record, flag_rule, item_flags_refresh
from tests.funding.conftest_allocations import (
    CCG,
    FUND,
    YEAR,
    applicant_make,
    bid_make,
    chair_make,
    spb_may_decide,
    spb_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(db):
    """NHS England's London regional director, a co-chair of the SPB (seed 001)."""
    return chair_make()


@pytest.fixture
def applicant(db):
    """A person of NHS City and Hackney CCG, the bid's applicant and recipient."""
    return applicant_make()


def unallocated() -> CategoryYear:
    return CategoryYear.objects.get(
        category__fund__key=FUND, category__key="unallocated", year=YEAR
    )


def fund_year() -> FundYear:
    return FundYear.objects.get(fund__key=FUND, year=YEAR)


def bid(ref: str) -> Bid:
    return Bid.objects.get(proposal__ref=ref)


def rule_flags(item_id, chair):
    """The chair rules on each member flagged on the item (they withdraw)."""
    for flag in item_flags_refresh(item_id=item_id):
        flag_rule(actor=chair, flag_id=flag.pk, outcome="withdraw", reason="Within the area")


@pytest.fixture
def board(alice, bob, chair):
    """Who sits at the SPB's meetings here: Alice (Hackney: serves North East London, so
    flagged on a NEL bid), Bob (Camden) and the NHS England co-chair."""
    return [(alice, "la-hackney"), (bob, "la-camden"), (chair, "nhs-england-london")]


def test_an_spb_allocation_in_shadow_phase_is_recommended_then_allocated_once_it_may_decide(
    board, chair, secretariat
):
    bid_make("nel-uec", asked=250_000)
    first = spb_meeting("spb-2018-05-24", dt.date(2018, 5, 24), board)
    item = bid_to_agenda(actor=secretariat, ref="nel-uec", meeting_key=first.key)
    assert item.function.key == "transformation_funding" and item.purpose == "decide"
    assert [p.code for p in item.places.all()] == ["QMF"]
    assert [(p.role, p.organisation.key) for p in item.parties.all()] == [("applicant", CCG)]
    assert item.recommendation == (
        "Allocate £250,000 from Unallocated to NHS City and Hackney CCG."
    )
    assert bid("nel-uec").proposal.item == item
    rule_flags(item.pk, chair)

    decision = decision_record(
        actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
    )

    assert decision.binding is False
    recommended = Allocation.objects.get(bid__proposal__ref="nel-uec")
    assert recommended.status == "recommended"
    assert recommended.amount == 250_000 and recommended.made_on == dt.date(2018, 5, 24)
    assert recommended.recommended_to == "NHS England"
    assert recommended.category_year == unallocated()
    assert unallocated().allocated == 0 and fund_year().allocated == 0
    assert bid("nel-uec").state == "recommended"
    assert BidEvent.objects.get(bid__proposal__ref="nel-uec", decision=decision).to_state == (
        "recommended"
    )
    # A recommended bid waits for the board to be able to decide before it comes back.
    second = spb_meeting("spb-2018-06-21", dt.date(2018, 6, 21), board)
    with pytest.raises(RuleViolation) as waits:
        bid_to_agenda(actor=secretariat, ref="nel-uec", meeting_key=second.key)
    assert waits.value.rule_id == "FUND-RECOMMENDED-WAITS"
    assert "shadow decision-making" in waits.value.message

    spb_may_decide(secretariat)
    again = bid_to_agenda(actor=secretariat, ref="nel-uec", meeting_key=second.key)
    assert bid("nel-uec").proposal.item == again
    rule_flags(again.pk, chair)
    decision = decision_record(
        actor=secretariat, item_id=again.pk, outcome="agreed", decision_kind="allocate_funding"
    )

    assert decision.binding is True
    allocated = Allocation.objects.get(bid__proposal__ref="nel-uec", status="allocated")
    assert allocated.amount == 250_000 and allocated.recommended_to == ""
    assert allocated.decision == decision and allocated.made_on == dt.date(2018, 6, 21)
    assert unallocated().allocated == 250_000
    assert fund_year().allocated == 250_000
    assert bid("nel-uec").state == "allocated"
    # The earlier recommendation stays on record, still never counted as allocated.
    assert Allocation.objects.filter(bid__proposal__ref="nel-uec").count() == 2


def test_an_allocation_is_refused_while_a_conflict_flag_is_unruled_and_nothing_is_written(
    bob, chair, applicant, secretariat
):
    bid_make("nel-conflict")
    spb_may_decide(secretariat)
    meeting = spb_meeting(
        "spb-2018-07-19",
        dt.date(2018, 7, 19),
        [(bob, "la-camden"), (chair, "nhs-england-london"), (applicant, CCG)],
    )
    item = bid_to_agenda(actor=secretariat, ref="nel-conflict", meeting_key=meeting.key)
    flags = item_flags_refresh(item_id=item.pk)
    assert [f.person_id for f in flags] == [applicant.pk]
    assert "NHS City and Hackney CCG" in flags[0].reasons[0]
    audit_before = AuditEvent.objects.count()

    with pytest.raises(RuleViolation, match="no ruling yet"):
        decision_record(
            actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
        )

    assert not Decision.objects.filter(item=item).exists()
    assert not Allocation.objects.filter(bid__proposal__ref="nel-conflict").exists()
    assert bid("nel-conflict").state == "submitted"
    assert unallocated().allocated == 0 and fund_year().allocated == 0
    assert AuditEvent.objects.count() == audit_before
    # Once the chair rules, the same decision allocates.
    flag_rule(actor=chair, flag_id=flags[0].pk, outcome="withdraw", reason="The applicant")
    decision_record(
        actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
    )
    assert bid("nel-conflict").state == "allocated"
    assert unallocated().allocated == 250_000


@pytest.fixture
def deciding(bob, chair, secretariat):
    """An SPB that may decide, at a meeting where nobody is flagged on a NEL bid."""
    spb_may_decide(secretariat)
    return spb_meeting(
        "spb-2018-09-20", dt.date(2018, 9, 20), [(bob, "la-camden"), (chair, "nhs-england-london")]
    )


def test_not_agreed_declines_the_bid_and_allocates_nothing(deciding, secretariat):
    bid_make("nel-no")
    item = bid_to_agenda(actor=secretariat, ref="nel-no", meeting_key=deciding.key)
    decision_record(
        actor=secretariat, item_id=item.pk, outcome="not_agreed", decision_kind="allocate_funding"
    )
    assert bid("nel-no").state == "declined"
    assert not Allocation.objects.filter(bid__proposal__ref="nel-no").exists()
    assert unallocated().allocated == 0
    # A declined bid is not brought back.
    later = spb_meeting("spb-2018-10-18", dt.date(2018, 10, 18), [])
    with pytest.raises(RuleViolation) as refused:
        bid_to_agenda(actor=secretariat, ref="nel-no", meeting_key=later.key)
    assert refused.value.rule_id == "FUND-BID-STATE" and "declined" in refused.value.message


def test_deferred_changes_nothing_and_the_bid_may_come_back(deciding, secretariat):
    bid_make("nel-later")
    item = bid_to_agenda(actor=secretariat, ref="nel-later", meeting_key=deciding.key)
    decision_record(
        actor=secretariat, item_id=item.pk, outcome="deferred", decision_kind="allocate_funding"
    )
    assert bid("nel-later").state == "submitted"
    assert not Allocation.objects.filter(bid__proposal__ref="nel-later").exists()
    assert not BidEvent.objects.filter(bid__proposal__ref="nel-later").exists()
    assert unallocated().allocated == 0
    later = spb_meeting("spb-2018-10-18", dt.date(2018, 10, 18), [])
    assert bid_to_agenda(actor=secretariat, ref="nel-later", meeting_key=later.key).pk != item.pk


def test_an_allocation_from_an_amount_nobody_knows_is_refused_clearly(deciding, secretariat):
    FundYear.objects.filter(fund__key=FUND, year=YEAR).update(amount=None)
    bid_make("nel-unknown")
    item = bid_to_agenda(actor=secretariat, ref="nel-unknown", meeting_key=deciding.key)
    with pytest.raises(RuleViolation) as refused:
        decision_record(
            actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
        )
    assert refused.value.rule_id == "FUND-AMOUNT-UNKNOWN"
    assert "The amount of Unallocated in 2018-19 is not known" in refused.value.message
    assert "record the amount before allocating" in refused.value.message
    assert not Decision.objects.filter(item=item).exists()
    assert bid("nel-unknown").state == "submitted"


def test_an_allocation_over_the_category_amount_is_refused_naming_what_is_left(
    deciding, secretariat
):
    CategoryYear.objects.filter(pk=unallocated().pk).update(amount=300_000, allocated=100_000)
    bid_make("nel-big", asked=250_000)
    item = bid_to_agenda(actor=secretariat, ref="nel-big", meeting_key=deciding.key)
    with pytest.raises(RuleViolation) as refused:
        decision_record(
            actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="allocate_funding"
        )
    assert refused.value.rule_id == "FUND-CATEGORY-CEILING"
    assert "has £200,000 left of £300,000" in refused.value.message
    assert unallocated().allocated == 100_000 and fund_year().allocated == 0


def test_only_the_secretariat_brings_a_bid_to_a_meeting_and_only_to_its_board(
    deciding, alice, secretariat
):
    bid_make("nel-who")
    with pytest.raises(NotAllowed):
        bid_to_agenda(actor=alice, ref="nel-who", meeting_key=deciding.key)
    from devolution.governance.models import Board
    from devolution.meetings.models import Meeting

    lhb = Meeting.objects.create(
        key="lhb-2018-09-01", board=Board.objects.get(key="lhb"), date=dt.date(2018, 9, 1)
    )
    with pytest.raises(InvalidInput) as elsewhere:
        bid_to_agenda(actor=secretariat, ref="nel-who", meeting_key=lhb.key)
    assert elsewhere.value.problems[0].field == "meeting"
    assert "decided by" in elsewhere.value.message
    held = spb_meeting("spb-2018-08-16", dt.date(2018, 8, 16), [])
    held.status = "held"
    held.save()
    with pytest.raises(RuleViolation) as was_held:
        bid_to_agenda(actor=secretariat, ref="nel-who", meeting_key=held.key)
    assert was_held.value.rule_id == "FUND-MEETING-UPCOMING"
    bid_to_agenda(actor=secretariat, ref="nel-who", meeting_key=deciding.key)
    other = spb_meeting("spb-2018-11-15", dt.date(2018, 11, 15), [])
    with pytest.raises(RuleViolation) as twice:
        bid_to_agenda(actor=secretariat, ref="nel-who", meeting_key=other.key)
    assert twice.value.rule_id == "FUND-BID-ON-AGENDA"
