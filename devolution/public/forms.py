"""The decisions register's filter (page, downloads and API alike): by board, date, kind
and binding or recommendation."""

import datetime as dt
from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, blank_choice
from devolution.governance.models import Board
from devolution.partners.models import Partnership

from .rules.kinds import KINDS

BINDINGS = {"binding": "Binding", "recommendation": "Recommendation", "unknown": "Not known"}


def board_choices(partnership: Partnership | None = None) -> list[tuple[str, str]]:
    """The boards to choose from: those of `partnership` (every board for None)."""
    boards = Board.objects.all()
    if partnership is not None:
        boards = boards.filter(partnership=partnership)
    return list(boards.order_by("name").values_list("key", "name"))


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        help_text="Year-month-day, for example 2018-01-31",
        error_messages={"invalid": f"Enter the {label.lower()} as a date like 2018-01-31"},
    )


class DecisionFilter(CheckedForm):
    board = forms.ChoiceField(
        label="Board",
        required=False,
        error_messages={"invalid_choice": "Choose one of the boards listed"},
    )
    kind = forms.ChoiceField(
        label="Kind of decision",
        required=False,
        choices=blank_choice("All kinds", KINDS.items()),
        error_messages={"invalid_choice": "Choose one of the kinds listed"},
    )
    binding = forms.ChoiceField(
        label="Binding or recommendation",
        required=False,
        choices=blank_choice("Either", BINDINGS.items()),
        error_messages={"invalid_choice": "Choose binding, recommendation or not known"},
    )

    def __init__(self, *args: Any, partnership: Partnership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        board: Any = self.fields["board"]
        board.choices = blank_choice("All boards", board_choices(partnership))
        self.fields["from"] = _date("From")
        self.fields["to"] = _date("To")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("to", "The date to must be the same as or after the date from")
        return data

    def filters(self) -> dict[str, Any]:
        """The selectors' filters, from a valid form."""
        data = self.cleaned_data
        return {
            "board": data.get("board") or "",
            "start": data.get("from"),
            "end": data.get("to"),
            "kind": data.get("kind") or "",
            "binding": data.get("binding") or "",
        }


def board_exists(key: str) -> bool:
    return Board.objects.filter(key=key).exists()
