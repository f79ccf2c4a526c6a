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
from typing import Any

from django.utils import timezone

from devolution.core.models import Source
from devolution.core.pdfs import html_pdf as html_pdf  # where the reports' PDFs are made
from devolution.core.spreadsheets import Day, xlsx_book, xlsx_bytes, xlsx_sheet

# A cell: text, a number, a date (a `Day`: its words on the page, a date in the
# spreadsheet), several lines (a list on the page, lines in the spreadsheet), or None where
# the data does not know (shown as "unknown", left blank in a spreadsheet). An empty string
# or no lines is an empty cell: nothing there, and nothing unknown. Every cell reaches a
# spreadsheet through the one cell rule of core.spreadsheets.
Cell = str | int | float | tuple[str, ...] | None
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
    moment (when a record changed) as its day where the partnership is. Text on a page,
    a date in a spreadsheet (a core.spreadsheets.Day)."""
    if date is None:
        return "no date given"
    if isinstance(date, dt.datetime):
        date = timezone.localtime(date).date()
    return Day(date, precision)


def sources_of(
    ids: Iterable[int | None], known: Iterable[Source] | None = None
) -> tuple[tuple[str, str], ...]:
    """The sources of these ids, as (title, reference), in the sources' own order."""
    wanted = {i for i in ids if i is not None}
    every = Source.objects.all() if known is None else known
    return tuple((s.title, s.link) for s in every if s.pk in wanted)


def report_xlsx(report: Report) -> bytes:
    """One sheet for each kind of table and a sheet of sources, every cell by the one cell
    rule (core.spreadsheets): a header row in bold, frozen and filtered, wrapped cells."""
    book = xlsx_book(report.title)
    labelled = len(report.sections) > 1 if report.label_sections is None else report.label_sections
    sheets: dict[str, tuple[tuple[str, ...], tuple[int, ...], list[tuple[Any, ...]]]] = {}
    for section in report.sections:
        for table in section.tables:
            if table.sheet not in sheets:
                header = ((report.section_label,) if labelled else ()) + table.columns
                widths = ((36,) if labelled else ()) + table.widths
                sheets[table.sheet] = (header, widths, [])
            lead = (section.heading,) if labelled else ()
            sheets[table.sheet][2].extend((*lead, *row) for row in table.rows)
    for name, (header, widths, rows) in sheets.items():
        xlsx_sheet(book, name, header, rows, widths=widths, wrap=True)
    about: list[tuple[Any, ...]] = [*report.sources, ()]
    about.append(("Report", report.title))
    if report.dated:
        about.append(("As at", report.dated))
    about.extend(report.facts)
    about.append(("Generated", report.generated))
    xlsx_sheet(book, "Sources", ("Source", "Reference"), about, widths=(90, 50))
    return xlsx_bytes(book)
