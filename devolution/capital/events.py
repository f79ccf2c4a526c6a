"""Capital's kind of board decision and its handler (ADR 5): approving a capital business
case is an effect of a resolution of its board's meeting, written here in the transaction
that records the decision. It takes over governance's provisional registration."""

from devolution.core.events import DecisionTaken, register_decision_kind

APPROVE = "approve_capital_business_case"


def case_decided(event: DecisionTaken) -> None:
    from .services.decisions import case_from_decision

    case_from_decision(event)


def register() -> None:
    register_decision_kind(
        APPROVE,
        "Approving the capital business case the item brings (or advising on it)",
        case_decided,
    )
