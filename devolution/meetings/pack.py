"""A meeting's agenda pack (SPEC §8): a cover, the agenda, and each paper's cover sheet
followed by the paper itself, as one PDF, and the same pack as HTML.

A pack holds what its reader may see (visibility.py): the public's leaves confidential
items and draft agendas out entirely, with their papers: not their titles, not their
number (QUALITY R5); the full pack, with confidential items, is for the board's members
and the secretariat. `pack_build` is the one place the items are read; the PDF and the
HTML are two renderings of what it returns, so they cannot disagree.

The PDF is made in one WeasyPrint pass over the print template, whose every cover sheet
starts a page; the pages each sheet lands on are read from the rendered document's
anchors, and each PDF paper's pages are put in after its sheet with pikepdf. Word, Excel
and OpenDocument papers cannot be put in a PDF faithfully, so their sheets say they are
available to download instead. The pack's own pages are not numbered, since the papers
put in between them carry their own numbers; the PDF's outline leads to every item.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from devolution.core.pdfs import document_pdf, html_document, html_pdf
from devolution.core.reports import date_text

from .models import AgendaItem, Meeting, Paper
from .papers import KINDS
from .visibility import Reader

if TYPE_CHECKING:
    import pikepdf

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


def _pdf_papers(meeting: Meeting, reader: Reader) -> dict[int, "pikepdf.Pdf"]:
    """Each PDF paper in the pack that can be read now, opened with pikepdf, by paper id;
    the caller closes them. A file gone missing or unreadable since its upload is left
    out of the PDF, and its sheet says it is available to download, rather than the whole
    pack failing."""
    import pikepdf

    papers = {}
    for item in _items(meeting, reader):
        for paper in item.papers.all():
            if paper.file_type != "pdf" or not paper.file:
                continue
            try:
                with paper.file.open("rb") as file:
                    pdf = pikepdf.open(BytesIO(file.read()))
                if pdf.is_encrypted or not len(pdf.pages):
                    pdf.close()
                    raise ValueError("encrypted or empty")
            except Exception:  # a damaged or missing file must not stop the pack
                logger.warning("Paper %s left out of the pack of meeting %s", paper.pk, meeting.pk)
                continue
            papers[paper.pk] = pdf
    return papers


def _untag(page: "pikepdf.Page") -> None:
    """A paper's page put in the pack keeps its content but not its claim to a place in
    its own file's tags, which the pack's tags do not hold: left, it would point into the
    pack's structure at random."""
    if "/StructParents" in page.obj:
        del page.obj["/StructParents"]
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            del annotation["/StructParent"]


def agenda_pack_pdf(meeting: Meeting, *, reader: Reader) -> bytes:
    """The pack as one A4 PDF: cover, agenda, then each paper's cover sheet followed by
    the paper's own pages when it is a PDF.

    The pack's own pages are PDF/UA-1 (core.pdfs): tagged, with their language and the
    pack's title. The papers' pages are put in among them as they were uploaded; the
    pack's catalogue keeps its tags, language and title. A paper's own tags cannot be
    carried over, so a pack holding PDF papers no longer claims PDF/UA conformance in
    its metadata, though it stays tagged."""
    import pikepdf

    papers = _pdf_papers(meeting, reader)
    try:
        pack = pack_build(
            meeting, reader=reader, pdf_pages={pk: len(p.pages) for pk, p in papers.items()}
        )
        document = html_document(_render(pack, pdf=True))
        sheet_start: dict[str, int] = {}  # anchor -> the first page it is on
        for index, page in enumerate(document.pages):
            for anchor in page.anchors:
                sheet_start.setdefault(anchor, index)
        pages = len(document.pages)
        main = pikepdf.open(BytesIO(document_pdf(document)))
        listed = [p for p in pack.papers if p.anchor in sheet_start]
        # Each sheet ends where the next begins (every sheet starts a page), the last at
        # the end of the document: its paper goes in after that.
        after: dict[int, list[PackPaper]] = {}
        followers: list[PackPaper | None] = [*listed[1:], None] if listed else []
        for paper, following in zip(listed, followers, strict=True):
            end = sheet_start[following.anchor] - 1 if following else pages - 1
            after.setdefault(end, []).append(paper)
        placed: dict[int, int] = {}  # paper id -> its first page in the pack
        main_index: dict[int, int] = {}  # page of the rendered document -> page in the pack
        position = 0
        for index in range(pages):
            main_index[index] = position
            position += 1
            for paper in after.get(index, []):
                pdf = papers.get(paper.id)
                if pdf is None:
                    continue
                placed[paper.id] = position
                for paper_page in pdf.pages:
                    main.pages.insert(position, paper_page)
                    _untag(main.pages[position])
                    position += 1
        with main.open_outline() as outline:
            outline.root.clear()
            outline.root.append(pikepdf.OutlineItem("Cover", 0))
            if "agenda" in sheet_start:
                agenda = main_index[sheet_start["agenda"]]
                outline.root.append(pikepdf.OutlineItem("Agenda", agenda))
            for item in pack.items:
                for paper in item.papers:
                    if paper.anchor not in sheet_start:
                        continue
                    sheet = pikepdf.OutlineItem(
                        f"{item.number}. {paper.title}", main_index[sheet_start[paper.anchor]]
                    )
                    sheet.is_closed = True
                    if paper.id in placed:
                        sheet.children.append(pikepdf.OutlineItem("The paper", placed[paper.id]))
                    outline.root.append(sheet)
        main.Root.PageMode = pikepdf.Name.UseOutlines  # the reader opens with the outline
        if placed:
            with main.open_metadata(set_pikepdf_as_editor=False) as meta:
                del meta["pdfuaid:part"]
        out = BytesIO()
        main.save(out)
        return out.getvalue()
    finally:
        for pdf in papers.values():
            pdf.close()


def minutes_pdf(meeting: Meeting, minutes: Any, blocks: list[tuple[str, Any]]) -> bytes:
    """Approved minutes as an A4 PDF/UA-1 file: the same text the public page shows."""
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
    return html_pdf(html)
