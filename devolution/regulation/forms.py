"""The regulation pages' forms: a calendar's dates, and the register's import."""

import datetime as dt
from typing import Any

from django import forms

from devolution.core.fields import CheckedForm

# The longest range a calendar covers: three years is more than any partnership plans its
# returns for, and keeps a calendar's answer quick.
MAX_DAYS = 3 * 366
DATE_HINT = "For example, 2018-04-01 (year, month, day)."


def default_range(today: dt.date) -> tuple[dt.date, dt.date]:
    """From today for a year."""
    try:
        end = today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        end = today.replace(year=today.year + 1, day=28)
    return today, end - dt.timedelta(days=1)


class CalendarRange(CheckedForm):
    start = forms.DateField(
        label="From",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter the date as year-month-day, like 2018-04-01."},
    )
    end = forms.DateField(
        label="To",
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=DATE_HINT,
        error_messages={"invalid": "Enter the date as year-month-day, like 2019-03-31."},
    )

    def __init__(self, data: Any = None, *, today: dt.date) -> None:
        # The address says ?from=&to= (as the API does); the fields are start and end.
        given = None
        if data:
            given = {"start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(given)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = default_range(self.today)
        start = cleaned.get("start") or first
        end = cleaned.get("end") or (default_range(start)[1] if cleaned.get("start") else last)
        if "start" in self.errors or "end" in self.errors:
            return cleaned
        if end < start:
            self.add_error("end", "The end must be on or after the start.")
        elif (end - start).days > MAX_DAYS:
            self.add_error("end", "A calendar covers at most three years: choose a nearer end.")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned

    def range(self) -> tuple[dt.date, dt.date]:
        """The dates asked for, or today's year when the form is refused or empty."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_range(self.today)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of each month from `start`'s to `end`'s: a calendar's months."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def month_end(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def chosen_month(given: str, months: list[dt.date]) -> dt.date:
    """The month `month=YYYY-MM` names among a calendar's months; ValueError, saying what
    is wrong, for a month badly written or outside the calendar's dates."""
    try:
        month = dt.datetime.strptime(given, "%Y-%m").date()
    except ValueError:
        raise ValueError("Give the month as year-month, like 2018-04.") from None
    if month not in months:
        raise ValueError("The month must be one of the calendar's dates.")
    return month


class ImportForm(CheckedForm):
    file = forms.FileField(
        label="The register as a CSV or Excel (.xlsx) file",
        error_messages={"required": "Choose a CSV or Excel file to import."},
    )
