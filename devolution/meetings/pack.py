"""A meeting's agenda pack (SPEC §8): a cover, the contents, and each item with its papers'
cover sheets followed by the papers themselves, as one PDF, and the same pack as HTML.

A pack holds what its reader may see (visibility.py): the public's leaves confidential
items and draft agendas out entirely, with their papers: not their titles, not their
number (QUALITY R5), and says nothing of confidentiality; the full pack, with
confidential items, is for the board's members and the secretariat, and is marked so on
every page. `pack_build` is the one place the items are read; the PDF and the HTML are two
renderings of what it returns, so they cannot disagree.

A board pack is read by its page numbers ("item 4, page 23"): the contents give the page
each item starts on and every page says "Page N of M", the papers' own pages included.
Those numbers are only known once the papers are put in, so the PDF is laid out twice
(pack_pdf_layout): once to learn which of its pages each item and cover sheet lands on,
then again with the numbers those pages will carry once each PDF paper's pages follow its
sheet. The papers' pages are put in with pikepdf and their numbers stamped on them as an
artifact. Word, Excel and OpenDocument papers cannot be put in a PDF faithfully, so their
sheets say they are available to download instead. A paper given for several items (the
seeds give one paper for three of a meeting's items) has its cover sheet once, under the
first; the others point to it.
"""

import dataclasses
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
from .selectors import agenda_numbered
from .visibility import Reader

if TYPE_CHECKING:
    import pikepdf
    from weasyprint import Document

logger = logging.getLogger(__name__)
TEMPLATE = "meetings/pack_print.jinja"
FOOTER_TEMPLATE = "meetings/pack_footer.jinja"
NOT_IN_SOURCES = "not in the sources"
NOT_GIVEN = "not given yet"


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
class SharedPaper:
    """A paper for this item whose cover sheet is under an earlier item."""

    title: str
    number: str  # the item its sheet is under
    anchor: str


@dataclass(frozen=True)
class PackItem:
    number: str
    anchor: str  # the id of its heading in the print template
    title: str
    purpose: str
    presenter: str
    public: bool
    papers: tuple[PackPaper, ...]  # the papers whose cover sheets are under this item
    shared: tuple[SharedPaper, ...] = ()  # its papers whose sheets are under an earlier item
    page: int | None = None  # the page of the PDF pack its heading is on


@dataclass(frozen=True)
class Pack:
    board: str
    title: str
    date: str
    time: str  # "10:00 to 12:00 (London time)", or empty when not known
    place: str
    unknown: str  # what an empty time or place reads as
    status: str
    public: bool  # the public's pack
    full: bool  # with the board's confidential items, for its members and the secretariat
    items: tuple[PackItem, ...]
    generated: dt.datetime = field(default_factory=timezone.localtime)
    # In the PDF, once laid out: the pack's page count and each of its own pages' numbers
    # (by their place among the pack's own pages, from 1), the papers' pages counted.
    total: int | None = None
    numbers: tuple[int, ...] = ()

    @property
    def papers(self) -> tuple[PackPaper, ...]:
        return tuple(p for item in self.items for p in item.papers)


def meeting_time(meeting: Meeting) -> str:
    """When the meeting sits, as the meeting pages say it; empty when not known."""
    if meeting.starts_at is None:
        return ""
    text = meeting.starts_at.strftime("%H:%M")
    if meeting.ends_at is not None:
        text += f" to {meeting.ends_at.strftime('%H:%M')}"
    return f"{text} (London time)"


def _items(meeting: Meeting, reader: Reader) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.visible_to(reader)
        .filter(meeting=meeting)
        .prefetch_related(Prefetch("papers", queryset=Paper.objects.order_by("id")))
        .order_by("order", "id")
    )


def _sameness(paper: Paper) -> tuple[Any, ...]:
    """What makes two papers one: the same cover sheet and the same file. The data set
    records a paper given for several items once per item."""
    return (
        paper.title,
        paper.author,
        paper.date_completed,
        paper.purpose,
        paper.executive_summary,
        paper.action_required,
        paper.file_type,
        paper.original_name,
        paper.file_size,
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
    seen: dict[tuple[Any, ...], SharedPaper] = {}
    visible = _items(meeting, reader)
    # The agenda's own numbers (selectors.item_numbers): an item withheld from the reader
    # keeps its number, so the public pack's numbers are the staff pack's.
    for n, item in agenda_numbered(meeting, reader, visible):
        number = str(n)
        papers, shared = [], []
        for p in item.papers.all():
            same = _sameness(p)
            if same in seen:
                shared.append(seen[same])
                continue
            seen[same] = SharedPaper(title=p.title, number=number, anchor=f"paper-{p.pk}")
            papers.append(
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
            )
        items.append(
            PackItem(
                number=number,
                anchor=f"item-{item.pk}",
                title=item.title,
                purpose=item.get_purpose_display(),
                presenter=item.presenter,
                public=item.public,
                papers=tuple(papers),
                shared=tuple(shared),
            )
        )
    board = meeting.board
    return Pack(
        board=board.name,
        title=f"{board.name}: {date_text(meeting.date, meeting.date_precision)}",
        date=date_text(meeting.date, meeting.date_precision),
        time=meeting_time(meeting),
        place=meeting.place,
        unknown=NOT_IN_SOURCES if meeting.source_id else NOT_GIVEN,
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


@dataclass(frozen=True)
class PackLayout:
    """Where things land in the PDF pack. Pages are counted from 0 among the pack's own
    pages (`own`) and among all the PDF's pages (`final`)."""

    starts: dict[str, int]  # anchor -> the first of the pack's own pages it is on
    after: dict[int, tuple[int, ...]]  # own page -> the papers (by id) put in after it
    final: tuple[int, ...]  # own page -> its page in the PDF
    total: int  # the PDF's pages, the papers' included


def pack_pdf_layout(document: "Document", pack: Pack, paper_pages: dict[int, int]) -> PackLayout:
    """Where each item and sheet lands among the pack's own pages, which pages each PDF
    paper goes in after, and what each own page becomes once they are in. Every sheet
    starts a page and whatever follows a sheet starts a page (the print template), so a
    sheet ends where the next item or sheet begins, the last at the end of the document:
    its paper goes in after that."""
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    own = len(document.pages)
    order = [
        (anchor, paper)
        for item in pack.items
        for anchor, paper in [(item.anchor, None), *((p.anchor, p) for p in item.papers)]
        if anchor in starts
    ]
    after: dict[int, list[int]] = {}
    for n, (_anchor, paper) in enumerate(order):
        if paper is None or paper.id not in paper_pages:
            continue
        end = starts[order[n + 1][0]] - 1 if n + 1 < len(order) else own - 1
        after.setdefault(end, []).append(paper.id)
    final, position = [], 0
    for index in range(own):
        final.append(position)
        position += 1 + sum(paper_pages[pk] for pk in after.get(index, []))
    return PackLayout(
        starts=starts,
        after={k: tuple(v) for k, v in after.items()},
        final=tuple(final),
        total=position,
    )


def _numbered(pack: Pack, layout: PackLayout) -> Pack:
    """The pack with the page number of each item and of each of its own pages."""
    items = tuple(
        dataclasses.replace(
            item,
            page=layout.final[layout.starts[item.anchor]] + 1
            if item.anchor in layout.starts
            else None,
        )
        for item in pack.items
    )
    return dataclasses.replace(
        pack, items=items, total=layout.total, numbers=tuple(n + 1 for n in layout.final)
    )


def _footers(numbers: list[int], total: int) -> "pikepdf.Pdf":
    """A strip of footer for each of these pages: "Page N of M", laid out by WeasyPrint
    so its font is embedded, to be stamped on the papers' own pages."""
    import pikepdf

    if not numbers:
        return pikepdf.new()
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(FOOTER_TEMPLATE, {"numbers": numbers, "total": total})
    content = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    return pikepdf.open(BytesIO(content))


def _stamp(pdf: "pikepdf.Pdf", page: "pikepdf.Page", strip: "pikepdf.Page") -> None:
    """Draw the footer strip along the foot of a paper's page, as an artifact (it is no
    part of the paper's text), leaving the paper's own drawing state as it found it."""
    import pikepdf

    box = page.trimbox
    width = float(box[2]) - float(box[0])
    strip_box = strip.mediabox
    height = width * float(strip_box[3]) / float(strip_box[2])
    rect = pikepdf.Rectangle(float(box[0]), float(box[1]), float(box[2]), float(box[1]) + height)
    form = pdf.copy_foreign(strip.as_form_xobject())
    name = page.add_resource(form, pikepdf.Name.XObject, prefix="Fpn")
    placement = page.calc_form_xobject_placement(
        form, name, rect, invert_transformations=True, allow_shrink=True, allow_expand=True
    )
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n/Artifact BMC\n" + bytes(placement) + b"\nEMC\n"))


def agenda_pack_pdf(meeting: Meeting, *, reader: Reader) -> bytes:
    """The pack as one A4 PDF: cover, contents, then each item with its papers' cover
    sheets, each followed by the paper's own pages when it is a PDF; every page numbered.

    The pack's own pages are PDF/UA-1 (core.pdfs): tagged, with their language and the
    pack's title. The papers' pages are put in among them as they were uploaded; the
    pack's catalogue keeps its tags, language and title. A paper's own tags cannot be
    carried over, so a pack holding PDF papers no longer claims PDF/UA conformance in
    its metadata, though it stays tagged."""
    import pikepdf

    papers = _pdf_papers(meeting, reader)
    try:
        paper_pages = {pk: len(p.pages) for pk, p in papers.items()}
        pack = pack_build(meeting, reader=reader, pdf_pages=paper_pages)
        # A paper whose sheet is under an earlier item is in the pack once, there.
        paper_pages = {p.id: paper_pages[p.id] for p in pack.papers if p.id in paper_pages}
        # Laid out until the numbers put in move nothing: twice, unless a page number's
        # width pushes a line onto another page.
        layout = pack_pdf_layout(html_document(_render(pack, pdf=True)), pack, paper_pages)
        for _ in range(3):
            numbered = _numbered(pack, layout)
            document = html_document(_render(numbered, pdf=True))
            again = pack_pdf_layout(document, pack, paper_pages)
            if again == layout:
                break
            layout = again
        main = pikepdf.open(BytesIO(document_pdf(document)))
        inserted = [
            layout.final[index] + 1 + offset
            for index, ids in layout.after.items()
            for offset in range(sum(paper_pages[pk] for pk in ids))
        ]
        strips = _footers([n + 1 for n in sorted(inserted)], layout.total)
        placed: dict[int, int] = {}  # paper id -> its first page in the pack
        stamped = 0
        for index in range(len(layout.final)):
            position = layout.final[index] + 1
            for pk in layout.after.get(index, ()):
                placed[pk] = position
                for paper_page in papers[pk].pages:
                    main.pages.insert(position, paper_page)
                    page = main.pages[position]
                    _untag(page)
                    _stamp(main, page, strips.pages[stamped])
                    stamped += 1
                    position += 1
        with main.open_outline() as outline:
            outline.root.clear()
            outline.root.append(pikepdf.OutlineItem("Cover", 0))
            if "contents" in layout.starts:
                contents = layout.final[layout.starts["contents"]]
                outline.root.append(pikepdf.OutlineItem("Contents", contents))
            for item in numbered.items:
                if item.page is None:
                    continue
                entry = pikepdf.OutlineItem(f"{item.number}. {item.title}", item.page - 1)
                for paper in item.papers:
                    if paper.anchor not in layout.starts:
                        continue
                    sheet = pikepdf.OutlineItem(
                        f"Cover sheet: {paper.title}",
                        layout.final[layout.starts[paper.anchor]],
                    )
                    if paper.id in placed:
                        sheet.children.append(pikepdf.OutlineItem("The paper", placed[paper.id]))
                    entry.children.append(sheet)
                entry.is_closed = True
                outline.root.append(entry)
        main.Root.PageMode = pikepdf.Name.UseOutlines  # the reader opens with the outline
        if placed:
            with main.open_metadata(set_pikepdf_as_editor=False) as meta:
                del meta["pdfuaid:part"]
        out = BytesIO()
        main.save(out)
        strips.close()
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
