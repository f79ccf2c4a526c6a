"""What a board's decision on a bid does to the money (SPEC §5, §10)."""

from dataclasses import dataclass

SOURCE = (
    "SPEC §10: allocations are decided at a board meeting, binding only once the board is "
    "in its decision-making phase with the delegation in place, before that a "
    "recommendation; the total allocated in a category never exceeds its amount"
)

# The states of a bid a board may decide on.
DECIDABLE = ("submitted", "assessed", "recommended")


@dataclass(frozen=True)
class Effect:
    """What the decision writes: the bid's next state, and whether money is allocated
    (binding), recommended to the body that holds the power, or neither."""

    state: str
    allocation: str  # "allocated" | "recommended" | ""


def effect_of(*, outcome: str, binding: bool | None) -> Effect | None:
    """None: a deferred decision changes nothing. An agreed decision allocates when it is
    binding, and otherwise records a recommendation; not agreed declines the bid."""
    if outcome == "deferred":
        return None
    if outcome != "agreed":
        return Effect("declined", "")
    if binding:
        return Effect("allocated", "allocated")
    return Effect("recommended", "recommended")


def pounds(amount: int | None) -> str:
    """An amount as a person reads it; unknown where the source gives none."""
    return "unknown" if amount is None else f"£{amount:,}"


def over_ceiling_message(*, what: str, year: str, amount: int, allocated: int, asked: int) -> str:
    left = max(amount - allocated, 0)
    return (
        f"{what} {year} has {pounds(left)} left of {pounds(amount)} ({pounds(allocated)} "
        f"already allocated): this decision would allocate {pounds(asked)}, more than is left."
    )
