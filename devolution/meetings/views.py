"""Pages for meetings (SPEC §8, §9, §15): the list; a meeting's record for staff, where
the secretariat records attendance, decisions, actions and papers and the chairs rule
on flagged conflicts; the minutes; a person's actions; and what the public sees: public
items, their papers and decisions, approved minutes, the agenda pack, each board's
calendar and the central log of declarations and rulings. Thin, over selectors and
services."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from devolution.core.errors import (
    DevolutionError,
    InvalidInput,
    NotAllowed,
    Problem,
    RuleViolation,
    StaleEdit,
)
from devolution.core.jinja import RowUrl
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import csv_cell, date_text
from devolution.core.rules import Verdict
from devolution.partners.access import (
    can_keep_registers,
    enforce,
    enforce_staff,
    is_staff,
    memberships_of,
)

from . import agenda, feeds, pack, papers, selectors, services
from .forms import (
    ActionDoneForm,
    ActionForm,
    AttendanceForm,
    DecisionForm,
    ItemForm,
    MeetingFilter,
    MeetingScheduleForm,
    MinutesApproveForm,
    MinutesForm,
    PaperForm,
    RulingForm,
    StatusForm,
)
from .models import Action, AgendaItem, ConflictFlag, Meeting, Minutes
from .rules import agenda as agenda_rules
from .rules.access import may_mark_action_done
from .visibility import PUBLIC

NAV = "meetings"
PAGE_SIZE = 50
LOG_PAGE_SIZE = 100
STATUS_COLOURS = {
    Meeting.Status.SCHEDULED: "grey",
    Meeting.Status.AGENDA_PUBLISHED: "blue",
    Meeting.Status.HELD: "purple",
    Meeting.Status.MINUTES_DRAFTED: "yellow",
    Meeting.Status.MINUTES_APPROVED: "green",
}

# The secretariat's buttons that move a meeting on, by the status each moves it to.
MOVE_BUTTONS: dict[str, str] = {
    Meeting.Status.AGENDA_PUBLISHED: "Publish the agenda",
    Meeting.Status.SCHEDULED: "Take the agenda back to draft",
    Meeting.Status.HELD: "Record that the meeting was held",
}


RECORD = "A meeting's full record"


def _enforce_secretariat(person: Any, what: str) -> None:
    if not can_keep_registers(person):
        raise NotAllowed(f"Only the secretariat {what}.")


def meeting_when(meeting: Meeting) -> str:
    return date_text(meeting.date, meeting.date_precision)


def add_refusal(form: forms.Form, exc: DevolutionError) -> None:
    """A service's refusal beside the fields it names; what names no field goes on top."""
    problems = (
        exc.problems if isinstance(exc, InvalidInput) else [Problem(exc.message, field=exc.field)]
    )
    for problem in problems:
        message = problem.message[:1].upper() + problem.message[1:]
        form.add_error(problem.field if problem.field in form.fields else None, message)


def text_blocks(text: str) -> list[tuple[str, Any]]:
    """Text kept as lines, as paragraphs and lists: a line starting "- " is a list item."""
    blocks: list[tuple[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- "):
            if not blocks or blocks[-1][0] != "ul":
                blocks.append(("ul", []))
            blocks[-1][1].append(line[2:])
        elif line:
            blocks.append(("p", line))
    return blocks


# ---------------------------------------------------------------------------- the list


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    boards = list(selectors.meeting_boards())
    form = MeetingFilter(request.GET, boards=boards)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(
        selectors.meeting_list(board=filters.get("board"), status=filters.get("status")),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    chosen = next((b for b in boards if b.key == filters.get("board")), None)
    return render(
        request,
        "meetings/meeting_list.jinja",
        {
            "nav": NAV,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "staff": is_staff(acting_person(request)),
            "secretariat": can_keep_registers(acting_person(request)),
            "board": chosen,
            "when": meeting_when,
            "colours": STATUS_COLOURS,
        },
        status=200 if form.is_valid() else 400,
    )


# ------------------------------------------------------------------- one meeting, staff


@dataclass
class Bound:
    """The form a refused post sent, to show again with its errors in its place."""

    kind: str  # attendance | decision | action | paper | ruling
    target: int | None
    form: forms.Form
    rule: RuleViolation | None = None


@dataclass
class ItemRow:
    item: AgendaItem
    number: int
    decision_form: DecisionForm | None = None
    action_form: ActionForm | None = None
    paper_form: PaperForm | None = None
    flags: list[tuple[ConflictFlag, RulingForm | None]] = field(default_factory=list)


def _prefix(kind: str, target: int) -> str:
    return f"{kind}{target}"


def _detail_page(
    request: HttpRequest, meeting: Meeting, bound: Bound | None = None, status: int = 200
) -> HttpResponse:
    user = signed_in_person(request)
    reader = selectors.reader_of(user, meeting.board_id)
    secretariat = reader.secretariat
    attendance = selectors.attendance_list(meeting)
    rulers = {
        a.person_id for a in attendance if a.kind == "present" and (a.is_chair or a.is_deputy)
    }
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
            may_rule = (
                user.pk in rulers
                and user.pk != flag.person_id
                and getattr(flag, "ruling", None) is None
            )
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
            "declarations": selectors.declaration_list(meeting, reader),
            "declaration_words": selectors.declaration_words,
            "minutes": selectors.minutes_of(meeting, reader),
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
    return _detail_page(request, selectors.meeting_get(key))


def _item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    item: AgendaItem = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    return item


def _refused(
    request: HttpRequest, meeting: Meeting, bound: Bound, exc: DevolutionError
) -> HttpResponse:
    add_refusal(bound.form, exc)
    if isinstance(exc, RuleViolation):
        bound.rule = exc
    return _detail_page(request, meeting, bound, status=exc.status)


def _back(meeting: Meeting, anchor: str = "") -> HttpResponse:
    return redirect(reverse("meetings:meeting-detail", args=[meeting.key]) + anchor)


@login_required
@require_POST
def attendance_record(request: HttpRequest, key: str) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "records attendance")
    meeting = selectors.meeting_get(key)
    form = AttendanceForm(request.POST, organisations=selectors.organisation_choices())
    bound = Bound("attendance", meeting.pk, form)
    if not form.is_valid():
        return _detail_page(request, meeting, bound, status=400)
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
        return _refused(request, meeting, bound, exc)
    messages.success(
        request, f"{row.person} is recorded as {row.get_kind_display().lower()} at this meeting."
    )
    return _back(meeting, "#attendance")


@login_required
@require_POST
def item_check_conflicts(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "checks items for conflicts of interest")
    meeting = selectors.meeting_get(key)
    item = _item_of(meeting, item_id)
    flags = services.item_flags_refresh(item_id=item.pk)
    found = len(flags)
    messages.success(
        request,
        f"“{item.title}”: {found} potential conflict{'s' if found != 1 else ''} of interest "
        f"among the members present."
        if found
        else f"“{item.title}”: no potential conflict of interest among the members present.",
    )
    return _back(meeting, f"#item-{item.pk}")


@login_required
@require_POST
def flag_rule(request: HttpRequest, key: str, flag_id: int) -> HttpResponse:
    enforce_staff(acting_person(request), RECORD)
    meeting = selectors.meeting_get(key)
    flag = get_object_or_404(
        ConflictFlag.objects.select_related("person", "item"), pk=flag_id, item__meeting=meeting
    )
    form = RulingForm(request.POST, prefix=_prefix("ruling", flag.pk))
    bound = Bound("ruling", flag.pk, form)
    if not form.is_valid():
        return _detail_page(request, meeting, bound, status=400)
    try:
        ruling = services.flag_rule(
            actor=signed_in_person(request),
            flag_id=flag.pk,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
        )
    except InvalidInput as exc:
        return _refused(request, meeting, bound, exc)
    messages.success(
        request,
        f"Ruled on {flag.person}'s potential conflict on “{flag.item.title}”: "
        f"{ruling.get_outcome_display().lower()}.",
    )
    return _back(meeting, f"#item-{flag.item_id}")


@login_required
@require_POST
def decision_record(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "records decisions")
    meeting = selectors.meeting_get(key)
    item = _item_of(meeting, item_id)
    form = DecisionForm(request.POST, prefix=_prefix("decision", item.pk))
    bound = Bound("decision", item.pk, form)
    if not form.is_valid():
        return _detail_page(request, meeting, bound, status=400)
    data = form.cleaned_data
    if AgendaItem.objects.filter(pk=item.pk, decision__isnull=False).exists():
        form.add_error(None, "This item's decision is already recorded; it is not changed.")
        return _detail_page(request, meeting, bound, status=409)
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
        return _refused(request, meeting, bound, exc)
    words = (
        f" It is a recommendation to {decision.recommendation_to}."
        if decision.binding is False and decision.recommendation_to
        else ""
    )
    messages.success(
        request,
        f"The decision on “{item.title}” is recorded: {decision.get_outcome_display()}.{words}",
    )
    return _back(meeting, f"#item-{item.pk}")


@login_required
@require_POST
def action_create(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "records actions")
    meeting = selectors.meeting_get(key)
    item = _item_of(meeting, item_id)
    form = ActionForm(
        request.POST,
        prefix=_prefix("action", item.pk),
        organisations=selectors.organisation_choices(),
    )
    bound = Bound("action", item.pk, form)
    if not form.is_valid():
        return _detail_page(request, meeting, bound, status=400)
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
        return _refused(request, meeting, bound, exc)
    messages.success(request, f"The action on “{item.title}” is recorded.")
    return _back(meeting, f"#item-{item.pk}")


@login_required
@require_POST
def paper_upload(request: HttpRequest, key: str, item_id: int) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "adds papers")
    meeting = selectors.meeting_get(key)
    item = _item_of(meeting, item_id)
    form = PaperForm(request.POST, request.FILES, prefix=_prefix("paper", item.pk))
    bound = Bound("paper", item.pk, form)
    if not form.is_valid():
        return _detail_page(request, meeting, bound, status=400)
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
        return _refused(request, meeting, bound, exc)
    messages.success(request, f"The paper “{paper.title}” is added to “{item.title}”.")
    return _back(meeting, f"#item-{item.pk}")


@login_required
@require_GET
def paper_download(request: HttpRequest, paper_id: int) -> HttpResponse:
    person = acting_person(request)
    enforce_staff(person, RECORD)
    return papers.paper_download(selectors.paper_get(paper_id, person))


@login_required
@require_GET
def meeting_pack(request: HttpRequest, key: str) -> HttpResponse:
    """The pack for staff: with confidential items for the board's members and the
    secretariat, without them for other staff."""
    person = acting_person(request)
    enforce_staff(person, RECORD)
    meeting = selectors.meeting_get(key)
    reader = selectors.reader_of(person, meeting.board_id)
    full = "-confidential" if reader.reads_confidential(meeting.board_id) else ""
    return _attachment(
        pack.agenda_pack_pdf(meeting, reader=reader),
        "application/pdf",
        f"{meeting.key}-agenda-pack{full}.pdf",
        private=True,
    )


# ------------------------------------------------------- scheduling and the agenda


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "schedules meetings")
    boards = selectors.board_choices()
    status = 200
    if request.method == "POST":
        form = MeetingScheduleForm(request.POST, boards=boards)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = agenda.meeting_schedule(
                    actor=signed_in_person(request),
                    board_key=data["board"],
                    date=data["date"],
                    place=data["place"],
                    quorum=data["quorum"],
                )
            except InvalidInput as exc:
                add_refusal(form, exc)
            else:
                messages.success(
                    request,
                    f"The {meeting} meeting is scheduled. Draft its agenda from the work "
                    "programme, or add items.",
                )
                return _back(meeting)
    else:
        form = MeetingScheduleForm(boards=boards, initial={"board": request.GET.get("board")})
    return render(request, "meetings/meeting_new.jinja", {"nav": NAV, "form": form}, status=status)


@login_required
@require_POST
def agenda_draft(request: HttpRequest, key: str) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "drafts agendas")
    meeting = selectors.meeting_get(key)
    try:
        created = agenda.agenda_draft(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
        )
    except (InvalidInput, RuleViolation) as exc:
        button = forms.Form({})  # the button's form: bound and valid, to carry the refusal
        button.is_valid()
        return _refused(request, meeting, Bound("draft", meeting.pk, button), exc)
    found = len(created)
    messages.success(
        request,
        f"{found} item{'s' if found != 1 else ''} of the work programme added to the agenda."
        if found
        else "Every item the work programme plans for this meeting is already on the agenda.",
    )
    return _back(meeting, "#agenda")


@login_required
@require_POST
def meeting_status(request: HttpRequest, key: str) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "moves a meeting on")
    meeting = selectors.meeting_get(key)
    form = StatusForm(request.POST)
    bound = Bound("status", meeting.pk, form)
    if not form.is_valid():
        return _detail_page(request, meeting, bound, status=400)
    try:
        moved = agenda.meeting_status_move(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            status=form.cleaned_data["to"],
            version=form.cleaned_data["version"],
        )
    except (InvalidInput, RuleViolation, StaleEdit) as exc:
        return _refused(request, meeting, bound, exc)
    messages.success(request, f"The meeting's status is now “{moved.get_status_display()}”.")
    return _back(meeting)


def _item_initial(item: AgendaItem) -> dict[str, Any]:
    parties: dict[str, list[str]] = {}
    for party in item.parties.select_related("organisation", "partnership"):
        parties.setdefault(party.role, []).append(agenda.party_name(party))
    return {
        "version": item.version,
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "public": "public" if item.public else "confidential",
        "recommendation": item.recommendation,
        "function": item.function.key if item.function else "",
        "gateway_phase": item.gateway_phase.key if item.gateway_phase else "",
        "applicants": parties.get("applicant", []),
        "recipients": parties.get("recipient", []),
        "affected": parties.get("affected", []),
        "places": [p.code for p in item.places.all()],
        "commitments": [c.reference for c in item.commitments.all()],
    }


def _item_fields(data: dict[str, Any]) -> agenda.ItemFields:
    return agenda.ItemFields(
        title=data["title"],
        purpose=data["purpose"],
        presenter=data["presenter"],
        public=data["public"] == "public",
        recommendation=data["recommendation"],
        function=data["function"],
        gateway_phase=data["gateway_phase"],
        commitments=tuple(data["commitments"]),
        places=tuple(data["places"]),
        applicants=tuple(data["applicants"]),
        recipients=tuple(data["recipients"]),
        affected=tuple(data["affected"]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, key: str, item_id: int | None = None) -> HttpResponse:
    """Add an item to the agenda (no item_id), or change one."""
    _enforce_secretariat(acting_person(request), "keeps the agenda")
    meeting = selectors.meeting_get(key)
    item = _item_of(meeting, item_id) if item_id is not None else None
    choices = selectors.item_form_choices(meeting)
    rule: RuleViolation | None = None
    status = 200
    if request.method == "POST":
        form = ItemForm(request.POST, **choices)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                if item is not None and data["version"] is None:
                    raise StaleEdit("The form is out of date: reload the page and try again.")
                saved = agenda.item_save(
                    actor=signed_in_person(request),
                    meeting_key=meeting.key,
                    data=_item_fields(data),
                    item_id=item.pk if item is not None else None,
                    version=data["version"] if item is not None else None,
                )
            except (InvalidInput, RuleViolation, StaleEdit) as exc:
                add_refusal(form, exc)
                rule = exc if isinstance(exc, RuleViolation) else None
                status = exc.status
            else:
                messages.success(
                    request,
                    f"“{saved.title}” is {'changed' if item else 'added to the agenda'}.",
                )
                return _back(meeting, f"#item-{saved.pk}")
    else:
        initial = _item_initial(item) if item is not None else {"public": "public"}
        form = ItemForm(initial=initial, **choices)
    return render(
        request,
        "meetings/item_form.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "item": item,
            "when": meeting_when,
            "form": form,
            "rule": rule,
        },
        status=status,
    )


def _pack_page(request: HttpRequest, meeting: Meeting, *, public: bool) -> HttpResponse:
    """The agenda pack as a page of the site: what the PDF holds, each paper linked. The
    public pack at its public address; the staff's, as the person may read it."""
    download = RowUrl("meetings:public-paper-download" if public else "meetings:paper-download")
    reader = PUBLIC if public else selectors.reader_of(acting_person(request), meeting.board_id)
    built = pack.pack_build(meeting, reader=reader, paper_url=lambda p: download(p.pk))
    response = render(
        request,
        "meetings/pack_page.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "pack": built,
            "when": meeting_when,
            "public": public,
        },
    )
    if not public:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def meeting_pack_html(request: HttpRequest, key: str) -> HttpResponse:
    """The pack as a page for staff, confidential items too for the board's members."""
    enforce_staff(acting_person(request), RECORD)
    return _pack_page(request, selectors.meeting_get(key), public=False)


# --------------------------------------------------------------------------- minutes


def _minutes_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    edit: MinutesForm | None = None,
    approve: MinutesApproveForm | None = None,
    rule: RuleViolation | None = None,
    status: int = 200,
) -> HttpResponse:
    reader = selectors.reader_of(signed_in_person(request), meeting.board_id)
    minutes = selectors.minutes_of(meeting, reader)
    secretariat = reader.secretariat
    draft = minutes is not None and minutes.status == Minutes.Status.DRAFT
    later = selectors.later_meetings(meeting) if secretariat and draft else []
    if secretariat and draft and minutes is not None:
        edit = edit or MinutesForm(initial={"text": minutes.text, "version": minutes.version})
        approve = approve or MinutesApproveForm(initial={"version": minutes.version}, later=later)
    confidential = selectors.confidential_items(meeting, reader) if minutes else []
    withheld = minutes is None and selectors.minutes_drafted(meeting)
    return render(
        request,
        "meetings/minutes.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "when": meeting_when,
            "date_text": date_text,
            "minutes": minutes,
            "blocks": text_blocks(minutes.text) if minutes else [],
            "secretariat": secretariat,
            "edit": edit if secretariat and draft else None,
            "approve": approve if secretariat and draft and later else None,
            "later": later,
            "rule": rule,
            "confidential": confidential,
            "withheld": withheld,
        },
        status=status,
    )


@login_required
@require_GET
def minutes(request: HttpRequest, key: str) -> HttpResponse:
    enforce_staff(acting_person(request), RECORD)
    return _minutes_page(request, selectors.meeting_get(key))


def _minutes_back(meeting: Meeting) -> HttpResponse:
    return redirect("meetings:minutes", key=meeting.key)


@login_required
@require_POST
def minutes_draft(request: HttpRequest, key: str) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "drafts the minutes")
    meeting = selectors.meeting_get(key)
    services.minutes_draft(actor=signed_in_person(request), meeting_key=meeting.key)
    messages.success(request, "The minutes are drafted from the record. Edit them below.")
    return _minutes_back(meeting)


@login_required
@require_POST
def minutes_update(request: HttpRequest, key: str) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "edits the minutes")
    meeting = selectors.meeting_get(key)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _minutes_page(request, meeting, edit=form, status=400)
    try:
        services.minutes_update(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
        )
    except RuleViolation as exc:
        # Approved: nothing to edit any more; the page says why, with the text as kept.
        return _minutes_page(request, meeting, rule=exc, status=exc.status)
    except (InvalidInput, StaleEdit) as exc:
        add_refusal(form, exc)
        return _minutes_page(request, meeting, edit=form, status=exc.status)
    messages.success(request, "The draft minutes are saved.")
    return _minutes_back(meeting)


@login_required
@require_POST
def minutes_approve(request: HttpRequest, key: str) -> HttpResponse:
    _enforce_secretariat(acting_person(request), "records the approval of minutes")
    meeting = selectors.meeting_get(key)
    form = MinutesApproveForm(request.POST, later=selectors.later_meetings(meeting))
    if not form.is_valid():
        return _minutes_page(request, meeting, approve=form, status=400)
    try:
        approved = services.minutes_approve(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            at_meeting_key=form.cleaned_data["at_meeting"],
            version=form.cleaned_data["version"],
        )
    except RuleViolation as exc:
        return _minutes_page(request, meeting, rule=exc, status=exc.status)
    except (InvalidInput, StaleEdit) as exc:
        add_refusal(form, exc)
        return _minutes_page(request, meeting, approve=form, status=exc.status)
    at = approved.approved_at_meeting
    messages.success(
        request,
        f"The minutes are approved at the meeting of {meeting_when(at) if at else ''}, "
        "and published. They can no longer be changed.",
    )
    return _minutes_back(meeting)


# ---------------------------------------------------------------------------- my actions


@dataclass
class ActionRow:
    action: Action
    late: bool
    whose: str  # whose it is, as the person reads it: "You", or their organisation
    done_form: ActionDoneForm | None = None


def _whose(action: Action, person_id: int, organisation_ids: set[int]) -> str:
    who = "You" if action.owner_id == person_id else str(action.owner or "")
    organisation = action.owner_organisation
    if organisation is None:
        return who
    theirs = " (your organisation)" if organisation.pk in organisation_ids else ""
    return f"{who}, for {organisation.name}{theirs}" if who else f"{organisation.name}{theirs}"


def _mark_done_verdict(person: Any, action: Action) -> Verdict:
    return may_mark_action_done(
        memberships_of(person),
        person_id=person.pk,
        owner_id=action.owner_id,
        owner_organisation_id=action.owner_organisation_id,
    )


def _actions_page(
    request: HttpRequest,
    bound: tuple[int, ActionDoneForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_person(request)
    today = timezone.localdate()
    organisation_ids = {m.organisation_id for m in memberships_of(user)}
    page = Paginator(selectors.my_actions(user.pk, organisation_ids), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for a in page.object_list:
        row = ActionRow(
            a,
            bool(a.due and a.due < today and a.done_on is None),
            _whose(a, user.pk, organisation_ids),
        )
        if a.done_on is None and _mark_done_verdict(user, a).allowed:
            row.done_form = (
                bound[1]
                if bound is not None and bound[0] == a.pk
                else ActionDoneForm(
                    prefix=f"done{a.pk}", initial={"version": a.version, "done_on": today}
                )
            )
        rows.append(row)
    return render(
        request,
        "meetings/my_actions.jinja",
        {
            "nav": NAV,
            "page": page,
            "rows": rows,
            "overdue": sum(1 for r in rows if r.late),
            "bound": bound,
            "date_text": date_text,
            "when": meeting_when,
            "query": "",
        },
        status=status,
    )


@login_required
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    return _actions_page(request)


@login_required
@require_POST
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    """Mark an action done (its owner, its organisation's people or the secretariat); the
    page's number rides in the query string, so the person comes back to where they were."""
    action = get_object_or_404(Action.objects.select_related("owner_organisation"), pk=action_id)
    enforce(_mark_done_verdict(signed_in_person(request), action))
    form = ActionDoneForm(request.POST, prefix=f"done{action.pk}")
    if not form.is_valid():
        return _actions_page(request, (action.pk, form), status=400)
    try:
        done = services.action_done(
            actor=signed_in_person(request),
            action_id=action.pk,
            done_on=form.cleaned_data["done_on"],
            version=form.cleaned_data["version"],
        )
    except (InvalidInput, StaleEdit) as exc:
        add_refusal(form, exc)
        return _actions_page(request, (action.pk, form), status=exc.status)
    messages.success(request, f"“{done.text[:80]}” is marked done on {date_text(done.done_on)}.")
    back = reverse("meetings:my-actions")
    number = request.GET.get("page", "")
    return redirect(f"{back}?page={number}" if number.isdigit() else back)


# ---------------------------------------------------------------------------- the public


@require_GET
def public_meeting(request: HttpRequest, key: str) -> HttpResponse:
    meeting = selectors.meeting_get(key)
    published = selectors.minutes_of(meeting, PUBLIC)
    return render(
        request,
        "meetings/public_meeting.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "when": meeting_when,
            "date_text": date_text,
            "items": selectors.public_item_list(meeting),
            "minutes": published,
            "blocks": text_blocks(published.text) if published else [],
            "staff": is_staff(acting_person(request)),
            "colours": STATUS_COLOURS,
        },
    )


@require_GET
def public_paper_download(request: HttpRequest, paper_id: int) -> HttpResponse:
    """A published item's paper; any other is not found, as if it did not exist."""
    return papers.paper_download(selectors.paper_get(paper_id, None))


def _attachment(
    content: bytes | str, content_type: str, filename: str, *, private: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "no-store"
    return response


@require_GET
def public_pack(request: HttpRequest, board: str, key: str) -> HttpResponse:
    meeting = selectors.board_meeting_get(board, key)
    return _attachment(
        pack.agenda_pack_pdf(meeting, reader=PUBLIC),
        "application/pdf",
        f"{meeting.key}-agenda-pack.pdf",
    )


@require_GET
def public_minutes_pdf(request: HttpRequest, key: str) -> HttpResponse:
    """Approved minutes only: a draft is not published, as if it did not exist."""
    meeting = selectors.meeting_get(key)
    minutes = selectors.minutes_of(meeting, PUBLIC)
    if minutes is None:
        raise Http404("These minutes are not approved yet.")
    return _attachment(
        pack.minutes_pdf(meeting, minutes, text_blocks(minutes.text)),
        "application/pdf",
        f"{meeting.key}-minutes.pdf",
    )


@require_GET
def public_pack_html(request: HttpRequest, board: str, key: str) -> HttpResponse:
    return _pack_page(request, selectors.board_meeting_get(board, key), public=True)


@require_GET
def board_calendar(request: HttpRequest, board: str) -> HttpResponse:
    found = selectors.board_get(board)
    page = RowUrl("meetings:public-meeting")
    calendar = feeds.board_calendar(
        found,
        selectors.board_calendar_meetings(found),
        now=timezone.now(),
        page_url=lambda m: request.build_absolute_uri(page(m.key)),
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{found.key}-meetings.ics"'
    return response


@require_GET
def conflict_log(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.conflict_log(), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/conflict_log.jinja",
        {"nav": NAV, "page": page, "when": meeting_when, "query": ""},
    )


LOG_COLUMNS = [
    "meeting",
    "board",
    "date",
    "item",
    "kind",
    "member",
    "declared_or_flagged",
    "ruling",
    "reason",
    "ruled_by",
]


@require_GET
def conflict_log_csv(request: HttpRequest) -> HttpResponse:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(LOG_COLUMNS)
    for row in selectors.conflict_log():
        writer.writerow(
            [
                csv_cell(c)
                for c in (
                    row.meeting.key,
                    row.meeting.board.name,
                    row.meeting.date.isoformat(),
                    row.item,
                    row.kind,
                    row.member,
                    row.what,
                    row.ruling,
                    row.reason,
                    row.ruled_by,
                )
            ]
        )
    today = timezone.localdate()
    return _attachment(
        out.getvalue().encode("utf-8-sig"),
        "text/csv; charset=utf-8",
        f"conflicts-of-interest-log-{today:%Y-%m-%d}.csv",
    )
