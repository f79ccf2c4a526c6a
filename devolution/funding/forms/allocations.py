"""The forms of the allocation pages: a bid brought to a meeting, spend to date and a
reading of an outcome measure."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, DayMonthYearField, blank_choice

NOTE_LIMIT = 4000


class BringToMeetingForm(CheckedForm):
    meeting = forms.ChoiceField(
        label="Meeting",
        help_text="A meeting of the fund's board that has not been held yet",
        error_messages={
            "required": "Choose the meeting to bring the bid to",
            "invalid_choice": "Choose one of the board's meetings still to be held",
        },
    )

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = blank_choice("Choose a meeting", meetings)


class SpendForm(CheckedForm):
    reported_on = DayMonthYearField(
        what="the date the spend is reported as at",
        label="Spent as at",
        required=False,
        help_text="The day the amount below is spent to, for example 31 3 2019",
    )
    spent_to_date = forms.IntegerField(
        label="Spent to date, in pounds",
        min_value=0,
        max_value=10**15,
        help_text="In whole pounds: everything spent from this allocation so far",
        error_messages={
            "required": "Enter the amount spent to date, in pounds",
            "invalid": "Enter the amount spent in whole pounds, like 125000",
            "min_value": "The amount spent cannot be negative",
            "max_value": "Enter the amount spent in whole pounds, like 125000",
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )


class ReadingForm(CheckedForm):
    reported_on = DayMonthYearField(
        what="the date of the reading",
        label="Date of the reading",
        required=False,
        help_text="For example 31 3 2019",
    )
    value = forms.DecimalField(
        label="Reading",
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the reading",
            "invalid": "Enter the reading as a number, like 1050",
            "max_digits": "Enter a reading of 12 digits or fewer",
            "max_decimal_places": "Enter a reading with at most 2 decimal places",
            "max_whole_digits": "Enter a reading of 12 digits or fewer",
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_LIMIT,
        error_messages={"max_length": f"The note must be {NOTE_LIMIT} characters or fewer"},
    )
