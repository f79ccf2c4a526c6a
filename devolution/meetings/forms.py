"""The meetings pages' forms: the list's filter, attendance, a ruling on a flagged
conflict, a decision, an action and its marking done, a paper, the minutes, a meeting
to schedule and an agenda item.

Forms that repeat on the page, one for each item or flag, take a prefix naming theirs,
so each field's id and name is unique on the page."""

from typing import Any

from django import forms

from devolution.core.events import decision_kinds
from devolution.core.fields import CheckedForm, DayMonthYearField, blank_choice, searchable
from devolution.core.reports import date_text

from .models import AgendaItem, Attendance, Decision, Meeting, Ruling

TEXT_LIMIT = 8000
MINUTES_LIMIT = 100_000


def decision_kind_choices() -> list[tuple[str, str]]:
    """The kinds of decision the apps register (core.events; ADR 5), by label."""
    return sorted(((k.key, k.label) for k in decision_kinds()), key=lambda c: c[1])


class MeetingFilter(CheckedForm):
    """The meetings list's filter: one partnership's meetings (its key; empty for the
    deployment's default), by board and status. The partnership is a key typed, not a
    select of every partnership in England: a secretary's list opens on their own
    partnership, and the partnership's page links to its meetings with its key."""

    partnership = forms.CharField(
        label="Partnership (optional)",
        required=False,
        max_length=100,
        help_text="Its key, as in the address of its page. Leave it empty for the default",
        error_messages={"max_length": "A partnership's key is 100 characters or fewer"},
    )
    board = forms.ChoiceField(label="Board", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=blank_choice("All statuses", Meeting.Status.choices),
        error_messages={"invalid_choice": "Choose one of the statuses listed"},
    )

    def __init__(
        self, *args: Any, boards: list[Any], partnership_known: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership_known = partnership_known
        board: Any = self.fields["board"]
        board.choices = blank_choice("All boards", [(b.key, b.name) for b in boards])
        board.error_messages["invalid_choice"] = (
            "Choose one of the boards listed: those of the partnership shown"
        )

    def clean_partnership(self) -> str:
        key: str = self.cleaned_data["partnership"].strip()
        if key and not self.partnership_known:
            raise forms.ValidationError("No partnership has that key")
        return key


ROLL_CALL_KINDS = [
    (Attendance.Kind.PRESENT.value, "Present"),
    (Attendance.Kind.APOLOGIES.value, "Apologies"),
    (Attendance.Kind.DEPUTY.value, "Deputy attends"),
    (Attendance.Kind.ABSENT.value, "Absent"),
]
# Empty lines for others in attendance, below those already recorded.
GUEST_LINES = 3


class RollCallForm(CheckedForm):
    """The roll-call, one form for the whole board: for each seat (`seat-<id>`, with
    `seat-<id>-deputy` for a deputy's name) present, apologies, a deputy or absent; then
    lines for anyone else in attendance (`guest-<n>-name`, `guest-<n>-organisation`).
    What each line must say is the service's check, which names the line."""

    def __init__(
        self,
        *args: Any,
        seats: list[tuple[int, str]],
        guests: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.seats = seats
        for seat_id, label in seats:
            self.fields[f"seat-{seat_id}"] = forms.ChoiceField(
                label=label,
                required=False,
                choices=ROLL_CALL_KINDS,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": f"{label}: choose one of the answers"},
            )
            self.fields[f"seat-{seat_id}-deputy"] = forms.CharField(
                label=f"Deputy's name (if a deputy attends for {label})",
                required=False,
                max_length=200,
                error_messages={
                    "max_length": f"{label}: a deputy's name is 200 characters or fewer"
                },
            )
        self.guest_lines = guests + GUEST_LINES
        for n in range(1, self.guest_lines + 1):
            self.fields[f"guest-{n}-name"] = forms.CharField(
                label=f"Name (in attendance, line {n})",
                required=False,
                max_length=200,
                error_messages={"max_length": f"Line {n}: a name is 200 characters or fewer"},
            )
            self.fields[f"guest-{n}-organisation"] = forms.CharField(
                label=f"Organisation (in attendance, line {n}, optional)",
                required=False,
                max_length=300,
                error_messages={
                    "max_length": f"Line {n}: an organisation is 300 characters or fewer"
                },
            )

    def seat_lines(self) -> list[tuple[int, str, str]]:
        """(seat id, kind, deputy's name) of each seat, as sent."""
        data = self.cleaned_data
        return [
            (seat_id, data.get(f"seat-{seat_id}") or "", data.get(f"seat-{seat_id}-deputy") or "")
            for seat_id, _ in self.seats
        ]

    def guest_lines_sent(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"guest-{n}-name") or "", data.get(f"guest-{n}-organisation") or "")
            for n in range(1, self.guest_lines + 1)
        ]


class RulingForm(CheckedForm):
    outcome = forms.ChoiceField(
        label="Ruling",
        choices=Ruling.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the ruling: takes full part, discussion only, or withdraws",
            "invalid_choice": "Choose the ruling: takes full part, discussion only, or withdraws",
        },
    )
    reason = forms.CharField(
        label="Reason for the ruling",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={
            "required": "Give the reason for the ruling",
            "max_length": "The reason must be 4000 characters or fewer",
        },
    )


class DecisionForm(CheckedForm):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the outcome: agreed, not agreed or deferred",
            "invalid_choice": "Choose the outcome: agreed, not agreed or deferred",
        },
    )
    how = forms.ChoiceField(
        label="How it was reached",
        choices=Decision.How.choices,
        initial=Decision.How.CONSENSUS,
        help_text="Paragraph 6.1 of the Strategic Partnership Board paper of 22 March 2018: "
        "by consensus so far as possible, respecting each member's statutory accountabilities",
        error_messages={
            "required": "Say how the decision was reached",
            "invalid_choice": "Choose consensus or vote",
        },
    )
    decision_kind = forms.ChoiceField(
        label="What kind of decision",
        choices=decision_kind_choices,
        initial="decide",
        help_text="With the board's phase and the item's function, this decides whether the "
        "decision binds or is a recommendation to the function's holder, and what an agreed "
        "decision does: a phase move moves the board to the phase the item names; marking a "
        "criterion met or ongoing records that status of the gateway criterion the item names",
        error_messages={
            "required": "Choose what kind of decision it is",
            "invalid_choice": "Choose one of the kinds listed",
        },
    )
    text = forms.CharField(
        label="The decision as minuted (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={"max_length": f"The decision must be {TEXT_LIMIT} characters or fewer"},
    )


class ActionForm(CheckedForm):
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        error_messages={
            "required": "Say what is to be done",
            "max_length": f"The action must be {TEXT_LIMIT} characters or fewer",
        },
    )
    owner_email = forms.EmailField(
        label="Owner's email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    organisation = searchable(
        forms.ChoiceField(
            label="Owning organisation (optional)",
            required=False,
            error_messages={"invalid_choice": "Choose one of the organisations listed"},
        )
    )
    due = DayMonthYearField(
        what="the due date",
        label="Due date (optional)",
        required=False,
        help_text="For example 21 6 2018",
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["organisation"]
        # Made when read (to check a choice, or by a page listing them itself): a page
        # shows a form for each item, each with every organisation (see
        # meetings/_parts.jinja, organisation_select).
        field.choices = lambda: blank_choice("None", organisations)


class ActionDoneForm(CheckedForm):
    """An action marked done, on the day it was done (today unless said otherwise)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is out of date: reload the page and try again."},
    )
    done_on = DayMonthYearField(
        what="the date it was done",
        label="Done on",
        help_text="For example 21 6 2018",
    )


class PaperForm(CheckedForm):
    """Seed 003's cover sheet, and the file."""

    title = forms.CharField(
        label="Title of the paper",
        max_length=300,
        error_messages={
            "required": "Give the paper's title",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    author = forms.CharField(
        label="Author (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The author must be 200 characters or fewer"},
    )
    date_completed = DayMonthYearField(
        what="the date the paper was completed",
        label="Date completed (optional)",
        required=False,
        help_text="For example 15 5 2018",
    )
    purpose = forms.CharField(
        label="Purpose (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": "The purpose must be 300 characters or fewer"},
    )
    executive_summary = forms.CharField(
        label="Executive summary (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={
            "max_length": f"The executive summary must be {TEXT_LIMIT} characters or fewer"
        },
    )
    action_required = forms.CharField(
        label="Action required (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=TEXT_LIMIT,
        error_messages={
            "max_length": f"The action required must be {TEXT_LIMIT} characters or fewer"
        },
    )
    file = forms.FileField(
        label="The paper (optional)",
        required=False,
        help_text="A PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) file",
        error_messages={
            "invalid": "The file could not be read: choose it again",
            "empty": "The file is empty",
        },
    )


class MinutesForm(CheckedForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is out of date: reload the page and try again."},
    )
    text = forms.CharField(
        label="Minutes",
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=MINUTES_LIMIT,
        help_text="Published on the public site once approved: keep the business of "
        "confidential items out of them",
        error_messages={
            "required": "The minutes cannot be empty",
            "max_length": f"The minutes must be {MINUTES_LIMIT:,} characters or fewer",
        },
    )
    confidential_text = forms.CharField(
        label="Confidential minutes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=MINUTES_LIMIT,
        help_text="The minutes of the items taken in private: never published",
        error_messages={
            "max_length": f"The confidential minutes must be {MINUTES_LIMIT:,} characters or fewer",
        },
    )


class MinutesApproveForm(CheckedForm):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is out of date: reload the page and try again."},
    )
    at_meeting = forms.ChoiceField(
        label="Approved at the meeting of",
        error_messages={
            "required": "Choose the meeting that approved the minutes",
            "invalid_choice": "Choose one of the board's later meetings",
        },
    )

    def __init__(self, *args: Any, later: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["at_meeting"]
        field.choices = blank_choice(
            "Choose a meeting", [(m.key, date_text(m.date)) for m in later]
        )


# ------------------------------------------------------------------- scheduling, the agenda


class MeetingScheduleForm(CheckedForm):
    board = forms.ChoiceField(
        label="Board",
        error_messages={
            "required": "Choose the board that meets",
            "invalid_choice": "Choose one of the boards listed",
        },
    )
    date = DayMonthYearField(
        what="the date of the meeting", label="Date", help_text="For example 21 6 2018"
    )
    starts_at = forms.TimeField(
        label="Starts at",
        input_formats=["%H:%M"],
        help_text="London time, on the 24-hour clock, for example 14:00",
        error_messages={
            "required": "Enter the time the meeting starts, like 14:00",
            "invalid": "Enter the start time like 14:00",
        },
    )
    ends_at = forms.TimeField(
        label="Ends at",
        input_formats=["%H:%M"],
        help_text="For example 16:00",
        error_messages={
            "required": "Enter the time the meeting ends, like 16:00",
            "invalid": "Enter the end time like 16:00",
        },
    )
    place = forms.CharField(
        label="Place",
        max_length=300,
        help_text="The building and room, for example City Hall, Committee Room 4",
        error_messages={
            "required": "Enter the place the meeting is held",
            "max_length": "The place must be 300 characters or fewer",
        },
    )
    quorum = forms.IntegerField(
        label="Quorum (optional)",
        required=False,
        min_value=1,
        max_value=200,
        help_text="The number of members who must take part for the board to decide, by its "
        "terms of reference",
        error_messages={
            "invalid": "Enter the quorum as a whole number, like 6",
            "min_value": "A quorum is at least 1",
            "max_value": "A quorum is at most 200",
        },
    )

    def __init__(self, *args: Any, boards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["board"]
        field.choices = blank_choice("Choose a board", boards)


Choices = list[tuple[str, Any]]


def _several(label: str, hint: str, what: str) -> forms.MultipleChoiceField:
    """An optional choice of several among many, offered as the accessible autocomplete
    (core.fields.searchable) over a list box (see _parts.jinja select_many)."""
    return searchable(
        forms.MultipleChoiceField(
            label=f"{label} (optional)",
            required=False,
            help_text=hint,
            error_messages={"invalid_choice": f"Choose {what} from the list"},
        )
    )


class ItemForm(CheckedForm):
    """An agenda item and what it names: the parties and places that decide who has a
    potential conflict (SPEC §9), and the function that decides whether its decision binds
    (SPEC §5)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Give the item a title",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=AgendaItem.Purpose.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what the board is asked to do: agree, note, consider, discuss or "
            "decide",
            "invalid_choice": "Choose agree, note, consider, discuss or decide",
        },
    )
    presenter = forms.CharField(
        label="Presenter (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The presenter must be 200 characters or fewer"},
    )
    public = forms.ChoiceField(
        label="Public or confidential",
        choices=[("public", "Public"), ("confidential", "Confidential")],
        widget=forms.RadioSelect,
        initial="public",
        help_text="A confidential item is withheld from every public page, feed and download",
        error_messages={
            "required": "Say whether the item is public or confidential",
            "invalid_choice": "Say whether the item is public or confidential",
        },
    )
    exemption = forms.ChoiceField(
        label="Why it is confidential (for a confidential item)",
        required=False,
        help_text="The exemption the item relies on to be taken in private",
        error_messages={"invalid_choice": "Choose one of the exemptions listed"},
    )
    recommendation = forms.CharField(
        label="Recommendation (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMIT,
        help_text="What the board is asked to do, as the words after “The Board is asked to”, "
        "for example “Agree the approach to commitment owners”",
        error_messages={
            "max_length": f"The recommendation must be {TEXT_LIMIT} characters or fewer"
        },
    )
    function = forms.ChoiceField(
        label="Function concerned (optional)",
        required=False,
        help_text="With the board's phase, this decides whether a decision binds or is a "
        "recommendation to the function's holder",
        error_messages={"invalid_choice": "Choose one of the functions listed"},
    )
    gateway_phase = forms.ChoiceField(
        label="Gateway move (optional)",
        required=False,
        help_text="Recorded as a phase move, an agreed decision on this item moves the board "
        "to this phase",
        error_messages={"invalid_choice": "Choose one of the board's phases"},
    )
    gateway_criterion = forms.ChoiceField(
        label="Gateway criterion (optional)",
        required=False,
        help_text="A criterion for entering the board's next phase. Recorded as marking the "
        "criterion met (or ongoing), an agreed decision on this item records its new status",
        error_messages={
            "invalid_choice": "Choose one of the gateway criteria of this board's next phase"
        },
    )
    applicants = _several(
        "Applicants", "Who bid for the money in question", "organisations and partnerships"
    )
    recipients = _several(
        "Recipients", "Who would be paid or gain", "organisations and partnerships"
    )
    affected = _several(
        "Affected parties", "Who stands to gain or lose otherwise", "organisations and partnerships"
    )
    places = _several(
        "Places affected", "Members whose organisations serve these places are flagged", "places"
    )
    commitments = _several("Commitments", "The MoU commitments the item concerns", "commitments")

    def __init__(
        self,
        *args: Any,
        functions: Choices,
        phases: Choices,
        criteria: Choices,
        parties: Choices,
        places: Choices,
        commitments: Choices,
        exemptions: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["exemption"].choices = blank_choice("Not confidential", exemptions)
        fields["function"].choices = blank_choice("None", functions)
        fields["gateway_phase"].choices = blank_choice("None", phases)
        fields["gateway_criterion"].choices = blank_choice("None", criteria)
        for name in ("applicants", "recipients", "affected"):
            fields[name].choices = parties
        fields["places"].choices = places
        fields["commitments"].choices = commitments


class StatusForm(CheckedForm):
    """A button that moves the meeting on: both fields hidden, so what refuses it is said
    of the form, on top."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is out of date: reload the page and try again."},
    )
    to = forms.ChoiceField(
        widget=forms.HiddenInput,
        choices=Meeting.Status.choices,
        error_messages={
            "required": "Choose the meeting's new status",
            "invalid_choice": "Choose one of the statuses listed",
        },
    )
