"""When a return is due (SPEC §14): a small model of due dates, chosen so a register can
say it in a few cells and a reader can check it by hand (ADR 22,
docs/adr/0022-regulation-due-dates-and-duplicates.md).

A return is asked for each period (a calendar month; a quarter or a year of the NHS
financial year, which runs from 1 April to 31 March), or on listed dates. Its due dates
follow one of three rules:

- after_period: day `due_day` of the month `months_after` months after the month its
  period ends (a monthly return for April due on the 15th of the month after is due on
  15 May). A day the month does not have is the month's last day (31 is always the last
  day; 29, 30 or 31 in February is 28 or 29 February).
- annual_date: the same day of the same month each year (29 February is 28 February in a
  year that has none); its period is the financial year ending before it.
- listed_dates: the dates given, each its own period.

Working days are not modelled ("15 working days after month end"): a register says the
calendar day it is usually due instead, and notes the working-day rule.
"""

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

MONTHLY, QUARTERLY, ANNUAL, LISTED = "monthly", "quarterly", "annual", "listed"
AFTER_PERIOD, ANNUAL_DATE, LISTED_DATES = "after_period", "annual_date", "listed_dates"
FREQUENCIES = (MONTHLY, QUARTERLY, ANNUAL, LISTED)
RULES = (AFTER_PERIOD, ANNUAL_DATE, LISTED_DATES)
# The months in each period: a quarter and a year of the financial year end in these.
PERIOD_MONTHS = {MONTHLY: 1, QUARTERLY: 3, ANNUAL: 12}
FINANCIAL_YEAR_END_MONTH = 3
QUARTER_NAMES = {6: "Q1", 9: "Q2", 12: "Q3", 3: "Q4"}


@dataclass(frozen=True)
class DueRuleFact:
    frequency: str
    rule: str
    due_day: int | None = None
    months_after: int | None = None
    due_month: int | None = None
    due_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Due:
    """One time a return is due: the day, and the period it reports on in words."""

    due: dt.date
    period: str
    period_end: dt.date | None


def rule_problems(fact: DueRuleFact) -> list[tuple[str, str]]:
    """What is wrong with a due-date rule, each as (field, message); none when it holds."""
    problems: list[tuple[str, str]] = []
    if fact.frequency not in FREQUENCIES:
        problems.append(("frequency", f"must be one of {', '.join(FREQUENCIES)}"))
    if fact.rule not in RULES:
        problems.append(("due_rule", f"must be one of {', '.join(RULES)}"))
        return problems
    if fact.rule == AFTER_PERIOD:
        if fact.frequency not in PERIOD_MONTHS:
            problems.append(
                (
                    "frequency",
                    "a due day after each period needs monthly, quarterly or annual periods",
                )
            )
        if fact.due_day is None or not 1 <= fact.due_day <= 31:
            problems.append(("due_day", "give the day of the month it is due, 1 to 31"))
        if fact.months_after is None or not 0 <= fact.months_after <= 12:
            problems.append(("months_after", "give the months after the period ends, 0 to 12"))
    elif fact.rule == ANNUAL_DATE:
        if fact.frequency != ANNUAL:
            problems.append(("frequency", "the same date each year is an annual return"))
        if fact.due_month is None or not 1 <= fact.due_month <= 12:
            problems.append(("due_month", "give the month it is due, 1 to 12"))
        if fact.due_day is None or not 1 <= fact.due_day <= 31:
            problems.append(("due_day", "give the day of the month it is due, 1 to 31"))
        elif (
            fact.due_month is not None
            and 1 <= fact.due_month <= 12
            # 2000 is a leap year: 29 February is a day February has (in some years).
            and fact.due_day > _days_in(2000, fact.due_month)
        ):
            problems.append(("due_day", "that month does not have that day"))
    else:
        if fact.frequency != LISTED:
            problems.append(("frequency", "listed dates need the frequency 'listed'"))
        if not fact.due_dates:
            problems.append(("due_dates", "give at least one date"))
    return problems


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def day_in_month(year: int, month: int, day: int) -> dt.date:
    """The day of the month, or the month's last day where it has not that day."""
    return dt.date(year, month, min(day, _days_in(year, month)))


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _period_ends(frequency: str, start: dt.date, end: dt.date) -> Iterator[tuple[int, int]]:
    """The (year, month) each period ends in, from `start`'s month to `end`'s."""
    step = PERIOD_MONTHS[frequency]
    year, month = start.year, start.month
    while (month - FINANCIAL_YEAR_END_MONTH) % step:
        year, month = add_months(year, month, 1)
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = add_months(year, month, step)


def period_words(frequency: str, year: int, month: int) -> str:
    """The period ending in this month, as a reader names it: April 2018, 2018/19 Q1,
    2017/18."""
    if frequency == MONTHLY:
        return f"{calendar.month_name[month]} {year}"
    first = year if month > FINANCIAL_YEAR_END_MONTH else year - 1
    financial_year = f"{first}/{(first + 1) % 100:02d}"
    if frequency == QUARTERLY:
        return f"{financial_year} {QUARTER_NAMES[month]}"
    return financial_year


def due_between(fact: DueRuleFact, start: dt.date, end: dt.date) -> list[Due]:
    """Every time the return is due from `start` to `end`, both included, in date order."""
    if start > end:
        return []
    found: list[Due] = []
    if fact.rule == LISTED_DATES:
        found = [
            Due(d, f"{d.day} {calendar.month_name[d.month]} {d.year}", None)
            for d in fact.due_dates
            if start <= d <= end
        ]
    elif fact.rule == ANNUAL_DATE:
        assert fact.due_month is not None and fact.due_day is not None
        for year in range(start.year, end.year + 1):
            due = day_in_month(year, fact.due_month, fact.due_day)
            if start <= due <= end:
                period_end_year = year if fact.due_month > FINANCIAL_YEAR_END_MONTH else year - 1
                found.append(
                    Due(
                        due,
                        period_words(ANNUAL, period_end_year, FINANCIAL_YEAR_END_MONTH),
                        dt.date(period_end_year, FINANCIAL_YEAR_END_MONTH, 31),
                    )
                )
    else:
        assert fact.due_day is not None and fact.months_after is not None
        # A period ending up to `months_after` months before `start` may fall due in range.
        first = dt.date(*add_months(start.year, start.month, -fact.months_after), 1)
        for year, month in _period_ends(fact.frequency, first, end):
            due_year, due_month = add_months(year, month, fact.months_after)
            due = day_in_month(due_year, due_month, fact.due_day)
            if start <= due <= end:
                found.append(
                    Due(
                        due,
                        period_words(fact.frequency, year, month),
                        day_in_month(year, month, 31),
                    )
                )
    return sorted(found, key=lambda d: d.due)


def rule_words(fact: DueRuleFact) -> str:
    """The rule in words, for the register's pages."""
    if fact.rule == LISTED_DATES:
        dates = ", ".join(
            f"{d.day} {calendar.month_name[d.month]} {d.year}" for d in fact.due_dates
        )
        return f"Due on {dates}" if dates else "No dates given"
    if fact.rule == ANNUAL_DATE and fact.due_month and fact.due_day:
        return f"Due each year on {fact.due_day} {calendar.month_name[fact.due_month]}"
    period = {MONTHLY: "month", QUARTERLY: "quarter", ANNUAL: "financial year"}.get(
        fact.frequency, "period"
    )
    day = "the last day" if fact.due_day == 31 else f"day {fact.due_day}"
    if fact.months_after == 0:
        return f"Due on {day} of the {period}'s last month"
    months = "month" if fact.months_after == 1 else f"{fact.months_after} months"
    after = "the month after" if fact.months_after == 1 else f"{months} after"
    return f"Due on {day} of {after} the {period} ends"
