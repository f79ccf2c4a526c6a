"""The commitments pages' forms: the list's filter, a progress update, a milestone done."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from devolution.core.fields import (
    CheckedForm,
    DayMonthYearField,
    blank_choice,
    date_refused,
    searchable,
)
from devolution.partners.models import Partnership

from .lists import FilterChoices
from .models import Commitment

TEXT_LIMIT = 5000


class CommitmentFilter(CheckedForm):
    """Filters by key, the same keys the API takes, over the commitments of the
    partnership in view; another partnership that has commitments can be chosen. What
    each offers is lists.filter_choices'."""

    partnership = searchable(forms.ChoiceField(label="Partnership", required=False))
    theme = forms.ChoiceField(label="Theme", required=False)
    owner = searchable(forms.ChoiceField(label="Owner", required=False))
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
        choices: FilterChoices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choosing: Any = self.fields["partnership"]
        offered = list(choices.partnerships)  # the one in view among them
        if partnership is None:
            offered = [("", "All partnerships"), *offered]
        if len(offered) > 1:
            choosing.choices = offered
        else:
            del self.fields["partnership"]  # nothing else to choose
        theme: Any = self.fields["theme"]
        theme.choices = blank_choice("All themes", choices.themes)
        owner: Any = self.fields["owner"]
        owner.choices = blank_choice("All owners", choices.owners)
        board: Any = self.fields["board"]
        board.choices = blank_choice("All boards", choices.boards)


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
