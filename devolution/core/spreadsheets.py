"""The one cell rule for every CSV and XLSX file the system writes (QUALITY S5), and the
writers that apply it: reports, the register's export and templates, the conflicts log.

A cell is text, a number, a date (or a `Day`, a date as precisely as its source gives it),
several lines, or nothing. Whatever a record holds, the file holds it as what it is:

- text a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
  return) is written with a leading apostrophe, so it stays text; `cell_text_read` takes
  the apostrophe off again on import;
- a character no spreadsheet can hold (the control characters openpyxl refuses, and the
  non-characters and lone surrogates no file can encode) is replaced by U+FFFD, a visible
  mark, never dropped in silence nor allowed to break the download;
- numbers stay numbers (a negative number is a number, not a formula), and text that looks
  like a number stays text (a code such as "08A" or "0012");
- dates are dates: in a workbook, date cells with a number format; in a CSV, ISO 8601.

Every sheet has its header row in bold, frozen, with a filter on it; no cell is a formula.
"""

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# A spreadsheet opening a file runs a cell starting with one of these as a formula (CSV
# injection); a leading tab or carriage return is dropped by some, leaving the formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What openpyxl refuses (openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE: XML 1.0 cannot hold
# them), DEL, the non-characters U+FFFE and U+FFFF, and lone surrogates (no UTF-8 for them).
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
DATE_FORMATS = {"day": "d mmmm yyyy", "month": "mmmm yyyy", "year": "yyyy"}
ISO_DATE = "yyyy-mm-dd"
ISO_LENGTH = {"day": 10, "month": 7, "year": 4}
MOMENT_FORMAT = "yyyy-mm-dd hh:mm"


class Day(str):
    """A date as precisely as its source gives it: on a page or in a PDF it is its words
    ("24 May 2017", "June 2017", "2018"), in a workbook a date cell showing the same."""

    date: dt.date
    precision: str

    def __new__(cls, date: dt.date, precision: str | None = "day") -> "Day":
        precision = precision if precision in DATE_FORMATS else "day"
        if precision == "month":
            words = f"{date:%B %Y}"
        elif precision == "year":
            words = f"{date:%Y}"
        else:
            words = f"{date.day} {date:%B %Y}"
        day = super().__new__(cls, words)
        day.date, day.precision = date, precision
        return day

    def __reduce__(self) -> tuple[type["Day"], tuple[dt.date, str]]:
        """Copied or pickled, a Day stays a Day (a str would lose its date)."""
        return (Day, (self.date, self.precision))

    def iso(self) -> str:
        """The date in a CSV: as much of 2017-05-24 as the source gives."""
        return self.date.isoformat()[: ISO_LENGTH[self.precision]]


def cell_text(text: str) -> str:
    """Text as a file's cell holds it: unwritable characters replaced visibly, and text a
    spreadsheet would run as a formula kept as text by a leading apostrophe. An apostrophe
    already there is doubled, so cell_text_read gives the text back."""
    text = UNWRITABLE.sub(REPLACEMENT, text)
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def cell_text_read(raw: str) -> str:
    """A cell of an imported file, as cell_text wrote it."""
    if raw.startswith("'") and raw[1:].lstrip("'").startswith(FORMULA_START):
        return raw[1:]
    return raw


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return False
    return not isinstance(value, float | Decimal) or math.isfinite(value)


def sheet_value(value: Any) -> tuple[Any, str | None]:
    """A value as a workbook's cell holds it, and the number format it needs (if any)."""
    if value is None:
        return None, None
    if isinstance(value, Day):
        return value.date, DATE_FORMATS[value.precision]
    if _is_number(value):
        return value, None
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(tzinfo=None), MOMENT_FORMAT
    if isinstance(value, dt.date):
        return value, ISO_DATE
    if isinstance(value, list | tuple):
        return cell_text("\n".join(str(line) for line in value)) or None, None
    return cell_text(str(value)), None


def csv_value(value: Any) -> str:
    """A value as a CSV's cell holds it: the same rule, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, Day):
        return value.iso()
    if _is_number(value):
        return str(value)
    if isinstance(value, dt.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return cell_text("\n".join(str(line) for line in value))
    return cell_text(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A CSV file: a header row, then the rows, every cell by the one rule. The byte order
    mark tells Excel the file is UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_value(h) for h in header])
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def sheet_cell(sheet: Worksheet, row: int, column: int, value: Any) -> None:
    """One cell written by the rule: text is text (never a formula, never an error code
    such as "#N/A"), numbers numbers, dates dates; several lines wrap."""
    written, number_format = sheet_value(value)
    if written is None or written == "":
        return
    cell = sheet.cell(row=row, column=column, value=written)
    if isinstance(written, str):
        cell.data_type = "s"
        if "\n" in written:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if number_format:
        cell.number_format = number_format


def sheet_title(title: str) -> str:
    """A sheet's name as a workbook takes it: none of [ ] : * ? / \\, no apostrophe at
    either end, at most 31 characters, never empty."""
    text = SHEET_UNSAFE.sub("-", UNWRITABLE.sub(REPLACEMENT, title)).strip().strip("'")
    return text[:31].strip() or "Sheet"


def xlsx_sheet(
    book: Workbook,
    title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    freeze: str = "A2",
    wrap: bool = False,
) -> Worksheet:
    """A sheet of the workbook: its header row in bold, frozen, with a filter over the
    table; then the rows, every cell by the rule. `wrap` wraps every cell of the rows.
    A name already taken is numbered: "Name (2)"."""
    name = base = sheet_title(title)
    taken, number = {n.lower() for n in book.sheetnames}, 1
    while name.lower() in taken:
        number += 1
        name = f"{base[: 31 - len(f' ({number})')].rstrip()} ({number})"
    sheet = book.create_sheet(name)
    bold = Font(bold=True)
    for column, name in enumerate(header, start=1):
        sheet_cell(sheet, 1, column, name)
        sheet.cell(row=1, column=column).font = bold
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    wrapped = Alignment(wrap_text=True, vertical="top")
    last = 1
    for last, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            sheet_cell(sheet, last, column, value)
            if wrap:
                sheet.cell(row=last, column=column).alignment = wrapped
    sheet.freeze_panes = freeze
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    return sheet


def xlsx_book(title: str = "") -> Workbook:
    """An empty workbook (no default sheet), titled."""
    book = Workbook()
    book.remove(book.worksheets[0])
    if title:
        book.properties.title = UNWRITABLE.sub(REPLACEMENT, title)
    return book


def xlsx_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
