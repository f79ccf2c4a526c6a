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

from devolution.core.errors import DevolutionError, InvalidInput, NotAllowed, RuleViolation
from devolution.core.links import item_panels
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import date_text
from devolution.partners.access import enforce_staff

from .. import papers, selectors, services
from ..exemptions import exemption_of
from ..forms import ActionForm, DecisionForm, PaperForm, RollCallForm, RulingForm
from ..interests import selectors as interest_selectors
from ..rules import agenda as agenda_rules
from ..rules import conflicts as conflict_rules
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
    # Each flag, its ruling form (for one who may rule), and who must rule where the
    # flagged member is a chair themselves (rules.conflicts.who_rules_instead).
    flags: list[tuple["ConflictFlag", RulingForm | None, str | None]] = field(default_factory=list)


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
    """The meeting's overview (its numbered agenda, the roll-call, declarations), or one
    item's record and forms (`item_id`) with the agenda beside it and links to the items
    before and after: one item is worked on at a time. Forty forms at once made the page
    slow to render and to read (issue 11); a refused post about an item lands on that
    item's view, its reason beside the form it refused."""
    user = signed_in_person(request)
    reader = selectors.reader_of(user, meeting.board_id)
    secretariat = reader.secretariat
    minutes = selectors.minutes_of(meeting, reader)
    attendance = selectors.attendance_list(meeting)
    # The ruling form is offered by the rule the ruling service applies: the board's seats
    # say who chairs or deputises (never an attendance row's tick), present, not on their own.
    may_rule_on = selectors.ruling_verdict(attendance, user.pk)
    organisations = (
        selectors.meeting_organisation_choices(meeting)
        if secretariat and item_id is not None
        else []
    )

    def form_for(kind: str, target: int, make: Any) -> Any:
        if bound is not None and bound.kind == kind and bound.target == target:
            return bound.form
        return make()

    rows = []
    items = selectors.item_list(meeting, reader)
    for number, item in selectors.agenda_numbered(meeting, reader, items):
        row = ItemRow(item=item, number=number, open=item.pk == item_id)
        row.may_record = secretariat or any(rulable_of(item, may_rule_on))
        rows.append(row)
    current = next((n for n, row in enumerate(rows) if row.open), None)
    if item_id is not None and current is None:
        raise Http404("There is no such item on this meeting's agenda.")
    if current is not None:
        row = rows[current]
        if secretariat:
            _item_forms(row, form_for, organisations)
        flags = list(row.item.flags.all())
        seats = selectors.chair_seats(meeting.board_id) if flags else ()
        for flag, may_rule in zip(flags, rulable_of(row.item, may_rule_on), strict=True):
            rule_form = (
                form_for(
                    "ruling",
                    flag.pk,
                    lambda flag=flag: RulingForm(prefix=_prefix("ruling", flag.pk)),
                )
                if may_rule
                else None
            )
            instead = (
                conflict_rules.who_rules_instead(flag.person_id, seats)
                if getattr(flag, "ruling", None) is None
                else None
            )
            row.flags.append((flag, rule_form, instead))
    roll_call = None
    guests = [a for a in attendance if a.kind == "in_attendance"]
    if secretariat and current is None:
        roll_call = form_for("roll_call", meeting.pk, lambda: _roll_call_form(meeting, attendance))
    kinds = dict(selectors.ATTENDANCE_KIND_WORDS)
    return render(
        request,
        "meetings/meeting_detail.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "when": meeting_when,
            "date_text": date_text,
            "rows": rows,
            "current": rows[current] if current is not None else None,
            "previous": rows[current - 1] if current else None,
            "next": rows[current + 1] if current is not None and current + 1 < len(rows) else None,
            "item_url": item_url,
            "attendance": attendance,
            "present": [a for a in attendance if a.kind == "present"],
            "apologies": [a for a in attendance if a.kind in ("apologies", "deputy")],
            "absent": [a for a in attendance if a.kind == "absent"],
            "guests": guests,
            "kinds": kinds,
            "exemption_of": exemption_of,
            "declarations": interest_selectors.declaration_list(meeting, reader)
            if current is None
            else [],
            "declaration_words": interest_selectors.declaration_words,
            "minutes": minutes,
            "minutes_withheld": minutes is None and selectors.minutes_drafted(meeting),
            "full": reader.reads_confidential(meeting.board_id),
            "secretariat": secretariat,
            "roll_call": roll_call,
            "organisations": organisations,
            "moves": [(to, MOVE_BUTTONS[to]) for to in agenda_rules.status_moves(meeting.status)]
            if secretariat
            else [],
            "bound": bound,
            "colours": STATUS_COLOURS,
            # What higher areas show under an item (a proposal's assurance): for the item in
            # view, or for every item of the overview, in a few queries for all of them.
            "panels": item_panels(
                [rows[current].item] if current is not None else [r.item for r in rows],
                public=False,
            ),
        },
        status=status,
    )


def rulable_of(item: "AgendaItem", may_rule_on: Any) -> list[bool]:
    """Whether the reader may rule on each of the item's flags, in the flags' order."""
    return [
        getattr(flag, "ruling", None) is None and may_rule_on(flag.person_id).allowed
        for flag in item.flags.all()
    ]


def _seat_label(seat: Any) -> str:
    office = {"chair": "chair", "co_chair": "co-chair", "deputy": "deputy chair"}.get(seat.office)
    # A seat may be held by someone the sources name who has no account (seat.name).
    where = f", {seat.organisation.name}" if seat.organisation_id else ""
    return f"{seat.holder}{where}" + (f" ({office})" if office else "")


def _roll_call_form(meeting: "Meeting", attendance: list[Any], data: Any = None) -> RollCallForm:
    """The roll-call of the board's seats, as recorded so far."""
    seats = selectors.roll_call_seats(meeting)
    by_person = {a.person_id: a for a in attendance if a.person_id is not None}
    by_name = {a.name: a for a in attendance if a.person_id is None and a.kind != "in_attendance"}
    guests = [a for a in attendance if a.kind == "in_attendance"]
    initial: dict[str, str] = {}
    for seat in seats:
        row = by_person.get(seat.person_id) if seat.person_id else by_name.get(seat.name)
        if row is not None:
            initial[f"seat-{seat.pk}"] = row.kind
            initial[f"seat-{seat.pk}-deputy"] = row.deputy_name
    for n, guest in enumerate(guests, start=1):
        initial[f"guest-{n}-name"] = guest.name
        initial[f"guest-{n}-organisation"] = guest.organisation_name
    return RollCallForm(
        data,
        initial=initial,
        seats=[(seat.pk, _seat_label(seat)) for seat in seats],
        guests=len(guests),
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
    """The roll-call, every seat and everyone else in attendance in one post: all saved,
    or none, with each problem beside its line."""
    enforce_secretariat(acting_person(request), "records attendance")
    meeting = selectors.meeting_get(key)
    form = _roll_call_form(meeting, selectors.attendance_list(meeting), request.POST)
    bound = Bound("roll_call", meeting.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
    try:
        rows = services.attendance_roll_call(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            seats=[services.SeatCall(s, kind, deputy) for s, kind, deputy in form.seat_lines()],
            guests=[services.Guest(name, org) for name, org in form.guest_lines_sent()],
        )
    except (InvalidInput, RuleViolation) as exc:
        return refused(request, meeting, bound, exc)
    present = sum(1 for row in rows if row.kind in ("present", "in_attendance"))
    messages.success(
        request,
        f"The roll-call is saved: {len(rows)} line{'s' if len(rows) != 1 else ''}, "
        f"{present} {'people' if present != 1 else 'person'} in the room.",
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
    except (InvalidInput, NotAllowed, RuleViolation) as exc:
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
