"""A fund's running position and the amounts the secretariat records (SPEC §10), as pure
functions of plain values."""

from dataclasses import dataclass

from .allocations import pounds

SOURCE = (
    "SPEC §10: the total allocated in a category never exceeds its amount; a fund's "
    "categories share its amount for the year"
)
BELOW_ALLOCATED = "FUND-AMOUNT-BELOW-ALLOCATED"
OVER_FUND_YEAR = "FUND-CATEGORIES-OVER-YEAR"


@dataclass(frozen=True)
class Position:
    """What a category (or a fund) has in one year: its amount (None where unknown), what
    board decisions have recommended to the body that holds the power, what they have
    allocated, what the recipients report spent to date, and what is left to allocate."""

    amount: int | None
    recommended: int
    allocated: int
    spent: int

    @property
    def left(self) -> int | None:
        """The amount less what is allocated; recommendations are not allocations, so they
        do not reduce it. Unknown while the amount is."""
        return None if self.amount is None else self.amount - self.allocated


def amount_refusal(*, what: str, year: str, amount: int, allocated: int) -> str | None:
    """Why `amount` cannot be recorded for a category's year: never below what board
    decisions have already allocated from it. None: it can."""
    if amount >= allocated:
        return None
    return (
        f"{what} {year} cannot be set to {pounds(amount)}: {pounds(allocated)} is already "
        f"allocated from it. Record at least {pounds(allocated)}."
    )


def fund_year_refusal(
    *, fund: str, year: str, fund_amount: int | None, others: list[int | None], amount: int
) -> str | None:
    """Why the categories of a fund's year would hold more than the fund has that year:
    the known amounts of the other categories and this one, against the fund's amount
    (no bound while the fund's amount is unknown)."""
    if fund_amount is None:
        return None
    total = amount + sum(a for a in others if a is not None)
    if total <= fund_amount:
        return None
    return (
        f"{fund} has {pounds(fund_amount)} in {year}: with this amount its categories would "
        f"hold {pounds(total)}, {pounds(total - fund_amount)} more than the fund has."
    )


def sum_known(amounts: list[int | None]) -> int | None:
    """The sum of amounts, unknown (None) if any is unknown or there are none."""
    if not amounts or any(a is None for a in amounts):
        return None
    return sum(a for a in amounts if a is not None)
