"""Governance's kinds of board decision and their handlers (ADR 5).

A phase move and a gateway criterion's status are effects of a resolution of the board's
own meeting: meetings records the decision and announces it, and these handlers make
the effect in the same transaction. A refusal here (an unmet gateway, say) takes the
decision back and is what the person recording it reads.
"""

from devolution.core.errors import RuleViolation
from devolution.core.events import DecisionTaken, register_decision_kind

from . import services
from .rules.phases import BY_RESOLUTION_SOURCE, Resolution

PHASE_MOVE = "phase_move"
CRITERION_MET = "gateway_criterion_met"
CRITERION_ONGOING = "gateway_criterion_ongoing"


def _resolution(event: DecisionTaken) -> Resolution:
    text = f"{event.item_title}. {event.resolution}".strip().rstrip(".") + "."
    return Resolution(event.meeting_key, event.board_key, event.meeting_date, text)


def _named(event: DecisionTaken, name: str, what: str) -> str:
    value = event.subject.get(name, "")
    if not value:
        raise RuleViolation(
            "GOV-RESOLUTION-SUBJECT",
            f"This kind of decision needs an item naming {what}: name it on the item, or "
            "record the decision as another kind.",
            BY_RESOLUTION_SOURCE,
            field="decision_kind",
        )
    return value


def phase_moved(event: DecisionTaken) -> None:
    """An agreed resolution moves the board to the phase the item names."""
    phase = _named(event, "gateway_phase", "the phase the board moves to")
    if event.agreed:
        services.board_move_phase(
            actor=event.actor,
            board_key=event.board_key,
            to_phase=phase,
            resolution=_resolution(event),
        )


def _criterion_resolved(event: DecisionTaken, status: str) -> None:
    criterion = _named(event, "gateway_criterion", "a gateway criterion")
    if event.agreed:
        services.criterion_status_set(
            actor=event.actor,
            criterion_key=criterion,
            status=status,
            resolution=_resolution(event),
        )


def criterion_met(event: DecisionTaken) -> None:
    """An agreed resolution records the criterion the item names as met."""
    _criterion_resolved(event, "met")


def criterion_ongoing(event: DecisionTaken) -> None:
    """An agreed resolution records the criterion the item names as ongoing."""
    _criterion_resolved(event, "ongoing")


def register() -> None:
    """Called from GovernanceConfig.ready(). Allocating funding and approving a capital
    business case are registered here for the power governance derives for them (their
    phase powers, rules/decision_power.py), provisionally: the areas that own their
    effects take the registration over (funding's events and capital's events)."""
    register_decision_kind(
        "allocate_funding", "Allocating transformation funding", provisional=True
    )
    register_decision_kind(
        "approve_capital_business_case", "Approving a capital business case", provisional=True
    )
    register_decision_kind(PHASE_MOVE, "Moving the board to the phase the item names", phase_moved)
    register_decision_kind(
        CRITERION_MET, "Recording the gateway criterion the item names as met", criterion_met
    )
    register_decision_kind(
        CRITERION_ONGOING,
        "Recording the gateway criterion the item names as ongoing",
        criterion_ongoing,
    )
