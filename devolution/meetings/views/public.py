"""The meetings list, and what the public sees (SPEC §8, §9; QUALITY R5): a meeting's
public page, its published papers and approved minutes, each board's calendar and the
central log of declarations and rulings, all through the one rule of visibility.py."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from devolution.core.jinja import RowUrl
from devolution.core.links import item_panels
from devolution.core.pages import attachment, paginate
from devolution.core.people import acting_person
from devolution.core.spreadsheets import csv_bytes
from devolution.core.versions import cached, data_version
from devolution.partners.access import can_keep_registers, is_staff
from devolution.partners.as_at import as_at
from devolution.partners.selectors import KeptPageRows

from .. import feeds, pack, papers, selectors
from ..forms import MeetingFilter
from ..visibility import PUBLIC
from .shared import NAV, PAGE_SIZE, STATUS_COLOURS, meeting_when, text_blocks

LOG_PAGE_SIZE = 25  # a page of the log: quick to read and to render (QUALITY P1)
# The upcoming meetings the list shows above the past ones: a partnership's boards meet a
# few times a quarter, so this many reach months ahead.
UPCOMING_SHOWN = 50


@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    """One partnership's meetings (`?partnership=`, else the deployment's default), so
    that the list and its board filter do not grow with England's other partnerships."""
    key = request.GET.get("partnership", "").strip()
    named = selectors.partnership_named(key) if key else None
    partnership = named or selectors.default_partnership()
    # The boards that have met and each page of meetings change only with a write: kept
    # until the next one (core.versions), read at one version of the data.
    version = data_version()
    scope = partnership.pk if partnership is not None else "all"
    boards = cached(
        f"meeting-list:boards:{scope}",
        lambda: list(selectors.meeting_boards(partnership)),
        version=version,
    )
    form = MeetingFilter(request.GET, boards=boards, partnership_known=named is not None)
    filters = form.cleaned_data if form.is_valid() else {}
    board, status = filters.get("board") or "", filters.get("status") or ""
    # What is upcoming and what is past turns on the day: it is a part of the kept keys.
    day = as_at(request, partnership)
    kept = f"meeting-list:{scope}:{board}:{status}:{day.isoformat()}"
    upcoming = cached(
        f"{kept}:upcoming",
        lambda: list(
            selectors.meeting_rows(
                board=board or None,
                status=status or None,
                partnership=partnership,
                upcoming_from=day,
            )[:UPCOMING_SHOWN]
        ),
        version=version,
    )
    rows = KeptPageRows(
        f"{kept}:past",
        lambda: selectors.meeting_rows(
            board=board or None, status=status or None, partnership=partnership, past_before=day
        ),
        list,
        version=version,
    )
    page, query = paginate(request, rows, PAGE_SIZE)
    chosen = next((b for b in boards if b.key == filters.get("board")), None)
    # Scheduling opens on the board chosen, among the boards of the partnership asked for.
    schedule = {"board": chosen.key if chosen else "", "partnership": named.key if named else ""}
    return render(
        request,
        "meetings/meeting_list.jinja",
        {
            "nav": NAV,
            "form": form,
            "page": page,
            "upcoming": upcoming,
            "as_at": day,
            "query": query,
            "partnership": partnership,
            "schedule_query": urlencode({k: v for k, v in schedule.items() if v}),
            "staff": is_staff(acting_person(request)),
            "secretariat": can_keep_registers(acting_person(request)),
            "board": chosen,
            "when": meeting_when,
            "colours": STATUS_COLOURS,
            "status_words": {
                value: str(words) for value, words in selectors.MEETING_STATUS.choices
            },
        },
        status=200 if form.is_valid() else 400,
    )


@require_GET
def public_meeting(request: HttpRequest, key: str) -> HttpResponse:
    meeting = selectors.meeting_get(key)
    published = selectors.minutes_of(meeting, PUBLIC)
    items = selectors.agenda_numbered(meeting, items=selectors.public_item_list(meeting))
    return render(
        request,
        "meetings/public_meeting.jinja",
        {
            "nav": NAV,
            "meeting": meeting,
            "when": meeting_when,
            "items": items,
            # What higher areas show under a public item (a proposal's assurance).
            "panels": item_panels([item for _, item in items], public=True),
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


@require_GET
def public_minutes_pdf(request: HttpRequest, key: str) -> HttpResponse:
    """Approved minutes only: a draft is not published, as if it did not exist."""
    meeting = selectors.meeting_get(key)
    minutes = selectors.minutes_of(meeting, PUBLIC)
    if minutes is None:
        raise Http404("These minutes are not approved yet.")
    return attachment(
        pack.minutes_pdf(meeting, minutes, text_blocks(minutes.text)),
        "application/pdf",
        f"{meeting.key}-minutes.pdf",
    )


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


def _log_partnership(request: HttpRequest) -> Any:
    """The partnership whose log is read: `?partnership=` (404 for a key none has), else
    the deployment's default."""
    return selectors.partnership_in_view(request.GET.get("partnership") or None)


@require_GET
def conflict_log(request: HttpRequest) -> HttpResponse:
    partnership = _log_partnership(request)
    page, query = paginate(request, selectors.conflict_log(partnership), LOG_PAGE_SIZE)
    return render(
        request,
        "meetings/conflict_log.jinja",
        {
            "nav": NAV,
            "page": page,
            "when": meeting_when,
            "query": query,
            "partnership": partnership,
            "csv_query": urlencode({"partnership": request.GET["partnership"]})
            if request.GET.get("partnership")
            else "",
        },
    )


LOG_COLUMNS = [
    "meeting",
    "board",
    "date",
    "item",
    "kind",
    "member",
    "declared or flagged",
    "ruling",
    "reason",
    "ruled by",
]


@require_GET
def conflict_log_csv(request: HttpRequest) -> HttpResponse:
    rows = (
        (
            row.meeting.key,
            row.meeting.board.name,
            row.meeting.date,
            row.item,
            row.kind,
            row.member,
            row.what,
            row.ruling,
            row.reason,
            row.ruled_by,
        )
        for row in selectors.conflict_log(_log_partnership(request))
    )
    today = timezone.localdate()
    return attachment(
        csv_bytes(LOG_COLUMNS, rows),
        "text/csv; charset=utf-8",
        f"conflicts-of-interest-log-{today:%Y-%m-%d}.csv",
    )
