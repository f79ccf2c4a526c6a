"""What every report of SPEC §15 shares, whichever app builds it: one structure of plain
values shown three ways, as a page, as a PDF (WeasyPrint, from an HTML template) and as a
spreadsheet (openpyxl), so the three can never disagree.

An app builds a `Report` of sections of tables; its page and print templates render it,
`html_pdf` (core.pdfs) makes the PDF/UA-1 file of the print template's HTML, `report_xlsx`
the spreadsheet, and `core.pages.attachment` serves either as a download.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from devolution.core.models import Source
from devolution.core.pdfs import html_pdf as html_pdf  # where the reports' PDFs are made

# A cell: text, a number, several lines (a list on the page, lines in the spreadsheet),
# or None where the data does not know (shown as "unknown", left blank in a spreadsheet).
# An empty string or no lines is an empty cell: nothing there, and nothing unknown.
Cell = str | int | tuple[str, ...] | None
DASH = "\N{EN DASH}"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Table:
    caption: str
    sheet: str  # the spreadsheet's sheet this table's rows go to (at most 31 characters)
    columns: tuple[str, ...]
    widths: tuple[int, ...]  # spreadsheet column widths, in characters
    rows: tuple[tuple[Cell, ...], ...]
    empty: str = "None recorded."
    row_header: bool = False  # the first cell of each row heads its row (a grid's rows)
    links: tuple[str | None, ...] = ()  # on the page, a link for each row's first cell
    print_widths: tuple[int, ...] = ()  # relative widths on paper, if not `widths`'


@dataclass(frozen=True)
class Section:
    heading: str | None
    intro: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class Report:
    slug: str  # the downloads' file name, before the date and extension
    title: str
    intro: str
    sections: tuple[Section, ...]
    sources: tuple[tuple[str, str], ...]  # (title, reference)
    generated: dt.datetime = field(default_factory=timezone.localtime)
    section_label: str = "Board"  # the spreadsheet column naming each row's section
    # Whether the spreadsheet names each row's section: None, when there is more than one.
    label_sections: bool | None = None
    dated: str = ""  # what date the report's content is as at, in words
    facts: tuple[tuple[str, str], ...] = ()  # (label, value) shown under the title

    def filename(self, extension: str) -> str:
        return f"{self.slug}-{self.generated:%Y-%m-%d}.{extension}"


def date_text(date: dt.date | dt.datetime | None, precision: str | None = "day") -> str:
    """A date as precisely as its source gives it: 24 May 2017, June 2017 or 2018; a
    moment (when a record changed) as its day where the partnership is."""
    if date is None:
        return "no date given"
    if isinstance(date, dt.datetime):
        date = timezone.localtime(date).date()
    if precision == "month":
        return f"{date:%B %Y}"
    if precision == "year":
        return f"{date:%Y}"
    return f"{date.day} {date:%B %Y}"


def sources_of(
    ids: Iterable[int | None], known: Iterable[Source] | None = None
) -> tuple[tuple[str, str], ...]:
    """The sources of these ids, as (title, reference), in the sources' own order."""
    wanted = {i for i in ids if i is not None}
    every = Source.objects.all() if known is None else known
    return tuple((s.title, s.reference) for s in every if s.pk in wanted)


def _cell_value(cell: Cell) -> Any:
    if cell is None:
        return None
    if isinstance(cell, tuple):
        return "\n".join(cell) or None
    return cell


def report_xlsx(report: Report) -> bytes:
    """One sheet for each kind of table, a header row in bold, wrapped cells, and a sheet
    of sources."""
    book = Workbook()
    book.remove(book.worksheets[0])
    book.properties.title = report.title
    labelled = len(report.sections) > 1 if report.label_sections is None else report.label_sections
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    sheets: dict[str, Any] = {}
    for section in report.sections:
        for table in section.tables:
            sheet = sheets.get(table.sheet)
            if sheet is None:
                sheet = sheets[table.sheet] = book.create_sheet(table.sheet[:31])
                header = ((report.section_label,) if labelled else ()) + table.columns
                widths = ((36,) if labelled else ()) + table.widths
                sheet.append(header)
                for n, width in enumerate(widths, start=1):
                    sheet.column_dimensions[get_column_letter(n)].width = width
                    sheet.cell(row=1, column=n).font = bold
                sheet.freeze_panes = "A2"
            for row in table.rows:
                lead = (section.heading,) if labelled else ()
                sheet.append([*lead, *(_cell_value(c) for c in row)])
                for cell in sheet[sheet.max_row]:
                    cell.alignment = wrap
    sources = book.create_sheet("Sources")
    sources.append(("Source", "Reference"))
    for title, reference in report.sources:
        sources.append((title, reference))
    sources.append(())
    sources.append(("Report", report.title))
    if report.dated:
        sources.append(("As at", report.dated))
    for label, value in report.facts:
        sources.append((label, value))
    sources.append(("Generated", f"{report.generated:%d %B %Y %H:%M}"))
    for n, width in enumerate((90, 50), start=1):
        sources.column_dimensions[get_column_letter(n)].width = width
        sources.cell(row=1, column=n).font = bold
    out = BytesIO()
    book.save(out)
    return out.getvalue()


# A spreadsheet opening a CSV runs a cell starting with one of these as a formula (CSV
# injection). Exports write such a cell with a leading apostrophe; imports take it off.
FORMULA_START = ("=", "+", "-", "@")


def csv_cell(text: str) -> str:
    """A cell for a CSV export: text a spreadsheet would run as a formula is kept as text.
    An apostrophe already there is doubled, so csv_cell_read gives the text back."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def csv_cell_read(raw: str) -> str:
    """A cell of an imported CSV, as csv_cell wrote it."""
    if raw.startswith("'") and raw[1:].lstrip("'").startswith(FORMULA_START):
        return raw[1:]
    return raw
