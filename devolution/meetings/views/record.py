"""A meeting's record for staff (SPEC §8, §9): the agenda with each item's parties,
papers, flags, rulings, decisions and actions, attendance and declarations, as the reader
may see them; the secretariat's posts that record them, and the chairs' rulings."""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
    item: "AgendaItem"
    number: int
    decision_form: DecisionForm | None = None
    action_form: ActionForm | None = None
    paper_form: PaperForm | None = None
    flags: list[tuple["ConflictFlag", RulingForm | None]] = field(default_factory=list)


def _prefix(kind: str, target: int) -> str:
    return f"{kind}{target}"


def detail_page(
    request: HttpRequest, meeting: "Meeting", bound: Bound | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_person(request)
    reader = selectors.reader_of(user, meeting.board_id)
    secretariat = reader.secretariat
    minutes = selectors.minutes_of(meeting, reader)
    attendance = selectors.attendance_list(meeting)
    # The ruling form is offered by the rule the ruling service applies: the board's seats
    # say who chairs or deputises (never an attendance row's tick), present, not on their own.
    may_rule_on = selectors.ruling_verdict(attendance, user.pk)
    organisations = selectors.organisation_choices() if secretariat else []

    def form_for(kind: str, target: int, make: Any) -> Any:
        if bound is not None and bound.kind == kind and bound.target == target:
            return bound.form
        return make()

    rows = []
    for number, item in enumerate(selectors.item_list(meeting, reader), start=1):
        row = ItemRow(item=item, number=number)
        if secretariat:
            if getattr(item, "decision", None) is None:
                row.decision_form = form_for(
                    "decision",
                    item.pk,
                    lambda item=item: DecisionForm(prefix=_prefix("decision", item.pk)),
                )
            row.action_form = form_for(
                "action",
                item.pk,
                lambda item=item: ActionForm(
                    prefix=_prefix("action", item.pk), organisations=organisations
                ),
            )
            row.paper_form = form_for(
                "paper", item.pk, lambda item=item: PaperForm(prefix=_prefix("paper", item.pk))
            )
        for flag in item.flags.all():
            may_rule = getattr(flag, "ruling", None) is None and may_rule_on(flag.person_id).allowed
            rule_form = (
                form_for(
                    "ruling",
                    flag.pk,
                    lambda flag=flag: RulingForm(prefix=_prefix("ruling", flag.pk)),
                )
                if may_rule
                else None
            )
            row.flags.append((flag, rule_form))
        rows.append(row)
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


@login_required
@require_GET
def meeting_detail(request: HttpRequest, key: str) -> HttpResponse:
    enforce_staff(acting_person(request), RECORD)
    return detail_page(request, selectors.meeting_get(key))


def refused(
    request: HttpRequest, meeting: "Meeting", bound: Bound, exc: DevolutionError
) -> HttpResponse:
    add_refusal(bound.form, exc)
    if isinstance(exc, RuleViolation):
        bound.rule = exc
    return detail_page(request, meeting, bound, status=exc.status)


def back(meeting: "Meeting", anchor: str = "") -> HttpResponse:
    return redirect(reverse("meetings:meeting-detail", args=[meeting.key]) + anchor)


@login_required
@require_POST
def attendance_record(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records attendance")
    meeting = selectors.meeting_get(key)
    form = AttendanceForm(request.POST, organisations=selectors.organisation_choices())
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
    return back(meeting, f"#item-{item.pk}")


@login_required
@require_POST
def flag_rule(request: HttpRequest, key: str, flag_id: int) -> HttpResponse:
    enforce_staff(acting_person(request), RECORD)
    meeting = selectors.meeting_get(key)
    flag = selectors.meeting_flag_get(meeting, flag_id)
    form = RulingForm(request.POST, prefix=_prefix("ruling", flag.pk))
    bound = Bound("ruling", flag.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
    try:
        ruling = services.flag_rule(
            actor=signed_in_person(request),
            flag_id=flag.pk,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
        )
    except InvalidInput as exc:
        return refused(request, meeting, bound, exc)
    messages.success(
        request,
        f"Ruled on {flag.person}'s potential conflict on “{flag.item.title}”: "
        f"{ruling.get_outcome_display().lower()}.",
    )
    return back(meeting, f"#item-{flag.item_id}")


@login_required
@require_POST
def decision_record(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records decisions")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    form = DecisionForm(request.POST, prefix=_prefix("decision", item.pk))
    bound = Bound("decision", item.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
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
        return refused(request, meeting, bound, exc)
    words = (
        f" It is a recommendation to {decision.recommendation_to}."
        if decision.binding is False and decision.recommendation_to
        else ""
    )
    messages.success(
        request,
        f"The decision on “{item.title}” is recorded: {decision.get_outcome_display()}.{words}",
    )
    return back(meeting, f"#item-{item.pk}")


@login_required
@require_POST
def action_create(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records actions")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    form = ActionForm(
        request.POST,
        prefix=_prefix("action", item.pk),
        organisations=selectors.organisation_choices(),
    )
    bound = Bound("action", item.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
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
        return refused(request, meeting, bound, exc)
    messages.success(request, f"The action on “{item.title}” is recorded.")
    return back(meeting, f"#item-{item.pk}")


@login_required
@require_POST
def paper_upload(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    enforce_secretariat(acting_person(request), "adds papers")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id)
    form = PaperForm(request.POST, request.FILES, prefix=_prefix("paper", item.pk))
    bound = Bound("paper", item.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
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
        return refused(request, meeting, bound, exc)
    messages.success(request, f"The paper “{paper.title}” is added to “{item.title}”.")
    return back(meeting, f"#item-{item.pk}")


@login_required
@require_GET
def paper_download(request: HttpRequest, paper_id: int) -> HttpResponse:
    person = acting_person(request)
    enforce_staff(person, RECORD)
    return papers.paper_download(selectors.paper_get(paper_id, person))
