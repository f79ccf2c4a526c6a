"""The effect of a board's decision on the business case its item brings (ADR 5), in the
transaction that records the decision: the route (rules/route.py), derived now from the
board's phase and the delegations in force, says whether the board approves or advises;
a refusal here takes the decision back."""

from devolution.core.errors import RuleViolation
from devolution.core.events import DecisionTaken
from devolution.core.services import audit_record, snapshot
from devolution.meetings.models import Decision

from ..models import BusinessCase, CaseEvent
from ..rules import cases as rules
from ..rules.route import FUNCTION, decision_effect
from ..selectors.route import capital_board, route_of_board


def _refuse(rule_id: str, message: str) -> RuleViolation:
    return RuleViolation(rule_id, message, rules.SOURCE, field="decision_kind")


def case_from_decision(event: DecisionTaken) -> None:
    case = (
        BusinessCase.objects.select_for_update(of=("self",)).filter(item_id=event.item_id).first()
    )
    if case is None:
        raise _refuse(
            "CAP-ITEM-CASE",
            "This kind of decision approves the capital business case an item brings, and "
            "this item brings none: bring the case to the agenda from its page, or record "
            "the decision as another kind.",
        )
    board = capital_board(case.partnership_id)
    if board is None or board.key != event.board_key:
        raise _refuse(
            "CAP-BOARD",
            "Capital business cases of this partnership are considered by "
            f"{board.name if board else 'no board'}, not by this board.",
        )
    if event.subject.get("function", FUNCTION) != FUNCTION:
        raise _refuse(
            "CAP-ITEM-FUNCTION",
            "The item names another function than the approval of capital business cases: "
            "name that function on the item.",
        )
    route = route_of_board(board)
    effect = decision_effect(outcome=event.outcome, route=route, binding=event.binding)
    if effect is None:
        return
    if case.state not in rules.DECIDABLE or (
        case.state == BusinessCase.State.ADVISED and effect.state == BusinessCase.State.ADVISED
    ):
        raise _refuse(
            "CAP-CASE-STATE",
            f"This case is {case.get_state_display().lower()}: a board considers a case that "
            "is submitted, or one it advised on once it may approve it itself.",
        )
    decision = Decision.objects.get(pk=event.decision_id)
    before = snapshot(case, ["state", "decision", "advised_to", "advice_supports", "version"])
    state_from = case.state
    case.state = effect.state
    case.decision = decision
    case.advised_to = effect.advised_to
    case.advice_supports = effect.advice_supports
    case.version += 1
    case.save()
    if effect.state == BusinessCase.State.ADVISED:
        note = (
            f"{board.name} advised {effect.advised_to} "
            f"{'in support of' if effect.advice_supports else 'against'} the case: "
            + " ".join(route.reasons)
        )
    else:
        note = f"{board.name} {effect.state} the case within its delegation."
    CaseEvent.objects.create(
        case=case,
        state_from=state_from,
        state_to=case.state,
        by=event.actor,
        decision=decision,
        note=note,
    )
    audit_record(
        actor=event.actor,
        action="capital.case.decided",
        obj=case,
        before=before,
        after=snapshot(case, ["state", "decision", "advised_to", "advice_supports", "version"]),
    )
