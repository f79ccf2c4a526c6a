"""A meeting's record for staff (SPEC §8, §9): the agenda with each item's parties,
papers, flags, rulings, decisions and actions, attendance and declarations, as the reader
may see them; the secretariat's posts that record them, and the chairs' rulings."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from devolution.core.errors import DevolutionError, InvalidInput, RuleViolation
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import date_text
from devolution.partners.access import enforce_staff

from .. import papers, selectors, services
from ..forms import ActionForm, AttendanceForm, DecisionForm, PaperForm, RulingForm
from ..interests import selectors as interest_selectors
from ..rules import agenda as agenda_rules
from .shared import (
    NAV,
    RECORD,
    STATUS_COLOURS,
    Bound,
    enforce_secretariat,
    meeting_when,
)

if TYPE_CHECKING:
    from ..models import AgendaItem, ConflictFlag, Meeting

# The secretariat's buttons that move a meeting on, by the status each moves it to.
MOVE_BUTTONS: dict[str, str] = {
    selectors.MEETING_STATUS.AGENDA_PUBLISHED: "Publish the agenda",
    selectors.MEETING_STATUS.SCHEDULED: "Take the agenda back to draft",
    selectors.MEETING_STATUS.HELD: "Record that the meeting was held",
    selectors.MEETING_STATUS.CANCELLED: "Cancel the meeting",
}


@dataclass
class ItemRow:
    """An agenda item as the page shows it: its record always; its forms (a decision, an
    action, a paper, a ruling on each flag) only while it is the item chosen, `open`."""

    item: "AgendaItem"
    number: int
    open: bool = False
    may_record: bool = False
    decision_form: DecisionForm | None = None
    action_form: ActionForm | None = None
    paper_form: PaperForm | None = None
    flags: list[tuple["ConflictFlag", RulingForm | None]] = field(default_factory=list)


def _prefix(kind: str, target: int) -> str:
    return f"{kind}{target}"


def chosen_item(request: HttpRequest) -> int | None:
    """The item whose forms the page shows (`?item=<id>`), or None for the agenda alone.
    A value that is not an item's number is not found, as an item of another meeting is."""
    value = request.GET.get("item", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("There is no such item on this meeting's agenda.")
    return int(value)


def item_url(meeting: "Meeting", item_id: int) -> str:
    """The meeting page with one item's forms open, at that item."""
    return (
        reverse("meetings:meeting-detail", args=[meeting.key])
        + "?"
        + urlencode({"item": item_id})
        + f"#item-{item_id}"
    )


def detail_page(
    request: HttpRequest,
    meeting: "Meeting",
    bound: Bound | None = None,
    status: int = 200,
    item_id: int | None = None,
) -> HttpResponse:
    """The meeting's record, and the forms of one item only: the one chosen (`item_id`)
    or none. Forty forms at once, one set per item, made the page slow to render and to
    read (issue 11); each item links to its own forms instead, which work without
    JavaScript, and a refused post shows that item's forms again with its errors."""
    user = signed_in_person(request)
    reader = selectors.reader_of(user, meeting.board_id)
    secretariat = reader.secretariat
    minutes = selectors.minutes_of(meeting, reader)
    attendance = selectors.attendance_list(meeting)
    # The ruling form is offered by the rule the ruling service applies: the board's seats
    # say who chairs or deputises (never an attendance row's tick), present, not on their own.
    may_rule_on = selectors.ruling_verdict(attendance, user.pk)
    organisations = selectors.meeting_organisation_choices(meeting) if secretariat else []

    def form_for(kind: str, target: int, make: Any) -> Any:
        if bound is not None and bound.kind == kind and bound.target == target:
            return bound.form
        return make()

    rows = []
    for number, item in enumerate(selectors.item_list(meeting, reader), start=1):
        row = ItemRow(item=item, number=number, open=item.pk == item_id)
        rulable = [
            getattr(flag, "ruling", None) is None and may_rule_on(flag.person_id).allowed
            for flag in item.flags.all()
        ]
        row.may_record = secretariat or any(rulable)
        if row.open and secretariat:
            _item_forms(row, form_for, organisations)
        for flag, may_rule in zip(item.flags.all(), rulable, strict=True):
            rule_form = (
                form_for(
                    "ruling",
                    flag.pk,
                    lambda flag=flag: RulingForm(prefix=_prefix("ruling", flag.pk)),
                )
                if may_rule and row.open
                else None
            )
            row.flags.append((flag, rule_form))
        rows.append(row)
    if item_id is not None and not any(row.open for row in rows):
        raise Http404("There is no such item on this meeting's agenda.")
    attendance_form = None
    if secretariat:
        attendance_form = form_for(
            "attendance", meeting.pk, lambda: AttendanceForm(organisations=organisations)
        )
    return render(
        request,
        "meetings/meeting_detail.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "when": meeting_when,
            "date_text": date_text,
            "rows": rows,
            "item_url": item_url,
            "present": [a for a in attendance if a.kind == "present"],
            "apologies": [a for a in attendance if a.kind == "apologies"],
            "declarations": interest_selectors.declaration_list(meeting, reader),
            "declaration_words": interest_selectors.declaration_words,
            "minutes": minutes,
            "minutes_withheld": minutes is None and selectors.minutes_drafted(meeting),
            "full": reader.reads_confidential(meeting.board_id),
            "secretariat": secretariat,
            "attendance_form": attendance_form,
            "organisations": organisations,
            "moves": [(to, MOVE_BUTTONS[to]) for to in agenda_rules.status_moves(meeting.status)]
            if secretariat
            else [],
            "bound": bound,
            "colours": STATUS_COLOURS,
        },
        status=status,
    )


def _item_forms(row: ItemRow, form_for: Any, organisations: list[tuple[str, str]]) -> None:
    """The secretariat's forms of the chosen item: a decision while it has none, an
    action and a paper, each the refused post's form where that is the one sent."""
    item = row.item
    if getattr(item, "decision", None) is None:
        row.decision_form = form_for(
            "decision", item.pk, lambda: DecisionForm(prefix=_prefix("decision", item.pk))
        )
    row.action_form = form_for(
        "action",
        item.pk,
        lambda: ActionForm(prefix=_prefix("action", item.pk), organisations=organisations),
    )
    row.paper_form = form_for("paper", item.pk, lambda: PaperForm(prefix=_prefix("paper", item.pk)))


@login_required
@require_GET
def meeting_detail(request: HttpRequest, key: str) -> HttpResponse:
    enforce_staff(acting_person(request), RECORD)
    meeting = selectors.meeting_get(key)
    return detail_page(request, meeting, item_id=chosen_item(request))


def refused(
    request: HttpRequest,
    meeting: "Meeting",
    bound: Bound,
    exc: DevolutionError,
    item_id: int | None = None,
) -> HttpResponse:
    add_refusal(bound.form, exc)
    if isinstance(exc, RuleViolation):
        bound.rule = exc
    return detail_page(request, meeting, bound, status=exc.status, item_id=item_id)


def back(meeting: "Meeting", anchor: str = "") -> HttpResponse:
    return redirect(reverse("meetings:meeting-detail", args=[meeting.key]) + anchor)


def back_to_item(meeting: "Meeting", item_id: int) -> HttpResponse:
    """After a post about an item: the page with that item's forms, at the item."""
    return redirect(item_url(meeting, item_id))


@login_required
@require_POST
def attendance_record(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records attendance")
    meeting = selectors.meeting_get(key)
    form = AttendanceForm(
        request.POST, organisations=selectors.meeting_organisation_choices(meeting)
    )
    bound = Bound("attendance", meeting.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
    data = form.cleaned_data
    try:
        row = services.attendance_record(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            person_email=data["person_email"],
            organisation_key=data["organisation"],
            kind=data["kind"],
            is_chair=data["is_chair"],
            is_deputy=data["is_deputy"],
        )
    except (InvalidInput, RuleViolation) as exc:
        return refused(request, meeting, bound, exc)
    messages.success(
        request, f"{row.person} is recorded as {row.get_kind_display().lower()} at this meeting."
    )
    return back(meeting, "#attendance")


@login_required
@require_POST
def item_check_conflicts(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "checks items for conflicts of interest")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    flags = services.item_flags_refresh(item_id=item.pk)
    found = len(flags)
    messages.success(
        request,
        f"“{item.title}”: {found} potential conflict{'s' if found != 1 else ''} of interest "
        f"among the members present."
        if found
        else f"“{item.title}”: no potential conflict of interest among the members present.",
    )
    return back_to_item(meeting, item.pk)


@login_required
@require_POST
def flag_rule(request: HttpRequest, key: str, flag_id: int) -> HttpResponse:
    enforce_staff(acting_person(request), RECORD)
    meeting = selectors.meeting_get(key)
    flag = selectors.meeting_flag_get(meeting, flag_id)
    form = RulingForm(request.POST, prefix=_prefix("ruling", flag.pk))
    bound = Bound("ruling", flag.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400, item_id=flag.item_id)
    try:
        ruling = services.flag_rule(
            actor=signed_in_person(request),
            flag_id=flag.pk,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
        )
    except InvalidInput as exc:
        return refused(request, meeting, bound, exc, flag.item_id)
    messages.success(
        request,
        f"Ruled on {flag.person}'s potential conflict on “{flag.item.title}”: "
        f"{ruling.get_outcome_display().lower()}.",
    )
    return back_to_item(meeting, flag.item_id)


@login_required
@require_POST
def decision_record(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records decisions")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    form = DecisionForm(request.POST, prefix=_prefix("decision", item.pk))
    bound = Bound("decision", item.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400, item_id=item.pk)
    data = form.cleaned_data
    try:
        decision = services.decision_record(
            actor=signed_in_person(request),
            item_id=item.pk,
            outcome=data["outcome"],
            how=data["how"],
            text=data["text"],
            decision_kind=data["decision_kind"],
        )
    except (InvalidInput, RuleViolation) as exc:
        return refused(request, meeting, bound, exc, item.pk)
    words = (
        f" It is a recommendation to {decision.recommendation_to}."
        if decision.binding is False and decision.recommendation_to
        else ""
    )
    messages.success(
        request,
        f"The decision on “{item.title}” is recorded: {decision.get_outcome_display()}.{words}",
    )
    return back_to_item(meeting, item.pk)


@login_required
@require_POST
def action_create(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records actions")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    form = ActionForm(
        request.POST,
        prefix=_prefix("action", item.pk),
        organisations=selectors.meeting_organisation_choices(meeting),
    )
    bound = Bound("action", item.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400, item_id=item.pk)
    data = form.cleaned_data
    try:
        services.action_create(
            actor=signed_in_person(request),
            item_id=item.pk,
            text=data["text"],
            owner_email=data["owner_email"],
            organisation_key=data["organisation"],
            due=data["due"],
        )
    except InvalidInput as exc:
        return refused(request, meeting, bound, exc, item.pk)
    messages.success(request, f"The action on “{item.title}” is recorded.")
    return back_to_item(meeting, item.pk)


@login_required
@require_POST
def paper_upload(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "adds papers")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    form = PaperForm(request.POST, request.FILES, prefix=_prefix("paper", item.pk))
    bound = Bound("paper", item.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400, item_id=item.pk)
    data = form.cleaned_data
    try:
        paper = papers.paper_upload(
            actor=signed_in_person(request),
            item_id=item.pk,
            title=data["title"],
            author=data["author"],
            date_completed=data["date_completed"],
            purpose=data["purpose"],
            executive_summary=data["executive_summary"],
            action_required=data["action_required"],
            upload=data["file"],
        )
    except InvalidInput as exc:
        return refused(request, meeting, bound, exc, item.pk)
    messages.success(request, f"The paper “{paper.title}” is added to “{item.title}”.")
    return back_to_item(meeting, item.pk)


@login_required
@require_GET
def paper_download(request: HttpRequest, paper_id: int) -> HttpResponse:
    person = acting_person(request)
    enforce_staff(person, RECORD)
    return papers.paper_download(selectors.paper_get(paper_id, person))
