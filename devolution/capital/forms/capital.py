"""The forms of capital's pages: moving a case, bringing it to a meeting, completing a
disposal and reinvesting its receipt. The services check every rule; these only read
what was typed."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, DayMonthYearField, blank_choice

MAX_POUNDS = 10**13


class MoveForm(CheckedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label="Note", required=False, max_length=2000, widget=forms.Textarea)


class AgendaForm(CheckedForm):
    meeting = forms.ChoiceField(
        label="Meeting",
        help_text="A meeting of the board, still to be held",
        error_messages={
            "required": "Choose the meeting to bring the case to",
            "invalid_choice": "Choose one of the board's meetings still to be held",
        },
    )

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = blank_choice("Choose a meeting", meetings)


class CompleteForm(CheckedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    completed = DayMonthYearField(
        what="the day the sale completed",
        label="Completed on",
        help_text="For example 29 2 2020",
    )
    receipt = forms.IntegerField(
        label="Capital receipt, in pounds",
        help_text="What the seller keeps from the sale, in whole pounds",
        min_value=0,
        max_value=MAX_POUNDS,
        error_messages={"required": "Enter the capital receipt"},
    )
    price = forms.IntegerField(
        label="Price, in pounds", required=False, min_value=0, max_value=MAX_POUNDS
    )
    receiving_party = forms.CharField(label="Sold to", required=False, max_length=200)


class ReinvestForm(CheckedForm):
    amount = forms.IntegerField(
        label="Amount, in pounds",
        min_value=1,
        max_value=MAX_POUNDS,
        error_messages={"required": "Enter the amount reinvested"},
    )
    on = DayMonthYearField(what="the day it was reinvested", label="Reinvested on")
    case = forms.ChoiceField(label="Business case", required=False)
    scheme = forms.CharField(
        label="Or another scheme",
        required=False,
        max_length=300,
        help_text="Name the scheme when it is not a business case held here",
    )
    note = forms.CharField(label="Note", required=False, max_length=300)

    def __init__(self, *args: Any, cases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = blank_choice("Choose a case", cases)
