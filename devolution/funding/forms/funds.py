"""The secretariat's form for a category's amount in a year (SPEC §10)."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, choices_given, searchable

ENTERED = ""


class CategoryYearAmountForm(CheckedForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    amount = forms.IntegerField(
        label="Amount in pounds",
        help_text="Whole pounds, without commas or a £ sign: for example 12000000 for £12 million.",
        min_value=0,
        max_value=10**13,
        error_messages={
            "required": "Enter the amount in whole pounds.",
            "invalid": "Enter the amount in whole pounds, for example 12000000.",
            "min_value": "An amount cannot be below nought.",
            "max_value": "Enter an amount below £10 trillion.",
        },
    )
    amount_note = forms.CharField(
        label="How the source gives it",
        help_text="For example “£12 million”.",
        required=False,
        max_length=300,
    )
    source = searchable(
        forms.ChoiceField(
            label="Where the amount comes from",
            help_text="A board paper, register or publication, or leave it as entered by "
            "partnership staff.",
            required=False,
        )
    )
    quote = forms.CharField(
        label="The source's words that give the amount",
        help_text="Needed when the amount comes from a paper, register or publication.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, sources: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["source"], "Entered by partnership staff", sources)

    def source_id(self) -> int | None:
        chosen = self.cleaned_data.get("source") or ENTERED
        return int(chosen) if chosen else None
