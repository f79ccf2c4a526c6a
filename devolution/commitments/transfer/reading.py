"""Reading a CSV file or an Excel workbook into rows of cells, by column name; refusing what
is not one, or is too large, before anything is checked."""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from devolution.core.errors import InvalidInput, Problem
from devolution.core.spreadsheets import cell_text_read

from .columns import (
    BY_NAME,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED,
    NAMES,
    Value,
    check_size,
    clean_text,
    refuse,
    show,
)


def _cell(raw: Any) -> Value:
    """A spreadsheet's cell as text, or as a date where the spreadsheet holds a date."""
    if raw is None:
        return ""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.time):
        return raw.isoformat()
    # Text the export kept from running as a formula, as the CSV's (core.spreadsheets).
    return clean_text(cell_text_read(raw) if isinstance(raw, str) else str(raw))


def _read_csv(content: bytes) -> Iterator[list[Value]]:
    if b"\x00" in content:
        raise refuse(
            "This file is not a CSV file: it holds bytes that are not text. Save your "
            "spreadsheet as 'CSV UTF-8' or as an Excel workbook (.xlsx)."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse(
            "This file is not a CSV file in UTF-8: it holds a byte that is not UTF-8 text "
            f"(at byte {exc.start + 1:,}). In Excel, save it as 'CSV UTF-8 (Comma delimited)', "
            "or import the Excel workbook (.xlsx) itself."
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):  # noqa: B007 (read on an error)
            yield [clean_text(cell_text_read(c)) for c in cells]
    except csv.Error as exc:
        raise InvalidInput(
            [Problem(f"this row cannot be read as CSV ({exc}); check its quotes", row=row + 1)]
        ) from exc


def _read_xlsx(content: bytes) -> Iterator[list[Value]]:
    not_a_workbook = refuse(
        "This file is named .xlsx but is not an Excel workbook. Save your spreadsheet as "
        "'Excel Workbook (.xlsx)', or as 'CSV UTF-8' and name it .csv."
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise not_a_workbook from exc
    if "xl/workbook.xml" not in {e.filename for e in entries}:
        raise not_a_workbook
    if sum(e.file_size for e in entries) > MAX_UNZIPPED:
        raise refuse(
            "This workbook unpacks to more than "
            f"{MAX_UNZIPPED // 1024 // 1024} MB; the import takes smaller workbooks. Copy the "
            "register's rows into a new workbook, or save it as CSV."
        )
    # openpyxl reports a damaged workbook through many kinds of exception (zip, XML, key
    # and value errors), while opening it and while reading its rows: any of them means
    # the same thing to the person importing.
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:
        raise not_a_workbook from exc
    try:
        if not book.worksheets or not hasattr(book.worksheets[0], "iter_rows"):
            raise refuse("The workbook's first sheet is not a sheet of cells.")
        for values in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell(v) for v in values]
    except InvalidInput:
        raise
    except Exception as exc:
        raise refuse(
            "This workbook could not be read: it may be damaged. Open it in your spreadsheet, "
            "save it again as 'Excel Workbook (.xlsx)' and import that."
        ) from exc
    finally:
        book.close()


def _rows(content: bytes, filename: str) -> Iterator[list[Value]]:
    """The file's rows, by what the file holds: its name says what it claims to be, and
    the content must be that."""
    if not content:
        raise refuse("The file is empty.")
    check_size(len(content))
    name = filename.lower().strip()
    is_zip = content.startswith(b"PK\x03\x04")
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        if is_zip:
            raise refuse(
                "This file is named .csv but is a zip file, such as an Excel workbook. If it "
                "is a workbook, name it .xlsx."
            )
        return _read_csv(content)
    if name.endswith((".xls", ".ods", ".numbers")):
        raise refuse(
            "The import takes CSV (.csv) and Excel workbook (.xlsx) files. Save the "
            "spreadsheet as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8' and import that."
        )
    raise refuse("The import takes CSV (.csv) and Excel workbook (.xlsx) files only.")


def _header_name(value: Value) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else value
    return re.sub(r"[\s-]+", "_", text.strip().lower())


@dataclass
class Sheet:
    rows: list[tuple[int, dict[str, Value]]]


def read_sheet(content: bytes, filename: str) -> Sheet:
    """Row 1's columns, and every row below with data, by its number in the spreadsheet."""
    iterator = _rows(content, filename)
    header = next(iterator, None)
    if header is None or not any(header):
        raise InvalidInput(
            [
                Problem(
                    "row 1 must name the columns (record, reference and the others the page "
                    "lists); this file's row 1 is empty",
                    row=1,
                )
            ]
        )
    names = [_header_name(v) for v in header]
    while names and not names[-1]:
        names.pop()
    known = [n for n in names if n in BY_NAME]
    if not known:
        raise InvalidInput(
            [
                Problem(
                    "row 1 must name the columns: "
                    + ", ".join(NAMES)
                    + "; this file's row 1 names none of them",
                    row=1,
                )
            ]
        )
    problems = []
    seen: set[str] = set()
    for position, name in enumerate(names):
        if not name:
            continue
        if name not in BY_NAME:
            problems.append(
                Problem(
                    f"{show(header[position])} is not a column the import knows; the columns "
                    f"are: {', '.join(NAMES)}",
                    row=1,
                )
            )
        elif name in seen:
            problems.append(Problem("this column is named twice in row 1", field=name, row=1))
        seen.add(name)
    for required in ("record", "reference"):
        if required not in seen:
            problems.append(Problem(f"row 1 has no '{required}' column; it is needed", row=1))
    if problems:
        raise InvalidInput(problems)
    rows = []
    for number, values in enumerate(iterator, start=2):
        if number > 20 * MAX_ROWS:
            break  # nothing but blank rows since the limit: stop reading them
        if not any(values):
            continue
        if number > MAX_ROWS + 1:
            raise refuse(
                f"The file has rows beyond row {MAX_ROWS + 1:,}; the import takes at most "
                f"{MAX_ROWS:,} rows below the header. Split it into smaller files."
            )
        cells: dict[str, Value] = {}
        for position, value in enumerate(values):
            if position < len(names) and names[position] in BY_NAME:
                cells[names[position]] = value
            elif value != "":
                cells[f"#{position}"] = value
        rows.append((number, cells))
    return Sheet(rows)
