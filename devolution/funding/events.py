"""Funding's kinds of board decision and their handlers (ADR 5): an allocation of a
fund's money and the agreement of an investment framework are effects of a resolution
of a board's meeting, written here in the transaction that records the decision."""

from devolution.core.events import DecisionTaken, register_decision_kind

ALLOCATE = "allocate_funding"
AGREE_FRAMEWORK = "agree_investment_framework"


def allocation_decided(event: DecisionTaken) -> None:
    from .services.allocations import allocation_from_decision

    allocation_from_decision(event)


def framework_decided(event: DecisionTaken) -> None:
    from .services.framework import framework_agreed_from_decision

    framework_agreed_from_decision(event)


def register() -> None:
    register_decision_kind(ALLOCATE, "Allocating transformation funding", allocation_decided)
    register_decision_kind(
        AGREE_FRAMEWORK,
        "Agreeing the investment framework the item brings",
        framework_decided,
    )
