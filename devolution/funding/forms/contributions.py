"""The secretariat's form for a partner's contribution in a year (SPEC §10, seed 003)."""

import re
from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, searchable

FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def financial_year_ok(text: str) -> bool:
    """A financial year as 2017-18: a year and the next one's last two digits."""
    found = FINANCIAL_YEAR.match(text)
    return bool(found) and (int(found.group(1)) + 1) % 100 == int(found.group(2))  # type: ignore[union-attr]


class ContributionForm(CheckedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    partner = forms.CharField(
        label="Partner",
        help_text="As the partnership names it, for example “London Councils / London Local "
        "Authorities”.",
        max_length=200,
        error_messages={"required": "Name the partner contributing."},
    )
    organisations = searchable(
        forms.TypedMultipleChoiceField(
            label="Organisations it stands for",
            required=False,
            coerce=int,
        )
    )
    amount = forms.IntegerField(
        label="Cash contribution in pounds",
        help_text="Whole pounds, without commas or a £ sign: for example 300000 for £300k. "
        "Leave it empty where the cash is not known.",
        required=False,
        min_value=0,
        max_value=10**12,
        error_messages={
            "invalid": "Enter the cash in whole pounds, for example 300000.",
            "min_value": "A contribution cannot be below nought.",
            "max_value": "Enter an amount below £1 trillion.",
        },
    )
    in_kind = forms.CharField(
        label="Given in kind",
        help_text="What the partner gives other than cash, for example staff time.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisations"]
        field.choices = organisations

    def data_for_service(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data.get(name)
            for name in ("partner", "organisations", "amount", "in_kind", "notes")
        }
