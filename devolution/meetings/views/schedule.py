"""Scheduling a meeting, its status moves and its agenda (SPEC §7, §8): items kept by
hand or drafted from the work programme, for the secretariat."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from devolution.core.errors import InvalidInput, RuleViolation, StaleEdit
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person

from .. import agenda, selectors
from ..exemptions import exemption_choices
from ..forms import ItemForm, MeetingScheduleForm, StatusForm
from .record import back, back_to_item, detail_page, refused
from .shared import NAV, Bound, enforce_secretariat, meeting_when

if TYPE_CHECKING:
    from ..models import AgendaItem


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    enforce_secretariat(acting_person(request), "schedules meetings")
    key = request.GET.get("partnership") or None
    partnership = selectors.partnership_in_view(key)
    boards = selectors.board_choices(partnership)
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
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    quorum=data["quorum"],
                )
            except InvalidInput as exc:
                status = add_refusal(form, exc)
            else:
                messages.success(
                    request,
                    f"The {meeting} meeting is scheduled. Draft its agenda from the work "
                    "programme, or add items.",
                )
                return back(meeting)
    else:
        form = MeetingScheduleForm(boards=boards, initial={"board": request.GET.get("board")})
    return render(
        request,
        "meetings/meeting_new.jinja",
        {"nav": NAV, "form": form, "partnership": partnership, "in_view": key},
        status=status,
    )


@login_required
@require_POST
def agenda_draft(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "drafts agendas")
    meeting = selectors.meeting_get(key)
    try:
        created = agenda.agenda_draft(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
        )
    except (InvalidInput, RuleViolation) as exc:
        button = forms.Form({})  # the button's form: bound and valid, to carry the refusal
        button.is_valid()
        return refused(request, meeting, Bound("draft", meeting.pk, button), exc)
    found = len(created)
    messages.success(
        request,
        f"{found} item{'s' if found != 1 else ''} of the work programme added to the agenda."
        if found
        else "Every item the work programme plans for this meeting is already on the agenda.",
    )
    return back(meeting, "#agenda")


@login_required
@require_POST
def meeting_status(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "moves a meeting on")
    meeting = selectors.meeting_get(key)
    form = StatusForm(request.POST)
    bound = Bound("status", meeting.pk, form)
    if not form.is_valid():
        return detail_page(request, meeting, bound, status=400)
    try:
        moved = agenda.meeting_status_move(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            status=form.cleaned_data["to"],
            version=form.cleaned_data["version"],
        )
    except (InvalidInput, RuleViolation, StaleEdit) as exc:
        return refused(request, meeting, bound, exc)
    messages.success(request, f"The meeting's status is now “{moved.get_status_display()}”.")
    return back(meeting)


def _item_initial(item: "AgendaItem") -> dict[str, Any]:
    parties: dict[str, list[str]] = {}
    for party in item.parties.select_related("organisation", "partnership"):
        parties.setdefault(party.role, []).append(agenda.party_name(party))
    return {
        "version": item.version,
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "public": "public" if item.public else "confidential",
        "exemption": item.exemption,
        "recommendation": item.recommendation,
        "function": item.function.key if item.function else "",
        "gateway_phase": item.gateway_phase.key if item.gateway_phase else "",
        "gateway_criterion": (
            f"{item.gateway_criterion.phase.key}:{item.gateway_criterion.key}"
            if item.gateway_criterion
            else ""
        ),
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
        exemption=data["exemption"],
        recommendation=data["recommendation"],
        function=data["function"],
        gateway_phase=data["gateway_phase"],
        gateway_criterion=data["gateway_criterion"],
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
    enforce_secretariat(acting_person(request), "keeps the agenda")
    meeting = selectors.meeting_get(key)
    item = selectors.item_of(meeting, item_id) if item_id is not None else None
    choices = {**selectors.item_form_choices(meeting), "exemptions": exemption_choices()}
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
                status = add_refusal(form, exc)
                rule = exc if isinstance(exc, RuleViolation) else None
            else:
                messages.success(
                    request,
                    f"“{saved.title}” is {'changed' if item else 'added to the agenda'}.",
                )
                return back_to_item(meeting, saved.pk)
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
