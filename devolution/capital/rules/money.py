"""Money rules of capital: whole pounds as people read them, financial years, and a
receipt's reinvestment never above the receipt (seed 002: 'London receipts stay in
London')."""

import datetime as dt
import re

REINVEST_SOURCE = "London devolution MoU summary (seed 002): 'London receipts stay in London'"
YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def pounds(amount: int) -> str:
    return f"£{amount:,}"


def year_valid(year: str) -> bool:
    """A financial year as written: 2018-19 (the second year the first's next)."""
    match = YEAR.match(year)
    if match is None:
        return False
    return (int(match.group(1)) + 1) % 100 == int(match.group(2))


def financial_year(day: dt.date) -> str:
    """The financial year (April to March) a day falls in: 2018-19."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def reinvestment_refusal(*, receipt: int | None, reinvested: int, amount: int) -> str:
    """Why `amount` may not be reinvested from a receipt of which `reinvested` is already
    put in; "" when it may."""
    if receipt is None:
        return "The disposal has no capital receipt recorded yet: record it first."
    if amount < 1:
        return "An amount reinvested is at least £1."
    left = receipt - reinvested
    if amount > left:
        return (
            f"Only {pounds(left)} of the {pounds(receipt)} receipt is left to reinvest "
            f"({pounds(reinvested)} is already reinvested): {pounds(amount)} is more."
        )
    return ""
