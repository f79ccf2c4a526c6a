"""A capital business case's approval route, derived from its board's current phase and
the delegations in force, never typed in (SPEC §4, §5, §12).

Seed 000 (24 May 2017): 'In phases 3 and 4 of its operation the LEB will serve as a forum
within which NHS capital investment decision-making can be exercised. This includes the
ability to approve capital business cases in London, with early involvement of and
influence by local and London government in the decision-making process. In the absence of
an MoU, the LEB will not have the ability to take decisions in London. National estates
boards are likely instead to make these decisions.'

So a board approves a case itself only when both hold: its current phase gives it the
power to approve capital business cases (the phases' data, governance), and an
arrangement delegating the function of approving them to it is in force (governance's
arrangements). Otherwise it advises, and the function's holder (national bodies, where
the data names none) decides.
"""

from dataclasses import dataclass

SOURCE = (
    "London devolution progress paper (24 May 2017), capital: 'In phases 3 and 4 of its "
    "operation the LEB will serve as a forum within which NHS capital investment "
    "decision-making can be exercised ... National estates boards are likely instead to "
    "make these decisions.'"
)

# The function a board exercises when it approves a capital business case (governance's
# functions data), and the phase power that lets it (governance.rules.decision_power).
FUNCTION = "capital_business_case_approval"
POWER = "approve_capital_business_cases"
# Arrangements that place the function with the board itself: on NHS England's spectrum,
# delegated commissioning or a full transfer; by legal form, a delegation or transfer. A
# seat at the table (the advisory phases' arrangement) or co-commissioning does not.
DELEGATING_STEPS = frozenset({"delegated_commissioning", "transfer"})
DELEGATING_FORMS = frozenset({"delegation", "internal_delegation", "transfer"})
ADVISORY_STEPS = frozenset({"seat_at_table", "co_commissioning"})
NATIONAL = "national bodies"
EARLY_INVOLVEMENT = (
    "Local and London government are involved early and influence the decision (seed 000: "
    "'with early involvement of and influence by local and London government in the "
    "decision-making process')."
)

# An arrangement's status as the reasons say it (governance.models.Arrangement.Status).
STATUS_WORDS = {"pending": "pending", "exploring": "being explored", "proposed": "proposed"}

ADVICE = "advice"
APPROVAL = "approval"


@dataclass(frozen=True)
class Delegation:
    """An arrangement of the function, as the route reads it."""

    key: str
    status: str  # active | pending | exploring | proposed
    spectrum_step: str
    form: str

    @property
    def delegates(self) -> bool:
        return self.spectrum_step in DELEGATING_STEPS or self.form in DELEGATING_FORMS

    @property
    def awaited(self) -> bool:
        """Not in force yet, and not an arrangement short of delegation (a seat at the
        table, co-commissioning): the data may leave its form to be settled."""
        return self.status != "active" and self.spectrum_step not in ADVISORY_STEPS

    @property
    def in_force(self) -> bool:
        return self.status == "active" and self.delegates


@dataclass(frozen=True)
class Route:
    kind: str  # approval | advice
    board: str
    decider: str  # who decides the case
    label: str  # as the case's page heads it
    steps: tuple[str, ...]
    reasons: tuple[str, ...]
    source: str = SOURCE

    @property
    def board_decides(self) -> bool:
        return self.kind == APPROVAL


def approval_route(
    *,
    board: str,
    phase_name: str | None,
    phase_powers: frozenset[str],
    delegations: tuple[Delegation, ...],
    holder: str = "",
) -> Route:
    """The route of a case to `board` in its current phase, with the function's
    arrangements to that board; `holder` names who holds the function otherwise."""
    decider = holder or NATIONAL
    phase = phase_name or "no phase"
    reasons = []
    may = POWER in phase_powers
    if may:
        reasons.append(f"In {phase} the {board} may approve capital business cases.")
    else:
        reasons.append(f"In {phase} the {board} may not approve capital business cases.")
    in_force = [d for d in delegations if d.in_force]
    if in_force:
        reasons.append("The function is delegated to it by an arrangement in force.")
    else:
        pending = [STATUS_WORDS.get(d.status, d.status) for d in delegations if d.awaited]
        why = (
            f" (an arrangement to delegate it is {' and one '.join(pending)}, not yet in force)"
            if pending
            else ""
        )
        reasons.append(
            f"No arrangement delegating the approval of capital business cases to it is in "
            f"force{why}."
        )
    if may and in_force:
        return Route(
            kind=APPROVAL,
            board=board,
            decider=board,
            label=f"Approval by the {board} within its delegation",
            steps=(
                EARLY_INVOLVEMENT,
                f"The {board} decides at a meeting, conflicts of interest handled as for any item.",
            ),
            reasons=tuple(reasons),
        )
    return Route(
        kind=ADVICE,
        board=board,
        decider=decider,
        label=f"Advice to {decider}",
        steps=(
            f"The {board} considers the case at a meeting and advises.",
            f"{decider[:1].upper()}{decider[1:]} decide.",
        ),
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class Effect:
    state: str  # the case's state after the decision
    advised_to: str
    advice_supports: bool | None


def decision_effect(*, outcome: str, route: Route, binding: bool | None) -> Effect | None:
    """What a board's decision on a case does. Deferred: nothing. The board decides (its
    route is approval, and the decision bound those taking it, as governance derives
    from who holds the function): agreed approves, not agreed rejects. Otherwise the
    board advised whoever decides, in support or not."""
    if outcome == "deferred":
        return None
    agreed = outcome == "agreed"
    if route.board_decides and binding is not False:
        return Effect("approved" if agreed else "rejected", "", None)
    return Effect("advised", route.decider, agreed)
