"""When a return is due (rules/due.py): at month ends, quarter ends and year ends, with
days a month has not, and the rule's refusals; no database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devolution.regulation.rules.due import (
    DueRuleFact,
    due_between,
    rule_problems,
    rule_words,
)

D = dt.date
MONTHLY_15 = DueRuleFact("monthly", "after_period", due_day=15, months_after=1)
MONTHLY_LAST = DueRuleFact("monthly", "after_period", due_day=31, months_after=1)
QUARTERLY_LAST = DueRuleFact("quarterly", "after_period", due_day=31, months_after=1)
ANNUAL_AFTER = DueRuleFact("annual", "after_period", due_day=31, months_after=2)
ANNUAL_30_JUNE = DueRuleFact("annual", "annual_date", due_day=30, due_month=6)
LEAP_DAY = DueRuleFact("annual", "annual_date", due_day=29, due_month=2)


def dues(fact, start, end):
    return [(d.due, d.period) for d in due_between(fact, start, end)]


@pytest.mark.parametrize(
    ("fact", "start", "end", "expected"),
    [
        # April's return is due on 15 May; a range ending on the 14th has none.
        (MONTHLY_15, D(2018, 5, 1), D(2018, 5, 31), [(D(2018, 5, 15), "April 2018")]),
        (MONTHLY_15, D(2018, 5, 1), D(2018, 5, 14), []),
        # December's return falls due in the next year.
        (MONTHLY_15, D(2019, 1, 1), D(2019, 1, 31), [(D(2019, 1, 15), "December 2018")]),
        # The last day of the month after: 28 February, 29 in a leap year, 30 April.
        (MONTHLY_LAST, D(2018, 2, 1), D(2018, 2, 28), [(D(2018, 2, 28), "January 2018")]),
        (MONTHLY_LAST, D(2020, 2, 1), D(2020, 2, 29), [(D(2020, 2, 29), "January 2020")]),
        (MONTHLY_LAST, D(2018, 4, 1), D(2018, 4, 30), [(D(2018, 4, 30), "March 2018")]),
        # Quarters of the financial year: Q4 (to 31 March) due 30 April; Q1 due 31 July.
        (
            QUARTERLY_LAST,
            D(2018, 4, 1),
            D(2019, 3, 31),
            [
                (D(2018, 4, 30), "2017/18 Q4"),
                (D(2018, 7, 31), "2018/19 Q1"),
                (D(2018, 10, 31), "2018/19 Q2"),
                (D(2019, 1, 31), "2018/19 Q3"),
            ],
        ),
        # The financial year ends 31 March; two months after is 31 May.
        (ANNUAL_AFTER, D(2018, 1, 1), D(2018, 12, 31), [(D(2018, 5, 31), "2017/18")]),
        # The same date each year: its period is the financial year just ended.
        (
            ANNUAL_30_JUNE,
            D(2018, 1, 1),
            D(2019, 12, 31),
            [(D(2018, 6, 30), "2017/18"), (D(2019, 6, 30), "2018/19")],
        ),
        (
            LEAP_DAY,
            D(2019, 1, 1),
            D(2020, 12, 31),
            [(D(2019, 2, 28), "2017/18"), (D(2020, 2, 29), "2018/19")],
        ),
        # Listed dates: only those in the range.
        (
            DueRuleFact("listed", "listed_dates", due_dates=(D(2018, 3, 1), D(2018, 9, 1))),
            D(2018, 4, 1),
            D(2018, 12, 31),
            [(D(2018, 9, 1), "1 September 2018")],
        ),
    ],
)
def test_due_dates_at_month_quarter_and_year_ends(fact, start, end, expected):
    assert dues(fact, start, end) == expected


def test_a_range_ending_before_it_starts_has_nothing_due():
    assert dues(MONTHLY_15, D(2018, 6, 1), D(2018, 5, 1)) == []


@pytest.mark.parametrize(
    ("fact", "field"),
    [
        (DueRuleFact("weekly", "after_period", 1, 1), "frequency"),
        (DueRuleFact("monthly", "sometime", 1, 1), "due_rule"),
        (DueRuleFact("monthly", "after_period", 0, 1), "due_day"),
        (DueRuleFact("monthly", "after_period", 32, 1), "due_day"),
        (DueRuleFact("monthly", "after_period", 15, None), "months_after"),
        (DueRuleFact("monthly", "after_period", 15, 13), "months_after"),
        (DueRuleFact("listed", "after_period", 15, 1), "frequency"),
        (DueRuleFact("monthly", "annual_date", 15, due_month=6), "frequency"),
        (DueRuleFact("annual", "annual_date", 30, due_month=2), "due_day"),
        (DueRuleFact("annual", "annual_date", 30, due_month=13), "due_month"),
        (DueRuleFact("listed", "listed_dates"), "due_dates"),
    ],
)
def test_a_rule_that_cannot_be_followed_is_refused_naming_its_field(fact, field):
    assert field in [f for f, _ in rule_problems(fact)]


@pytest.mark.parametrize(
    "fact", [MONTHLY_15, QUARTERLY_LAST, ANNUAL_AFTER, ANNUAL_30_JUNE, LEAP_DAY]
)
def test_a_rule_that_can_be_followed_has_no_problem(fact):
    assert rule_problems(fact) == []


def test_rules_in_words():
    assert rule_words(MONTHLY_15) == "Due on day 15 of the month after the month ends"
    assert rule_words(QUARTERLY_LAST) == "Due on the last day of the month after the quarter ends"
    assert rule_words(ANNUAL_30_JUNE) == "Due each year on 30 June"


@given(
    frequency=st.sampled_from(["monthly", "quarterly", "annual"]),
    day=st.integers(1, 31),
    after=st.integers(0, 12),
    start=st.dates(D(2000, 1, 1), D(2090, 1, 1)),
    days=st.integers(0, 1200),
)
def test_every_due_date_is_in_range_in_order_once_each_period(frequency, day, after, start, days):
    fact = DueRuleFact(frequency, "after_period", due_day=day, months_after=after)
    end = start + dt.timedelta(days=days)
    found = due_between(fact, start, end)
    assert all(start <= d.due <= end for d in found)
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert len({d.period for d in found}) == len(found)
    # Each due date is after its period ends (or in its last month, when 0 months after).
    assert all(d.period_end is not None and d.due >= d.period_end.replace(day=1) for d in found)
    # A year holds as many due dates as periods, give or take one at the range's ends.
    per_year = {"monthly": 12, "quarterly": 4, "annual": 1}[frequency]
    assert abs(len(found) - per_year * (days + 1) / 365.25) <= 2
