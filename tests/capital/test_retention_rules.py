"""The two-year window for retaining a surplus asset's capital receipt (seed 000) at its
edges: completed the day before the window's last day, on it, and the day after."""

import datetime as dt

import pytest

from devolution.capital.rules.retention import months_after, retention, window_last_day

DECLARED = dt.date(2018, 3, 1)
LAST = dt.date(2020, 2, 29)  # two years from 1 March 2018, a leap year's February


def test_the_window_closes_the_day_before_the_same_date_two_years_on():
    assert window_last_day(DECLARED, 24) == LAST
    assert window_last_day(dt.date(2017, 6, 15), 24) == dt.date(2019, 6, 14)
    assert months_after(dt.date(2018, 1, 31), 1) == dt.date(2018, 2, 28)


def _sold(on: dt.date | None):
    return retention(
        start=DECLARED,
        start_words="the day the site is declared surplus",
        months=24,
        completed=on,
        closes_text="29 February 2020",
    )


@pytest.mark.parametrize(
    ("completed", "retained"),
    [
        (LAST - dt.timedelta(days=1), True),
        (LAST, True),
        (LAST + dt.timedelta(days=1), False),
    ],
)
def test_the_window_at_its_edges(completed, retained):
    found = _sold(completed)
    assert found.retained is retained
    assert found.closes == LAST
    assert "29 February 2020" in found.text
    assert ("may be retained locally" in found.text) is retained


def test_before_the_sale_completes_it_says_until_when():
    found = _sold(None)
    assert found.retained is None
    assert found.text == (
        "The receipt may be retained locally if the sale completes by 29 February 2020."
    )


def test_no_rule_or_no_start_date_is_said_plainly():
    assert not retention(
        start=None, start_words="", months=None, completed=None, closes_text=""
    ).known
    missing = retention(
        start=None, start_words="the day it is marketed", months=24, completed=None, closes_text=""
    )
    assert "which is not recorded" in missing.text
