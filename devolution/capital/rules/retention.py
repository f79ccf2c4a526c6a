"""Whether a surplus site's capital receipt may be retained locally (seed 000).

Seed 000 (24 May 2017): 'DH has responded to the Naylor review by asking local
organisations to release surplus assets at speed, with the "reward" of capital retention
from surplus assets sold within 2 years.' The window's length and the day it runs from
are dated data (capital's RetentionWindow, loaded from capital/data/london.yaml).

A site counts as sold on the day its sale completes. The window's last day is the day
before the same date `months` later (declared surplus on 1 March 2018, two years: the
last day is 29 February 2020); a month without that day gives its last day instead.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

SOURCE = (
    'London devolution progress paper (24 May 2017), capital retention: \'the "reward" of '
    "capital retention from surplus assets sold within 2 years'"
)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_last_day(start: dt.date, months: int) -> dt.date:
    return months_after(start, months) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Retention:
    known: bool  # False when the window does not apply (no rule, or no start date)
    retained: bool | None  # None until the sale completes
    closes: dt.date | None  # the window's last day
    text: str


def retention(
    *,
    start: dt.date | None,
    start_words: str,
    months: int | None,
    completed: dt.date | None,
    closes_text: str,
) -> Retention:
    """`closes_text` is the caller's words for the closing date (e.g. "29 February 2020")
    and may be given with any closes; it is used only in the sentence."""
    if months is None:
        return Retention(False, None, None, "No rule on retaining receipts applies to it.")
    if start is None:
        return Retention(
            False, None, None, f"The window runs from {start_words}, which is not recorded."
        )
    closes = window_last_day(start, months)
    if completed is None:
        return Retention(
            True,
            None,
            closes,
            f"The receipt may be retained locally if the sale completes by {closes_text}.",
        )
    if completed <= closes:
        return Retention(
            True,
            True,
            closes,
            f"Sold within {months} months of {start_words}: the receipt may be retained "
            f"locally (the window closed on {closes_text}).",
        )
    return Retention(
        True,
        False,
        closes,
        f"Sold after the window closed on {closes_text}: the receipt is not retained "
        "locally under the rule.",
    )
