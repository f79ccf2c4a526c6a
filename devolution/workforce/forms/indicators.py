"""The workforce indicators' forms: the list's and board's filters, and the import."""

import datetime as dt
from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, choices_given, searchable


class IndicatorFilter(CheckedForm):
    organisation = searchable(forms.ChoiceField(label="Organisation", required=False))
    stp = forms.ChoiceField(label="STP", required=False)
    staff_group = forms.ChoiceField(label="Staff group", required=False)
    period = forms.ChoiceField(label="Period ending", required=False)

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[str, str]],
        stps: list[tuple[str, str]],
        groups: list[str],
        periods: list[dt.date],
        board: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["organisation"], "All organisations", organisations)
        choices_given(self.fields["stp"], "All STPs", stps)
        # The board adds up one staff group's counts: blank is the rows for all staff.
        choices_given(
            self.fields["staff_group"],
            "All staff" if board else "All staff groups",
            [(g, g) for g in groups],
        )
        if board:  # the board shows every period
            del self.fields["period"]
            return
        choices_given(
            self.fields["period"],
            "All periods",
            [(d.isoformat(), f"{d.day} {d:%B %Y}") for d in periods],
        )

    def clean_period(self) -> dt.date | None:
        value = self.cleaned_data.get("period")
        return dt.date.fromisoformat(value) if value else None


class ImportForm(CheckedForm):
    file = forms.FileField(
        label="The indicators as a CSV or Excel (.xlsx) file",
        error_messages={"required": "Choose a CSV or Excel file to import."},
    )
