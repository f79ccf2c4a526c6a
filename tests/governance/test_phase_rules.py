"""Phases, decision power and seats as pure rules (SPEC §3, §4, §5)."""

import dataclasses
import datetime as dt

import pytest

from devolution.governance.rules.access import BoardFacts, may_keep_criterion
from devolution.governance.rules.decision_power import DecidingOrganisation, decision_power
from devolution.governance.rules.phases import (
    CriterionFact,
    Resolution,
    phase_move_verdict,
    resolution_verdict,
)
from devolution.governance.rules.seats import MemberFact, SeatSlot, seat_states
from devolution.partners.rules import MembershipFact

MET = CriterionFact("a", "Investment framework agreed", "met")
ONGOING = CriterionFact("b", "Delegations in place", "ongoing")
NOT_STARTED = CriterionFact("c", "Processes agreed", "not_started")
# Met by the data set's reading of the sources, not by their words or a resolution.
INFERRED = CriterionFact("d", "MoU published", "met", inferred=True)


@pytest.mark.parametrize(
    ("current", "target", "gateway", "allowed", "rule_id"),
    [
        (2, 3, (MET,), True, "GOV-GATEWAY-MET"),
        (2, 3, (MET, ONGOING, NOT_STARTED), False, "GOV-GATEWAY-UNMET"),
        (2, 3, (MET, INFERRED), False, "GOV-GATEWAY-UNMET"),
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


def test_an_inferred_criterion_is_not_met_and_is_named_as_inferred():
    message = phase_move_verdict(1, 2, (INFERRED,)).reasons[0].message
    assert "MoU published (inferred, not stated in the sources)" in message
    assert "(met)" not in message


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


def test_a_seat_a_source_says_is_filled_or_says_nothing_of_is_never_vacant():
    from dataclasses import replace

    filled = replace(_slot(1, 2, {"gla"}), occupancy="filled_unnamed")
    unknown = replace(_slot(2, 1, {"ccg"}), occupancy="unknown")
    unknown_count = replace(_slot(3, None, {"ccg"}), occupancy="filled_unnamed")
    states, _ = seat_states((filled, unknown, unknown_count), (_member(1, 1, "gla"),))
    assert [(s.state, s.vacancies) for s in states] == [
        ("filled_unnamed", 0),
        ("unknown", 0),
        ("filled_unnamed", 0),
    ]
    # A board kept in Devolution: an empty place is vacant.
    states, _ = seat_states((_slot(1, 2, {"gla"}),), (_member(1, 1, "gla"),))
    assert (states[0].state, states[0].vacancies) == ("vacant", 1)


def test_a_member_the_source_names_for_a_body_that_is_no_organisation_fits_the_seat():
    named = MemberFact(1, "Claire Murdoch", 1, None, None, None)
    states, wrong = seat_states((_slot(1, 1, {"nhs_trust"}),), (named,))
    assert states[0].state == "filled" and wrong == ()


def test_a_member_in_no_seat_of_the_rules_is_wrongly_seated():
    _, wrong = seat_states((_slot(1, 1, {"ccg"}),), (_member(1, 99, "ccg"),))
    assert "no seat" in wrong[0].why


# ------------------------------------------------ resolutions, and who keeps the criteria

SPB_RESOLUTION = Resolution("spb-2018-05-24", "spb", dt.date(2018, 5, 24), "Minute 4.")


@pytest.mark.parametrize(
    ("board", "resolution", "allowed", "rule_id"),
    [
        ("spb", SPB_RESOLUTION, True, "GOV-RESOLUTION"),
        ("leb", SPB_RESOLUTION, False, "GOV-RESOLUTION-OTHER-BOARD"),
        ("spb", dataclasses.replace(SPB_RESOLUTION, text="  "), False, "GOV-RESOLUTION-TEXT"),
    ],
)
def test_only_a_resolution_of_the_boards_own_meeting_counts(board, resolution, allowed, rule_id):
    verdict = resolution_verdict(board, resolution)
    assert verdict.allowed is allowed and verdict.reasons[0].rule_id == rule_id


SPB = BoardFacts(1, frozenset({7, 8, 9}), frozenset({7}), frozenset({8}))
LEB = BoardFacts(2, frozenset({5}), frozenset({5}), frozenset())
SECRETARIAT = frozenset({MembershipFact(100, "secretariat")})
A_CHAIR = frozenset({MembershipFact(101, "chair")})


@pytest.mark.parametrize(
    ("memberships", "person", "boards", "allowed", "rule_id"),
    [
        (SECRETARIAT, 3, (SPB,), True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
        (A_CHAIR, 7, (SPB,), True, "GOV-CRITERION-CHAIRS"),  # the SPB's chair, by its seats
        (A_CHAIR, 5, (SPB,), False, "GOV-CRITERION-NOT-YOURS"),  # chairs another board
        (A_CHAIR, 5, (SPB, LEB), True, "GOV-CRITERION-CHAIRS"),  # a gateway both boards share
        (A_CHAIR, 8, (SPB,), False, "GOV-CRITERION-NOT-YOURS"),  # the SPB's deputy
        (frozenset(), None, (SPB,), False, "ACC-SIGN-IN"),
    ],
)
def test_who_keeps_a_gateway_criterion(memberships, person, boards, allowed, rule_id):
    verdict = may_keep_criterion(memberships, person_id=person, boards=boards)
    assert verdict.allowed is allowed and verdict.reasons[0].rule_id == rule_id
