"""A meeting's agenda pack (SPEC §8): a cover, the agenda, and each paper's cover sheet
followed by the paper itself, as one PDF, and the same pack as HTML.

A pack holds what its reader may see (visibility.py): the public's leaves confidential
items and draft agendas out entirely, with their papers: not their titles, not their
number (QUALITY R5); the full pack, with confidential items, is for the board's members
and the secretariat. `pack_build` is the one place the items are read; the PDF and the
HTML are two renderings of what it returns, so they cannot disagree.

The PDF is made in one WeasyPrint pass over the print template, whose every cover sheet
starts a page; the pages each sheet lands on are read from the rendered document's
anchors, and each PDF paper's pages are put in after its sheet with pypdf. Word, Excel
and OpenDocument papers cannot be put in a PDF faithfully, so their sheets say they are
available to download instead. The pack's own pages are not numbered, since the papers
put in between them carry their own numbers; the PDF's outline leads to every item.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from devolution.core.reports import date_text

from .models import AgendaItem, Meeting, Paper
from .papers import KINDS
from .visibility import Reader

logger = logging.getLogger(__name__)
TEMPLATE = "meetings/pack_print.jinja"


@dataclass(frozen=True)
class PackPaper:
    id: int
    anchor: str  # the id of its cover sheet in the print template
    title: str
    author: str
    date_completed: str  # in words; empty when not given
    purpose: str
    executive_summary: str
    action_required: str
    file_type: str  # pdf, docx, xlsx, odt; empty when the paper has no file
    kind: str  # the file's kind in words: "Word (DOCX)"
    original_name: str
    url: str | None  # where the HTML pack links to download it
    pages: int | None = None  # the pages put in the PDF pack after the sheet, if any


@dataclass(frozen=True)
class PackItem:
    number: int
    title: str
    purpose: str
    presenter: str
    public: bool
    papers: tuple[PackPaper, ...]


@dataclass(frozen=True)
class Pack:
    board: str
    title: str
    date: str
    place: str
    status: str
    public: bool  # the public's pack
    full: bool  # with the board's confidential items, for its members and the secretariat
    items: tuple[PackItem, ...]
    generated: dt.datetime = field(default_factory=timezone.localtime)

    @property
    def papers(self) -> tuple[PackPaper, ...]:
        return tuple(p for item in self.items for p in item.papers)


def _items(meeting: Meeting, reader: Reader) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.visible_to(reader)
        .filter(meeting=meeting)
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("id")))
        .order_by("order", "id")
    )


def pack_build(
    meeting: Meeting,
    *,
    reader: Reader,
    paper_url: Callable[[Paper], str] | None = None,
    pdf_pages: dict[int, int] | None = None,
) -> Pack:
    """What the pack shows `reader`: items withheld from them and their papers are not
    read at all. `pdf_pages` gives, by paper id, the pages of each PDF paper the PDF pack
    puts in after its sheet."""
    pages = pdf_pages or {}
    items = []
    for number, item in enumerate(_items(meeting, reader), start=1):
        papers = tuple(
            PackPaper(
                id=p.pk,
                anchor=f"paper-{p.pk}",
                title=p.title,
                author=p.author,
                date_completed=date_text(p.date_completed) if p.date_completed else "",
                purpose=p.purpose,
                executive_summary=p.executive_summary,
                action_required=p.action_required,
                file_type=p.file_type if p.file else "",
                kind=KINDS.get(p.file_type, "") if p.file else "",
                original_name=p.original_name,
                url=paper_url(p) if paper_url is not None and p.file else None,
                pages=pages.get(p.pk),
            )
            for p in item.papers.all()
        )
        items.append(
            PackItem(
                number=number,
                title=item.title,
                purpose=item.get_purpose_display(),
                presenter=item.presenter,
                public=item.public,
                papers=papers,
            )
        )
    board = meeting.board
    return Pack(
        board=board.name,
        title=f"{board.name}: {date_text(meeting.date, meeting.date_precision)}",
        date=date_text(meeting.date, meeting.date_precision),
        place=meeting.place,
        status=meeting.get_status_display(),
        public=not reader.staff,
        full=reader.reads_confidential(meeting.board_id),
        items=tuple(items),
    )


def _render(pack: Pack, *, pdf: bool) -> str:
    return render_to_string(TEMPLATE, {"pack": pack, "pdf": pdf})


def agenda_pack_html(
    meeting: Meeting, *, reader: Reader, paper_url: Callable[[Paper], str] | None = None
) -> str:
    """The pack as one HTML document. `paper_url`, if given, is where each paper's file
    is downloaded from; the pack links to it."""
    return _render(pack_build(meeting, reader=reader, paper_url=paper_url), pdf=False)


def _pdf_papers(meeting: Meeting, reader: Reader) -> dict[int, Any]:
    """A pypdf reader of each PDF paper in the pack that can be read now, by paper id.
    A file gone missing or unreadable since its upload is left out of the PDF, and its
    sheet says it is available to download, rather than the whole pack failing."""
    from pypdf import PdfReader

    readers = {}
    for item in _items(meeting, reader):
        for paper in item.papers.all():
            if paper.file_type != "pdf" or not paper.file:
                continue
            try:
                with paper.file.open("rb") as file:
                    pdf = PdfReader(BytesIO(file.read()), strict=False)
                if pdf.is_encrypted or not len(pdf.pages):
                    raise ValueError("encrypted or empty")
            except Exception:  # a damaged or missing file must not stop the pack
                logger.warning("Paper %s left out of the pack of meeting %s", paper.pk, meeting.pk)
                continue
            readers[paper.pk] = pdf
    return readers


def agenda_pack_pdf(meeting: Meeting, *, reader: Reader) -> bytes:
    """The pack as one A4 PDF: cover, agenda, then each paper's cover sheet followed by
    the paper's own pages when it is a PDF."""
    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    readers = _pdf_papers(meeting, reader)
    pack = pack_build(
        meeting, reader=reader, pdf_pages={pk: len(r.pages) for pk, r in readers.items()}
    )
    # The template names no other file; should anything in it ever name one, it is
    # not fetched.
    document = HTML(
        string=_render(pack, pdf=True), url_fetcher=URLFetcher(allowed_protocols=())
    ).render()
    sheet_start: dict[str, int] = {}  # anchor -> the first page it is on
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            sheet_start.setdefault(anchor, index)
    main = PdfReader(BytesIO(document.write_pdf()))
    papers = [p for p in pack.papers if p.anchor in sheet_start]
    # Each sheet ends where the next begins (every sheet starts a page), the last at the
    # end of the document: its paper goes in after that.
    after: dict[int, list[PackPaper]] = {}
    followers: list[PackPaper | None] = [*papers[1:], None] if papers else []
    for paper, following in zip(papers, followers, strict=True):
        end = sheet_start[following.anchor] - 1 if following else len(main.pages) - 1
        after.setdefault(end, []).append(paper)
    writer = PdfWriter()
    placed: dict[int, int] = {}  # paper id -> its first page in the pack
    main_index: dict[int, int] = {}  # page of the rendered document -> page in the pack
    for index, page in enumerate(main.pages):
        main_index[index] = len(writer.pages)
        writer.add_page(page)
        for paper in after.get(index, []):
            pdf = readers.get(paper.id)
            if pdf is None:
                continue
            placed[paper.id] = len(writer.pages)
            for paper_page in pdf.pages:
                writer.add_page(paper_page)
    writer.add_outline_item(title="Cover", page_number=0)
    if "agenda" in sheet_start:
        writer.add_outline_item(title="Agenda", page_number=main_index[sheet_start["agenda"]])
    for item in pack.items:
        for paper in item.papers:
            if paper.anchor not in sheet_start:
                continue
            sheet = writer.add_outline_item(
                title=f"{item.number}. {paper.title}",
                page_number=main_index[sheet_start[paper.anchor]],
                is_open=False,
            )
            if paper.id in placed:
                writer.add_outline_item(
                    title="The paper", page_number=placed[paper.id], parent=sheet
                )
    writer.add_metadata(
        {
            "/Title": f"Agenda pack: {pack.title}" + (" (full, confidential)" if pack.full else ""),
            "/Author": pack.board,
            "/Creator": "Devolution",
        }
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def minutes_pdf(meeting: Meeting, minutes: Any, blocks: list[tuple[str, Any]]) -> bytes:
    """Approved minutes as an A4 PDF: the same text the public page shows."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    at = minutes.approved_at_meeting
    html = render_to_string(
        "meetings/minutes_print.jinja",
        {
            "meeting": meeting,
            "title": f"{meeting.board.short_name or meeting.board.name}, "
            f"{date_text(meeting.date, meeting.date_precision)}",
            "approved_at": date_text(at.date, at.date_precision) if at else "",
            "blocks": blocks,
            "minutes": minutes,
        },
    )
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pdf
