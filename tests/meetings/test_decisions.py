"""Issue 5's scenario on the London data: at an SPB meeting in shadow decision-making, an
item allocating money to a North East London bid flags the members whose organisations
serve North East London, waits for every ruling, and is recorded as a recommendation to
NHS England."""

import pytest

from devolution.core.errors import NotAllowed, RuleViolation
from devolution.meetings.services import decision_record, flag_rule, item_flags_refresh

pytestmark = pytest.mark.django_db


def test_members_serving_north_east_london_are_flagged_and_others_not(nel_bid, alice):
    flags = item_flags_refresh(item_id=nel_bid.pk)
    assert {f.person_id for f in flags} == {alice.pk}
    assert "London Borough of Hackney serves North East London" in flags[0].reasons[0]


def test_no_decision_while_a_flag_has_no_ruling(nel_bid, secretariat):
    item_flags_refresh(item_id=nel_bid.pk)
    with pytest.raises(RuleViolation, match="no ruling yet"):
        decision_record(
            actor=secretariat,
            item_id=nel_bid.pk,
            outcome="agreed",
            decision_kind="allocate_funding",
        )


def test_a_member_cannot_rule_and_a_chair_cannot_rule_on_their_own(nel_bid, alice, bob, chair):
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    with pytest.raises(NotAllowed, match="rules on conflicts"):
        flag_rule(actor=bob, flag_id=flag.pk, outcome="withdraw", reason="x")
    with pytest.raises(NotAllowed, match="does not rule on their own conflict"):
        flag_rule(actor=alice, flag_id=flag.pk, outcome="full_part", reason="mine")


def test_after_the_ruling_the_decision_is_a_recommendation_to_nhs_england(
    nel_bid, alice, bob, chair, secretariat
):
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    flag_rule(
        actor=chair,
        flag_id=flag.pk,
        outcome="withdraw",
        reason="Hackney is within the bidding area",
    )
    decision = decision_record(
        actor=secretariat, item_id=nel_bid.pk, outcome="agreed", decision_kind="allocate_funding"
    )
    assert decision.binding is False
    assert decision.recommendation_to == "NHS England"
    assert set(decision.taking_part.values_list("pk", flat=True)) == {bob.pk, chair.pk}


def test_quorum_is_checked_after_withdrawals(nel_bid, chair, secretariat):
    nel_bid.meeting.quorum = 3
    nel_bid.meeting.save()
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    flag_rule(actor=chair, flag_id=flag.pk, outcome="withdraw", reason="Within the area")
    with pytest.raises(RuleViolation, match="Not quorate: 2 members"):
        decision_record(actor=secretariat, item_id=nel_bid.pk, outcome="agreed")
