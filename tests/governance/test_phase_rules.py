"""Phases, decision power and seats as pure rules (SPEC §3, §4, §5)."""

import pytest

from devolution.governance.rules.decision_power import DecidingOrganisation, decision_power
from devolution.governance.rules.phases import CriterionFact, phase_move_verdict
from devolution.governance.rules.seats import MemberFact, SeatSlot, seat_states

MET = CriterionFact("a", "Investment framework agreed", "met")
ONGOING = CriterionFact("b", "Delegations in place", "ongoing")
NOT_STARTED = CriterionFact("c", "Processes agreed", "not_started")


@pytest.mark.parametrize(
    ("current", "target", "gateway", "allowed", "rule_id"),
    [
        (2, 3, (MET,), True, "GOV-GATEWAY-MET"),
        (2, 3, (MET, ONGOING, NOT_STARTED), False, "GOV-GATEWAY-UNMET"),
        (1, 3, (MET,), False, "GOV-PHASE-ONE-AT-A-TIME"),
        (3, 1, (NOT_STARTED,), True, "GOV-PHASE-BACK"),
        (2, 2, (), False, "GOV-PHASE-SAME"),
        (None, 1, (), True, "GOV-GATEWAY-MET"),
    ],
)
def test_phase_moves(current, target, gateway, allowed, rule_id):
    verdict = phase_move_verdict(current, target, gateway)
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id


def test_a_refused_move_names_every_unmet_criterion():
    verdict = phase_move_verdict(2, 3, (MET, ONGOING, NOT_STARTED))
    message = verdict.reasons[0].message
    assert "2 of the 3 gateway criteria are not met" in message
    assert "Delegations in place (ongoing)" in message
    assert "Processes agreed (not started)" in message
    assert "Investment framework agreed" not in message


SHADOW = frozenset({"advise", "recommend", "shadow_decide"})
DECIDING = frozenset({"advise", "recommend", "decide"})
NHSE = DecidingOrganisation("NHS England", "nhs_england", "original")
CCG_DELEGATED = DecidingOrganisation("NHS Barnet CCG", "ccg", "delegated")
COUNCIL = DecidingOrganisation("London Borough of Hackney", "local_authority", None)


@pytest.mark.parametrize(
    ("powers", "deciders", "binding"),
    [
        (DECIDING, (NHSE, COUNCIL), True),
        (DECIDING, (CCG_DELEGATED,), True),
        (SHADOW, (NHSE, COUNCIL), False),
        (DECIDING, (COUNCIL,), False),
    ],
)
def test_decision_is_binding_only_in_a_deciding_phase_with_the_holder_taking_it(
    powers, deciders, binding
):
    power = decision_power(
        phase_name="shadow decision-making",
        phase_powers=powers,
        decision_kind="allocate_funding",
        function_name="Transformation funding",
        function_holder="NHS England",
        deciders=deciders,
    )
    assert power.binding is binding
    assert power.recommendation_to == (None if binding else "NHS England")
    assert power.reasons and power.source


def test_shadow_decision_is_a_recommendation_to_nhs_england_and_says_why():
    power = decision_power(
        phase_name="shadow decision-making",
        phase_powers=SHADOW,
        decision_kind="allocate_funding",
        function_name="Transformation funding",
        function_holder="NHS England",
        deciders=(COUNCIL,),
    )
    assert not power.binding
    assert power.recommendation_to == "NHS England"
    assert "cannot take binding decisions" in power.reasons[0]


def _slot(rule_id, count, types, place=None, org=None):
    return SeatSlot(
        rule_id,
        f"rule {rule_id}",
        count,
        frozenset(types),
        org,
        place,
        f"place {place}" if place else None,
    )


def _member(mid, rule_id, org_type, place=None, org=1):
    return MemberFact(mid, f"person {mid}", rule_id, org, org_type, place)


def test_seats_vacant_filled_over_filled_and_to_be_confirmed():
    slots = (
        _slot(1, 2, {"gla"}),
        _slot(2, 1, {"ccg"}, place=10),
        _slot(2, 1, {"ccg"}, place=11),
        _slot(3, None, {"voluntary_sector"}),
    )
    members = (_member(1, 1, "gla"), _member(2, 2, "ccg", place=10), _member(3, 2, "ccg", place=10))
    states, wrong = seat_states(slots, members)
    by = {(s.slot.rule_id, s.slot.place_id): s for s in states}
    assert by[(1, None)].state == "vacant" and by[(1, None)].vacancies == 1
    assert by[(2, 10)].state == "over_filled"
    assert by[(2, 11)].state == "vacant"
    assert by[(3, None)].state == "to_be_confirmed"
    assert wrong == ()


def test_a_seat_filled_by_the_wrong_kind_of_organisation_is_shown_with_why():
    states, wrong = seat_states((_slot(1, 1, {"ccg"}),), (_member(1, 1, "nhs_trust"),))
    assert states[0].state == "vacant"
    assert "the seat is for a ccg, not a nhs trust" in wrong[0].why


def test_a_member_in_no_seat_of_the_rules_is_wrongly_seated():
    _, wrong = seat_states((_slot(1, 1, {"ccg"}),), (_member(1, 99, "ccg"),))
    assert "no seat" in wrong[0].why
