"""The commitments pages' forms: the list's filter, a progress update, a milestone done."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from devolution.core.fields import CheckedForm, DayMonthYearField, blank_choice, date_refused
from devolution.governance.models import Board
from devolution.partners.models import Organisation, Partnership

from .models import Commitment, Theme
from .selectors import in_partnership

TEXT_LIMIT = 5000


class CommitmentFilter(CheckedForm):
    """Filters by key, the same keys the API takes, over the commitments of the
    partnership in view; another partnership that has commitments can be chosen."""

    partnership = forms.ChoiceField(label="Partnership", required=False)
    theme = forms.ChoiceField(label="Theme", required=False)
    owner = forms.ChoiceField(label="Owner", required=False)
    board = forms.ChoiceField(label="Accountable board", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=blank_choice("All statuses", Commitment.Status.choices),
    )

    def __init__(
        self,
        *args: Any,
        partnership: Partnership | None = None,
        partnerships: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choosing: Any = self.fields["partnership"]
        offered = list(partnerships or [])  # the one in view among them
        if partnership is None:
            offered = [("", "All partnerships"), *offered]
        if len(offered) > 1:
            choosing.choices = offered
        else:
            del self.fields["partnership"]  # nothing else to choose
        theme: Any = self.fields["theme"]
        theme.choices = blank_choice(
            "All themes",
            [
                (t.key, f"{t.name} (under {t.parent.name})" if t.parent else t.name)
                for t in Theme.objects.select_related("parent").order_by("order")
            ],
        )
        owner: Any = self.fields["owner"]
        # Only organisations and boards that own or answer for one of the partnership's
        # commitments: a filter that offers every partner would grow with the country,
        # not with the register.
        held = in_partnership(Commitment.objects.all(), partnership)
        owners = Organisation.objects.filter(
            Q(pk__in=held.values("lead_owner"))
            | Q(
                pk__in=Commitment.supporting.through.objects.filter(
                    commitment__in=held.values("pk")
                ).values("organisation")
            )
        )
        owner.choices = blank_choice(
            "All owners", list(owners.order_by("name").values_list("key", "name"))
        )
        board: Any = self.fields["board"]
        boards = Board.objects.filter(pk__in=held.values("board"))
        board.choices = blank_choice(
            "All boards", list(boards.order_by("name").values_list("key", "name"))
        )


class ProgressUpdateForm(CheckedForm):
    """Seed 000's three columns, with the date of the update and, if it changes, the
    commitment's status and rating."""

    date = DayMonthYearField(
        what="the date of the update",
        label="Date of the update",
        required=False,
        help_text="The date the progress is reported as at, for example 24 5 2017",
    )
    progress_to_date = forms.CharField(
        label="Progress to date",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Say what progress has been made to date",
            "max_length": f"Progress to date must be {TEXT_LIMIT} characters or fewer",
        },
    )
    next_steps = forms.CharField(
        label="Available next steps",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={
            "max_length": f"Available next steps must be {TEXT_LIMIT} characters or fewer"
        },
    )
    challenges = forms.CharField(
        label="Challenges facing further implementation",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={"max_length": f"Challenges must be {TEXT_LIMIT} characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Status (optional)",
        required=False,
        choices=blank_choice("No change", Commitment.Status.choices),
        error_messages={"invalid_choice": "Choose one of the statuses listed"},
    )
    rag = forms.ChoiceField(
        label="Rating (optional)",
        required=False,
        choices=blank_choice("No change", Commitment.Rag.choices),
        error_messages={"invalid_choice": "Choose red, amber or green"},
    )
    # The commitment's version the rating was chosen from: a rating made meanwhile by
    # someone else is not overwritten (QUALITY R2).
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        error_messages={"invalid": "The form is out of date: reload the page and try again."},
    )

    def clean_date(self) -> dt.date:
        date: dt.date | None = self.cleaned_data.get("date")
        today = timezone.localdate()
        if date is None:
            return today
        if date > today:
            raise date_refused(self, "date", "The date of the update must be today or in the past")
        return date


class MilestoneCompleteForm(CheckedForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "The form is out of date: reload the page and try again.",
            "invalid": "The form is out of date: reload the page and try again.",
        },
    )
