"""A meeting's minutes (SPEC §8): drafted from the record, edited and approved at a later
meeting by the secretariat, then frozen; a draft is read by the board's members."""

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from devolution.core.errors import InvalidInput, RuleViolation, StaleEdit
from devolution.core.pages import add_refusal
from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import enforce_staff

from .. import selectors, services
from ..forms import MinutesApproveForm, MinutesForm
from .shared import NAV, RECORD, enforce_secretariat, meeting_when, text_blocks

if TYPE_CHECKING:
    from ..models import Meeting


def _minutes_page(
    request: HttpRequest,
    meeting: "Meeting",
    *,
    edit: MinutesForm | None = None,
    approve: MinutesApproveForm | None = None,
    rule: RuleViolation | None = None,
    status: int = 200,
) -> HttpResponse:
    reader = selectors.reader_of(signed_in_person(request), meeting.board_id)
    minutes = selectors.minutes_of(meeting, reader)
    secretariat = reader.secretariat
    draft = minutes is not None and minutes.status == selectors.MINUTES_STATUS.DRAFT
    later = selectors.later_meetings(meeting) if secretariat and draft else []
    if secretariat and draft and minutes is not None:
        edit = edit or MinutesForm(
            initial={
                "text": minutes.text,
                "confidential_text": minutes.confidential_text,
                "version": minutes.version,
            }
        )
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
            "minutes": minutes,
            "blocks": text_blocks(minutes.text) if minutes else [],
            # The confidential minutes, for those who read the board's confidential
            # business only (visibility.py decides, as for the items themselves).
            "confidential_blocks": text_blocks(minutes.confidential_text)
            if minutes is not None and reader.reads_confidential(meeting.board_id)
            else [],
            "full": reader.reads_confidential(meeting.board_id),
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


def _minutes_back(meeting: "Meeting") -> HttpResponse:
    return redirect("meetings:minutes", key=meeting.key)


@login_required
@require_POST
def minutes_draft(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "drafts the minutes")
    meeting = selectors.meeting_get(key)
    services.minutes_draft(actor=signed_in_person(request), meeting_key=meeting.key)
    messages.success(request, "The minutes are drafted from the record. Edit them below.")
    return _minutes_back(meeting)


@login_required
@require_POST
def minutes_update(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "edits the minutes")
    meeting = selectors.meeting_get(key)
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _minutes_page(request, meeting, edit=form, status=400)
    try:
        services.minutes_update(
            actor=signed_in_person(request),
            meeting_key=meeting.key,
            text=form.cleaned_data["text"],
            confidential_text=form.cleaned_data["confidential_text"],
            version=form.cleaned_data["version"],
        )
    except RuleViolation as exc:
        # Approved: nothing to edit any more; the page says why, with the text as kept.
        return _minutes_page(request, meeting, rule=exc, status=exc.status)
    except (InvalidInput, StaleEdit) as exc:
        return _minutes_page(request, meeting, edit=form, status=add_refusal(form, exc))
    messages.success(request, "The draft minutes are saved.")
    return _minutes_back(meeting)


@login_required
@require_POST
def minutes_approve(request: HttpRequest, key: str) -> HttpResponse:
    enforce_secretariat(acting_person(request), "records the approval of minutes")
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
        return _minutes_page(request, meeting, approve=form, status=add_refusal(form, exc))
    at = approved.approved_at_meeting
    messages.success(
        request,
        f"The minutes are approved at the meeting of {meeting_when(at) if at else ''}, "
        "and published. They can no longer be changed.",
    )
    return _minutes_back(meeting)
