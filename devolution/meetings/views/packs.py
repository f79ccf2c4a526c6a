"""The agenda pack as a page and as a PDF (SPEC §8): the public's at its public address,
and the staff's, with the board's confidential items for its members and the secretariat."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from devolution.core.documents import document_served
from devolution.core.jinja import RowUrl
from devolution.core.pages import attachment
from devolution.core.people import acting_person
from devolution.partners.access import enforce_staff

from .. import pack, selectors
from ..visibility import PUBLIC
from .shared import NAV, RECORD, meeting_when

if TYPE_CHECKING:
    from ..models import Meeting


def _pack_page(request: HttpRequest, meeting: "Meeting", *, public: bool) -> HttpResponse:
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

    def made() -> HttpResponse:
        return attachment(
            pack.agenda_pack_pdf(meeting, reader=reader),
            "application/pdf",
            f"{meeting.key}-agenda-pack{full}.pdf",
            private=True,
        )

    if not settings.DOCUMENTS_MADE_ONCE:
        return made()
    # Every reader the door lets in sees one of two packs: with the confidential items
    # or without. Each is made once for the data's version, after the door has decided.
    return document_served(request, made, variant=f"staff{full}")


@require_GET
def public_pack(request: HttpRequest, board: str, key: str) -> HttpResponse:
    meeting = selectors.board_meeting_get(board, key)
    return attachment(
        pack.agenda_pack_pdf(meeting, reader=PUBLIC),
        "application/pdf",
        f"{meeting.key}-agenda-pack.pdf",
    )


@require_GET
def public_pack_html(request: HttpRequest, board: str, key: str) -> HttpResponse:
    return _pack_page(request, selectors.board_meeting_get(board, key), public=True)
