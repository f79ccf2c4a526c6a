"""The forms of capital's pages: moving a case, bringing it to a meeting, completing a
disposal and reinvesting its receipt. The services check every rule; these only read
what was typed."""

from typing import Any

from django import forms

from devolution.core.fields import (
    CheckedForm,
    DayMonthYearField,
    blank_choice,
    choices_given,
    searchable,
)

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


FUNDING_ROWS = 4


class CaseForm(CheckedForm):
    """A new case in draft: who sponsors it, its value and stage, its sites, and where its
    money comes from in each year (up to four lines)."""

    partnership = forms.ChoiceField(label="Partnership")
    ref = forms.SlugField(
        label="Reference",
        max_length=60,
        help_text="Lower-case letters, digits and hyphens, for example hackney-hub",
    )
    title = forms.CharField(label="Title", max_length=300)
    sponsor = searchable(forms.ChoiceField(label="Sponsoring organisation"))
    value = forms.IntegerField(label="Value, in whole pounds", min_value=1, max_value=MAX_POUNDS)
    stage = forms.ChoiceField(label="Stage")
    benefits = forms.CharField(label="Benefits", required=False, widget=forms.Textarea)
    sites = searchable(forms.MultipleChoiceField(label="Sites", required=False))

    def __init__(
        self,
        *args: Any,
        partnerships: list[tuple[str, str]],
        sponsors: list[tuple[str, str]],
        sites: list[tuple[str, str]],
        stages: list[tuple[str, str]],
        kinds: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["partnership"], "Choose a partnership", partnerships)
        choices_given(self.fields["sponsor"], "Choose the sponsor", sponsors)
        choices_given(self.fields["stage"], "Choose the stage", stages)
        site_field: Any = self.fields["sites"]
        site_field.choices = sites
        for n in range(1, FUNDING_ROWS + 1):
            self.fields[f"funding_{n}_kind"] = forms.ChoiceField(
                label=f"Money {n}: source", required=False
            )
            choices_given(self.fields[f"funding_{n}_kind"], "Choose a source", kinds)
            self.fields[f"funding_{n}_year"] = forms.CharField(
                label=f"Money {n}: financial year",
                required=False,
                max_length=7,
                help_text="For example 2019-20",
            )
            self.fields[f"funding_{n}_amount"] = forms.IntegerField(
                label=f"Money {n}: amount, in whole pounds",
                required=False,
                min_value=1,
                max_value=MAX_POUNDS,
            )

    def funding_lines(self) -> list[tuple[str, str, int]]:
        """The lines given (kind, year, amount); a line left wholly blank is none."""
        lines = []
        for n in range(1, FUNDING_ROWS + 1):
            kind = self.cleaned_data.get(f"funding_{n}_kind") or ""
            year = (self.cleaned_data.get(f"funding_{n}_year") or "").strip()
            amount = self.cleaned_data.get(f"funding_{n}_amount")
            if kind or year or amount:
                lines.append((kind, year, amount or 0))
        return lines


class DisposalForm(CheckedForm):
    site = searchable(forms.ChoiceField(label="Surplus site"))
    ref = forms.SlugField(
        label="Reference",
        max_length=80,
        help_text="Lower-case letters, digits and hyphens, for example sale-old-clinic",
    )
    declared_surplus = DayMonthYearField(
        what="the day the site was declared surplus", label="Declared surplus on"
    )
    marketed = DayMonthYearField(
        what="the day the site was put on the market", label="Marketed on", required=False
    )
    receiving_party = forms.CharField(label="Buyer", required=False, max_length=200)
    price = forms.IntegerField(
        label="Price, in pounds", required=False, min_value=0, max_value=MAX_POUNDS
    )

    def __init__(self, *args: Any, sites: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["site"], "Choose a site", sites)
