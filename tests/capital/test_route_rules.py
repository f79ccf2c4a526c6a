"""The approval route of a capital business case in each of the LEB's phases, with and
without a delegation in force (rules/route.py; seed 000), and what a decision does."""

import pytest

from devolution.capital.rules.route import Delegation, approval_route, decision_effect

BOARD = "London Estates Board"
# The LEB's phases' powers as london.yaml gives them.
ADVISORY = ["advise", "recommend", "hold_asset_register", "prioritise_sites", "broker"]
PHASES = {
    "Phase 1 (advisory)": frozenset([*ADVISORY, "oversee_utilisation"]),
    "Phase 2 (strategic functions)": frozenset([*ADVISORY, "oversee_utilisation", "capital_plan"]),
    "Phase 3 (forum for NHS capital investment decision-making)": frozenset(
        [*ADVISORY, "capital_plan", "decide", "approve_capital_business_cases"]
    ),
    "Phase 4 (forum for NHS capital investment decision-making)": frozenset(
        [*ADVISORY, "capital_plan", "decide", "approve_capital_business_cases"]
    ),
}
SEAT = Delegation("capital-business-cases-leb-advisory", "active", "seat_at_table", "seat_at_table")
PENDING = Delegation("capital-business-cases-leb-decision", "pending", "", "")
IN_FORCE = Delegation(
    "capital-business-cases-leb-decision", "active", "delegated_commissioning", "delegation"
)
DECIDING = {"Phase 3", "Phase 4"}


def route(phase: str, *delegations: Delegation):
    return approval_route(
        board=BOARD, phase_name=phase, phase_powers=PHASES[phase], delegations=delegations
    )


@pytest.mark.parametrize("phase", list(PHASES))
def test_without_a_delegation_in_force_the_board_advises_national_bodies_in_every_phase(phase):
    found = route(phase, SEAT, PENDING)
    assert not found.board_decides
    assert found.label == "Advice to national bodies"
    assert found.decider == "national bodies"
    assert "No arrangement delegating the approval of capital business cases" in found.reasons[1]
    assert "(an arrangement to delegate it is pending, not yet in force)" in found.reasons[1]
    assert "capital-business-cases-leb-decision" not in " ".join(found.reasons)


@pytest.mark.parametrize("phase", list(PHASES))
def test_with_the_delegation_in_force_only_phases_3_and_4_approve(phase):
    found = route(phase, SEAT, IN_FORCE)
    deciding = phase.split(" (")[0] in DECIDING
    assert found.board_decides is deciding
    if deciding:
        assert found.label == f"Approval by the {BOARD} within its delegation"
        assert found.decider == BOARD
        assert "involved early" in found.steps[0]  # local and London government
        assert "may approve capital business cases" in found.reasons[0]
    else:
        assert found.label == "Advice to national bodies"
        assert "may not approve capital business cases" in found.reasons[0]


def test_a_seat_at_the_table_or_an_arrangement_not_active_is_no_delegation():
    phase = "Phase 3 (forum for NHS capital investment decision-making)"
    assert not route(phase, SEAT).board_decides
    proposed = Delegation("x", "proposed", "delegated_commissioning", "delegation")
    assert not route(phase, proposed).board_decides
    transfer = Delegation("x", "active", "transfer", "")
    assert route(phase, transfer).board_decides


def test_a_named_holder_of_the_function_is_who_is_advised():
    found = approval_route(
        board=BOARD,
        phase_name="Phase 1 (advisory)",
        phase_powers=PHASES["Phase 1 (advisory)"],
        delegations=(),
        holder="NHS Improvement",
    )
    assert found.label == "Advice to NHS Improvement"


def test_a_decision_approves_or_rejects_only_on_the_approval_route_and_when_it_binds():
    deciding = route("Phase 3 (forum for NHS capital investment decision-making)", IN_FORCE)
    advising = route("Phase 1 (advisory)", SEAT)
    assert decision_effect(outcome="deferred", route=deciding, binding=True) is None
    assert decision_effect(outcome="agreed", route=deciding, binding=True).state == "approved"
    assert decision_effect(outcome="not_agreed", route=deciding, binding=True).state == "rejected"
    advised = decision_effect(outcome="agreed", route=advising, binding=False)
    assert (advised.state, advised.advised_to, advised.advice_supports) == (
        "advised",
        "national bodies",
        True,
    )
    against = decision_effect(outcome="not_agreed", route=advising, binding=False)
    assert (against.state, against.advice_supports) == ("advised", False)
    # Governance finds the people deciding do not hold the function: advice, not approval.
    assert decision_effect(outcome="agreed", route=deciding, binding=False).state == "advised"
