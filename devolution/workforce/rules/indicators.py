"""The workforce indicators' rules (SPEC §13): the vacancy and turnover rates, worked out
from the counts where a return gives them, else as the return gives them, else unknown;
the aggregate of many organisations' counts (an STP's, London's); and the age bands a
return's columns name. Pure Python: no Django here.

The definitions, as the pages state them:
- vacancy rate = vacancies / (staff in post + vacancies), as a percentage;
- turnover rate = leavers / staff in post, as a percentage, over the period.
"""

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)
PLACES = Decimal("0.1")

VACANCY_DEFINITION = (
    "Vacancy rate = vacancies ÷ (staff in post + vacancies), as a percentage of the posts."
)
TURNOVER_DEFINITION = (
    "Turnover rate = leavers in the period ÷ staff in post at its end, as a percentage."
)
AGGREGATE_DEFINITION = (
    "An STP's (or the whole partnership's) rate adds up the counts of its organisations "
    "first: the sum of vacancies ÷ the sum of (staff in post + vacancies), and the sum of "
    "leavers ÷ the sum of "
    "staff in post. A figure given only as a rate has no counts to add, so it is left out of "
    "the sum and counted separately."
)

WORKED_OUT = "worked out"
AS_GIVEN = "as given"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Rate:
    """A percentage (to 0.1), how it was found, and the counts behind it if any."""

    value: Decimal | None
    how: str  # worked out, as given, unknown

    @property
    def known(self) -> bool:
        return self.value is not None


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    return (part * HUNDRED / whole).quantize(PLACES)


def vacancy_rate(
    staff_in_post: Decimal | None, vacancies: Decimal | None, given: Decimal | None
) -> Rate:
    """From the counts where both are given (and there is at least one post), else the
    rate the return gives, else unknown."""
    if staff_in_post is not None and vacancies is not None and staff_in_post + vacancies > 0:
        return Rate(_percent(vacancies, staff_in_post + vacancies), WORKED_OUT)
    if given is not None:
        return Rate(given, AS_GIVEN)
    return Rate(None, UNKNOWN)


def turnover_rate(
    leavers: Decimal | None, staff_in_post: Decimal | None, given: Decimal | None
) -> Rate:
    """From the counts where both are given (and someone is in post), else the rate the
    return gives, else unknown."""
    if leavers is not None and staff_in_post is not None and staff_in_post > 0:
        return Rate(_percent(leavers, staff_in_post), WORKED_OUT)
    if given is not None:
        return Rate(given, AS_GIVEN)
    return Rate(None, UNKNOWN)


@dataclass(frozen=True)
class Counts:
    """One row's counts and given rates, as the aggregate reads them."""

    staff_in_post: Decimal | None
    vacancies: Decimal | None
    leavers: Decimal | None
    vacancy_rate: Decimal | None = None
    turnover_rate: Decimal | None = None


@dataclass(frozen=True)
class Aggregate:
    vacancy_rate: Rate
    turnover_rate: Rate
    staff_in_post: Decimal  # of the rows counted for the vacancy rate
    vacancies: Decimal
    leavers: Decimal
    vacancy_rows: int  # rows whose counts are in the vacancy rate
    turnover_rows: int
    rate_only: int  # rows left out: a rate given without its counts


def aggregate(rows: Iterable[Counts]) -> Aggregate:
    """The rates of many rows from their summed counts. A row counts for the vacancy rate
    if it gives staff in post and vacancies, for turnover if it gives leavers and staff in
    post; a row giving a rate but not the counts for it is left out and counted in
    `rate_only`."""
    staff = vacancies = Decimal(0)
    turnover_staff = leavers = Decimal(0)
    vacancy_rows = turnover_rows = rate_only = 0
    for row in rows:
        left_out = False
        if row.staff_in_post is not None and row.vacancies is not None:
            staff += row.staff_in_post
            vacancies += row.vacancies
            vacancy_rows += 1
        elif row.vacancy_rate is not None:
            left_out = True
        if row.leavers is not None and row.staff_in_post is not None:
            turnover_staff += row.staff_in_post
            leavers += row.leavers
            turnover_rows += 1
        elif row.turnover_rate is not None:
            left_out = True
        rate_only += left_out
    vacancy = vacancy_rate(staff, vacancies, None) if vacancy_rows else Rate(None, UNKNOWN)
    turnover = (
        turnover_rate(leavers, turnover_staff, None) if turnover_rows else Rate(None, UNKNOWN)
    )
    return Aggregate(
        vacancy, turnover, staff, vacancies, leavers, vacancy_rows, turnover_rows, rate_only
    )


# ---------------------------------------------------------------------- age bands

AGE_COLUMN = re.compile(r"^aged_(?:(under)_(\d+)|(\d+)_and_over|(\d+)_to_(\d+))$")


def age_band(column: str) -> tuple[int | None, int | None]:
    """The band a column names: `aged_under_25` is (None, 24), `aged_25_to_34` is
    (25, 34), `aged_60_and_over` is (60, None). Raises ValueError for anything else."""
    found = AGE_COLUMN.match(column)
    if not found:
        raise ValueError(
            f"'{column}' is not an age column: write aged_under_25, aged_25_to_34 or "
            "aged_60_and_over"
        )
    _, under, over, low, high = found.groups()
    if under is not None:
        if int(under) < 1:
            raise ValueError(f"'{column}' names no ages")
        return None, int(under) - 1
    if over is not None:
        return int(over), None
    if int(low) > int(high):
        raise ValueError(f"'{column}' runs from an older age to a younger one")
    return int(low), int(high)


def age_column(from_age: int | None, to_age: int | None) -> str:
    """The column that names a band: the inverse of `age_band`."""
    if from_age is None and to_age is not None:
        return f"aged_under_{to_age + 1}"
    if to_age is None:
        return f"aged_{from_age or 0}_and_over"
    return f"aged_{from_age}_to_{to_age}"


def age_label(from_age: int | None, to_age: int | None) -> str:
    if from_age is None and to_age is not None:
        return f"under {to_age + 1}"
    if to_age is None:
        return f"{from_age or 0} and over"
    return f"{from_age} to {to_age}"


def bands_overlap(bands: Iterable[tuple[int | None, int | None]]) -> bool:
    """Whether two bands share an age (a return must not count a person twice)."""
    spans = sorted(((low or 0), (10**3 if high is None else high)) for low, high in bands)
    return any(b[0] <= a[1] for a, b in itertools.pairwise(spans))
