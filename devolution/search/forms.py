"""The search form: the words, and filters by kind, board and date."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm

from . import selectors

MAX_WORDS = 200
DATE_HELP = "Year-month-day, for example 2018-05-24"


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text=DATE_HELP,
        error_messages={"invalid": f"{label} must be a real date, written as 2018-05-24"},
    )


class SearchForm(CheckedForm):
    q = forms.CharField(
        label="Search for",
        required=False,
        max_length=MAX_WORDS,
        error_messages={"max_length": f"Search for {MAX_WORDS} characters or fewer"},
    )
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Everything"), *selectors.KINDS],
        error_messages={"invalid_choice": "Choose one of the kinds listed"},
    )
    board = forms.ChoiceField(
        label="Board",
        required=False,
        error_messages={"invalid_choice": "Choose one of the boards listed"},
    )
    since = _date("From")
    until = _date("To")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        board: Any = self.fields["board"]
        asked = (self.data.get("board") or "") if self.is_bound else ""
        board.choices = [("", "All boards"), *selectors.board_choices(asked)]

    def clean_board(self) -> Any:
        key = self.cleaned_data.get("board") or ""
        if not key:
            return None
        board = selectors.board_with_key(key)
        if board is None:
            raise forms.ValidationError(f"No board has the key {key!r}")
        return board

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "To must be the same as or after From")
        return data
