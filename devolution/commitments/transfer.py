"""Import and export of the commitments register (SPEC §15 "Import and export"): the
commitments, milestones and progress updates a partnership keeps in a spreadsheet, as CSV
or XLSX.

One layout, in and out: one sheet (the workbook's first, or the CSV itself), row 1 naming
the columns, one row a record, the `record` column saying which (commitment, milestone or
update). An exported file imports again to no change.

An import reads and checks every row before it writes anything, in one transaction, and
refuses the whole file with every problem named by row and column. Records are matched by
their natural keys (a commitment by its reference, a milestone by its commitment and
title, an update by its commitment, date and progress text), so importing a file twice
changes nothing. A blank cell leaves what is stored as it is: a file never erases data.
"""

import csv
import datetime as dt
import difflib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from devolution.core.errors import InvalidInput, Problem
from devolution.core.models import Source, User
from devolution.core.reports import csv_cell, csv_cell_read
from devolution.core.services import LoadReport, audit_record, snapshot, upsert
from devolution.governance.models import Board
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Level, Organisation
from devolution.partners.rules import may_keep_registers

from .models import Commitment, Milestone, ProgressUpdate, StatusChange, Theme

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_PROBLEMS = 500
# Excel's own limit for one cell: a longer text could not be exported again.
MAX_CELL = 32767
# An XLSX is a zip: a small file may unpack to a great deal (a "zip bomb").
MAX_UNZIPPED = 60 * 1024 * 1024
# Columns beyond these are not read from a workbook.
MAX_COLUMNS = 100
REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
# Characters a spreadsheet cannot hold (openpyxl refuses them): a stored one would break
# every export after it.
BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

IMPORT_SOURCE = {
    "key": "user-import",
    "title": "Entered or imported by partnership staff",
    "kind": Source.Kind.ENTERED,
}

COMMITMENT, MILESTONE, UPDATE = "commitment", "milestone", "update"
RECORDS = (COMMITMENT, MILESTONE, UPDATE)
RECORD_WORDS = {
    "commitment": COMMITMENT,
    "commitments": COMMITMENT,
    "milestone": MILESTONE,
    "milestones": MILESTONE,
    "update": UPDATE,
    "updates": UPDATE,
    "progress update": UPDATE,
    "progress updates": UPDATE,
    "progress": UPDATE,
}


@dataclass(frozen=True)
class Column:
    name: str
    records: tuple[str, ...]
    help: str


COLUMNS = (
    Column("record", RECORDS, "What the row records: commitment, milestone or update."),
    Column(
        "reference",
        RECORDS,
        "The commitment's reference, such as S000-T01 (letters, digits, '.', '-' and '_'). "
        "On a milestone or update row: the commitment it belongs to, which must be "
        "recorded already or be on a commitment row of the same file.",
    ),
    Column("text", (COMMITMENT,), "The commitment's wording. Needed for a new commitment."),
    Column("theme", (COMMITMENT,), "The theme's key. Needed for a new commitment."),
    Column("lead_owner", (COMMITMENT,), "The lead owner's organisation key."),
    Column(
        "supporting",
        (COMMITMENT,),
        "The supporting partners' organisation keys, separated by ';'. They replace the "
        "supporting partners recorded.",
    ),
    Column("board", (COMMITMENT,), "The key of the board accountable for the commitment."),
    Column("level", (COMMITMENT,), "The key of the spatial level the commitment works at."),
    Column("kind", (COMMITMENT,), "devolve, delegate, collaborate or explore."),
    Column(
        "status",
        (COMMITMENT, MILESTONE),
        "not_started, ongoing, complete or blocked. A commitment's new status (or rating) "
        "goes into its history.",
    ),
    Column("rag", (COMMITMENT,), "The commitment's rating: red, amber or green."),
    Column("milestone_title", (MILESTONE,), "The milestone. Needed on a milestone row."),
    Column("due", (MILESTONE,), "The date the milestone is due. Needed for a new milestone."),
    Column("completed_on", (MILESTONE,), "The date the milestone was completed."),
    Column("update_date", (UPDATE,), "The date of the update. Needed on an update row."),
    Column("progress_to_date", (UPDATE,), "Progress to date. Needed on an update row."),
    Column("next_steps", (UPDATE,), "Available next steps."),
    Column("challenges", (UPDATE,), "Challenges facing further implementation."),
    Column(
        "source",
        RECORDS,
        "Optional: the key of the source the record comes from. A new record without one "
        f"is marked '{IMPORT_SOURCE['title']}'.",
    ),
)
NAMES = tuple(c.name for c in COLUMNS)
BY_NAME = {c.name: c for c in COLUMNS}
DATE_COLUMNS = ("due", "completed_on", "update_date")
DATE_HINT = "write dates like 22/03/2018 or 2018-03-22"

Value = str | dt.date


# --------------------------------------------------------------------------- reporting


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def words(self, noun: str) -> str:
        parts = [
            f"{n:,} {what}"
            for n, what in (
                (self.created, "created"),
                (self.updated, "updated"),
                (self.unchanged, "unchanged"),
            )
            if n
        ]
        return f"{noun}: {', '.join(parts)}" if parts else ""


@dataclass
class ImportReport:
    filename: str
    rows: int = 0
    commitments: Tally = field(default_factory=Tally)
    milestones: Tally = field(default_factory=Tally)
    updates: Tally = field(default_factory=Tally)

    @property
    def changed(self) -> bool:
        return any(
            t.created or t.updated for t in (self.commitments, self.milestones, self.updates)
        )

    def summary(self) -> str:
        if not self.rows:
            return f"{self.filename} has no rows below its header: nothing to import."
        parts = [
            words
            for words in (
                self.commitments.words("commitments"),
                self.milestones.words("milestones"),
                self.updates.words("progress updates"),
            )
            if words
        ]
        head = (
            f"Imported {self.filename} ({_count(self.rows, 'row')})"
            if self.changed
            else f"Nothing to change: every row of {self.filename} is already recorded"
        )
        details = "; ".join(parts)
        return f"{head}. {details[:1].upper()}{details[1:]}."


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def problem_text(problem: Problem) -> str:
    """ "Row 4, column 'theme': 'estatez' is not a theme; …", as a person reads it."""
    where = []
    if problem.row is not None:
        where.append(f"Row {problem.row}")
    if problem.field:
        where.append(f"column '{problem.field}'")
    return f"{', '.join(where)}: {problem.message}" if where else problem.message


def _show(value: object) -> str:
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, tuple):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(getattr(value, "key", value))
    text = text.replace("\n", " ")
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _refuse(message: str) -> InvalidInput:
    return InvalidInput([Problem(message)])


def check_size(size: int) -> None:
    """Refuse a file too large to import before reading it."""
    if size > MAX_BYTES:
        raise _refuse(
            f"The file is {size / 1024 / 1024:.1f} MB; the largest file the import takes is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files and import each."
        )


# ----------------------------------------------------------------------------- reading


def _text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()


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
    return _text(str(raw))


def _read_csv(content: bytes) -> Iterator[list[Value]]:
    if b"\x00" in content:
        raise _refuse(
            "This file is not a CSV file: it holds bytes that are not text. Save your "
            "spreadsheet as 'CSV UTF-8' or as an Excel workbook (.xlsx)."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            "This file is not a CSV file in UTF-8: it holds a byte that is not UTF-8 text "
            f"(at byte {exc.start + 1:,}). In Excel, save it as 'CSV UTF-8 (Comma delimited)', "
            "or import the Excel workbook (.xlsx) itself."
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    row = 0
    try:
        for row, cells in enumerate(reader, start=1):  # noqa: B007 (read on an error)
            yield [_text(csv_cell_read(c)) for c in cells]
    except csv.Error as exc:
        raise InvalidInput(
            [Problem(f"this row cannot be read as CSV ({exc}); check its quotes", row=row + 1)]
        ) from exc


def _read_xlsx(content: bytes) -> Iterator[list[Value]]:
    not_a_workbook = _refuse(
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
        raise _refuse(
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
            raise _refuse("The workbook's first sheet is not a sheet of cells.")
        for values in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_cell(v) for v in values]
    except InvalidInput:
        raise
    except Exception as exc:
        raise _refuse(
            "This workbook could not be read: it may be damaged. Open it in your spreadsheet, "
            "save it again as 'Excel Workbook (.xlsx)' and import that."
        ) from exc
    finally:
        book.close()


def _rows(content: bytes, filename: str) -> Iterator[list[Value]]:
    """The file's rows, by what the file holds: its name says what it claims to be, and
    the content must be that."""
    if not content:
        raise _refuse("The file is empty.")
    check_size(len(content))
    name = filename.lower().strip()
    is_zip = content.startswith(b"PK\x03\x04")
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv"):
        if is_zip:
            raise _refuse(
                "This file is named .csv but is a zip file, such as an Excel workbook. If it "
                "is a workbook, name it .xlsx."
            )
        return _read_csv(content)
    if name.endswith((".xls", ".ods", ".numbers")):
        raise _refuse(
            "The import takes CSV (.csv) and Excel workbook (.xlsx) files. Save the "
            "spreadsheet as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8' and import that."
        )
    raise _refuse("The import takes CSV (.csv) and Excel workbook (.xlsx) files only.")


def _header_name(value: Value) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else value
    return re.sub(r"[\s-]+", "_", text.strip().lower())


@dataclass
class _Sheet:
    rows: list[tuple[int, dict[str, Value]]]


def _sheet(content: bytes, filename: str) -> _Sheet:
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
                    f"{_show(header[position])} is not a column the import knows; the columns "
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
            raise _refuse(
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
    return _Sheet(rows)


# ---------------------------------------------------------------------------- checking


class _Keys:
    """The records a keyed column may name, found by key (or name), in any case."""

    def __init__(
        self,
        what: str,
        plural: str,
        objects: Iterable[Any],
        aliases: Iterable[str] = (),
        list_all: bool = True,
    ) -> None:
        self.what = what
        self.plural = plural
        self.list_all = list_all
        self.by_word: dict[str, Any] = {}
        self.keys: list[str] = []
        ambiguous: set[str] = set()
        objects = list(objects)
        for obj in objects:
            self.keys.append(obj.key)
            self.by_word[obj.key.lower()] = obj
        for obj in objects:
            for alias in aliases:
                word = (getattr(obj, alias) or "").strip().lower()
                if not word or (word in self.by_word and self.by_word[word] is not obj):
                    ambiguous.add(word)
                    continue
                self.by_word[word] = obj
        for word in ambiguous - {k.lower() for k in self.keys}:
            self.by_word.pop(word, None)

    def find(self, text: str) -> Any:
        return self.by_word.get(text.strip().lower())

    def unknown(self, text: str) -> str:
        near = difflib.get_close_matches(text.lower(), self.keys, n=1, cutoff=0.75)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        if self.list_all:
            return f"{_show(text)} is not a {self.what}{hint}; {self.plural} are: " + ", ".join(
                self.keys
            )
        return (
            f"{_show(text)} is not a {self.what} key{hint}; the keys are in the Keys sheet of "
            "the import template"
        )


class _Choices:
    def __init__(self, what: str, choices: type[models.TextChoices]) -> None:
        self.what = what
        self.values = list(choices.values)
        self.by_word = {str(v).lower(): str(v) for v in choices.values}
        self.by_word.update({str(label).lower(): str(v) for v, label in choices.choices})

    def find(self, text: str) -> str | None:
        return self.by_word.get(text.strip().lower().replace("_", " ")) or self.by_word.get(
            text.strip().lower()
        )

    def unknown(self, text: str) -> str:
        return f"{_show(text)} is not a {self.what}; write " + _or(self.values)


def _or(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


@dataclass
class _CommitmentPlan:
    row: int
    reference: str
    existing: Commitment | None
    values: dict[str, Any]  # only the fields to write
    supporting: list[Organisation] | None  # None: leave them as they are


@dataclass
class _MilestonePlan:
    row: int
    reference: str
    title: str
    existing: Milestone | None
    values: dict[str, Any]


@dataclass
class _UpdatePlan:
    row: int
    reference: str
    values: dict[str, Any]


@dataclass
class _Plan:
    commitments: list[_CommitmentPlan] = field(default_factory=list)
    milestones: list[_MilestonePlan] = field(default_factory=list)
    updates: list[_UpdatePlan] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORDS, 0))


class _Checker:
    """Reads every row against what is recorded and plans the writes; writes nothing."""

    def __init__(self, sheet: _Sheet) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.hidden = 0
        self.themes = _Keys("theme", "themes", Theme.objects.order_by("order", "key"), ["name"])
        self.organisations = _Keys(
            "organisation",
            "organisations",
            Organisation.objects.order_by("key"),
            ["name", "short_name"],
            list_all=False,
        )
        self.boards = _Keys(
            "board", "boards", Board.objects.order_by("key"), ["name", "short_name"]
        )
        self.levels = _Keys("level", "levels", Level.objects.order_by("rank"), ["name"])
        self.sources = _Keys("source", "sources", Source.objects.order_by("key"), list_all=False)
        self.kinds = _Choices("kind of commitment", Commitment.Kind)
        self.statuses = _Choices("status", Commitment.Status)
        self.rags = _Choices("rating", Commitment.Rag)
        self.today = timezone.localdate()

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.hidden += 1
            return
        self.problems.append(Problem(message, field=column, row=row))

    # --- cells

    def text(self, row: int, cells: Mapping[str, Value], column: str) -> str:
        value = cells.get(column, "")
        return value.isoformat() if isinstance(value, dt.date) else value

    def keyed(self, row: int, cells: Mapping[str, Value], column: str, keys: Any) -> Any:
        text = self.text(row, cells, column)
        if not text:
            return None
        found = keys.find(text)
        if found is None:
            self.problem(row, column, keys.unknown(text))
        return found

    def date(self, row: int, cells: Mapping[str, Value], column: str) -> dt.date | None:
        value = cells.get(column, "")
        if isinstance(value, dt.date):
            return value
        if not value:
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.problem(row, column, f"{_show(value)} is not a date; {DATE_HINT}")
        return parsed

    def check_cells(self, row: int, record: str, cells: Mapping[str, Value]) -> None:
        for column, value in cells.items():
            if column.startswith("#"):
                self.problem(
                    row,
                    None,
                    f"{_show(value)} is in column {int(column[1:]) + 1}, which has no name in "
                    "row 1; name the column or empty the cell",
                )
                continue
            if value == "":
                continue
            if record not in BY_NAME[column].records:
                self.problem(
                    row,
                    column,
                    f"a {record} row does not use this column; leave it blank (it belongs on "
                    + _or([f"a {r} row" for r in BY_NAME[column].records])
                    + ")",
                )
            if isinstance(value, dt.date):
                continue
            if BAD_CHARACTERS.search(value):
                self.problem(
                    row, column, "holds a control character, which a spreadsheet cannot store"
                )
            if len(value) > MAX_CELL:
                self.problem(
                    row,
                    column,
                    f"holds {len(value):,} characters; a cell holds at most {MAX_CELL:,}",
                )

    # --- the file

    def check(self) -> _Plan:
        existing = {
            c.reference.lower(): c
            for c in Commitment.objects.prefetch_related("supporting", "milestones", "updates")
        }
        self.existing = existing
        in_file: dict[str, tuple[int, dict[str, Any]]] = {}
        milestones: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        updates: dict[tuple[str, dt.date, str], tuple[int, dict[str, Any]]] = {}
        refs_in_file = {
            self.text(n, cells, "reference").lower()
            for n, cells in self.sheet.rows
            if self.text(n, cells, "record").lower() in RECORD_WORDS
            and RECORD_WORDS[self.text(n, cells, "record").lower()] == COMMITMENT
        }
        plan = _Plan()
        for number, cells in self.sheet.rows:
            word = self.text(number, cells, "record")
            record = RECORD_WORDS.get(word.lower())
            if record is None:
                self.problem(
                    number,
                    "record",
                    f"{_show(word)} is not a kind of record; write commitment, milestone or update"
                    if word
                    else "say what the row records: commitment, milestone or update",
                )
                continue
            # Every cell of the row is checked, whatever is wrong with the others; a row
            # with any problem is then planned no further.
            before = len(self.problems) + self.hidden
            self.check_cells(number, record, cells)
            reference = self.text(number, cells, "reference")
            known = reference.lower() in existing or reference.lower() in refs_in_file
            if not reference:
                self.problem(
                    number, "reference", f"a {record} row needs the commitment's reference"
                )
            elif not REFERENCE.fullmatch(reference):
                self.problem(
                    number,
                    "reference",
                    f"{_show(reference)} is not a reference: use up to 60 letters, digits, '.', "
                    "'-' and '_', starting with a letter or digit",
                )
            elif record != COMMITMENT and not known:
                self.problem(
                    number,
                    "reference",
                    f"there is no commitment {_show(reference)}, recorded or in this file",
                )
            if record == COMMITMENT:
                self.commitment(number, reference, cells, in_file, plan, before)
            elif record == MILESTONE:
                self.milestone(number, reference, cells, milestones, plan, before)
            else:
                self.update(number, reference, cells, updates, plan, before)
        if self.hidden:
            self.problems.append(
                Problem(
                    f"… and {self.hidden:,} more problems. Put these right and import the file "
                    "again to see the rest."
                )
            )
        return plan

    def same_again(
        self,
        number: int,
        what: str,
        seen: dict[Any, tuple[int, dict[str, Any]]],
        key: Any,
        given: dict[str, Any],
    ) -> bool:
        """True when the record is on an earlier row: nothing more to do for this one."""
        if key not in seen:
            seen[key] = (number, dict(given))
            return False
        first, earlier = seen[key]
        for column in NAMES:
            if earlier.get(column) != given.get(column):
                shown = _show(earlier[column]) if earlier.get(column) else "nothing"
                self.problem(
                    number,
                    column,
                    f"{what} is also on row {first}, with {shown} in this column; give it once, "
                    "or the same each time",
                )
                break
        return True

    def commitment(
        self,
        number: int,
        reference: str,
        cells: Mapping[str, Value],
        seen: dict[Any, tuple[int, dict[str, Any]]],
        plan: _Plan,
        before: int,
    ) -> None:
        """Check the row's cells; plan its write if the row (`before`: the number of
        problems found before it) has none."""
        existing = self.existing.get(reference.lower())
        given: dict[str, Any] = {}
        text = self.text(number, cells, "text")
        if text:
            given["text"] = text
        for column, keys in (
            ("theme", self.themes),
            ("lead_owner", self.organisations),
            ("board", self.boards),
            ("level", self.levels),
            ("source", self.sources),
        ):
            found = self.keyed(number, cells, column, keys)
            if found is not None:
                given[column] = found
        for column, choices in (
            ("kind", self.kinds),
            ("status", self.statuses),
            ("rag", self.rags),
        ):
            word = self.text(number, cells, column)
            if word:
                value = choices.find(word)
                if value is None:
                    self.problem(number, column, choices.unknown(word))
                else:
                    given[column] = value
        supporting: list[Organisation] | None = None
        words = [w.strip() for w in re.split(r"[;,\n]", self.text(number, cells, "supporting"))]
        if any(words):
            supporting = []
            for word in (w for w in words if w):
                organisation = self.organisations.find(word)
                if organisation is None:
                    self.problem(number, "supporting", self.organisations.unknown(word))
                elif organisation not in supporting:
                    supporting.append(organisation)
            given["supporting"] = tuple(sorted(o.key for o in supporting))
        if existing is None and reference and _hidden_by_a_page(reference):
            self.problem(
                number,
                "reference",
                f"{_show(reference)} is the name of a page of the site, so the commitment's "
                "own page could not be reached; choose another reference",
            )
        if existing is None:
            for column, words_ in (("text", "its text"), ("theme", "its theme")):
                if not self.text(number, cells, column):
                    self.problem(number, column, f"a new commitment needs {words_}")
        if len(self.problems) + self.hidden > before:
            return
        if self.same_again(number, f"commitment {reference}", seen, reference.lower(), given):
            return
        given.pop("supporting", None)
        if existing is not None:
            reference = existing.reference
            given = {k: v for k, v in given.items() if _differs(existing, k, v)}
            if supporting is not None and {o.pk for o in supporting} == {
                o.pk for o in existing.supporting.all()
            }:
                supporting = None
            if not given and supporting is None:
                plan.unchanged[COMMITMENT] += 1
                return
        plan.commitments.append(_CommitmentPlan(number, reference, existing, given, supporting))

    def milestone(
        self,
        number: int,
        reference: str,
        cells: Mapping[str, Value],
        seen: dict[Any, tuple[int, dict[str, Any]]],
        plan: _Plan,
        before: int,
    ) -> None:
        """Check the row's cells; plan its write if the row (`before`: the number of
        problems found before it) has none."""
        commitment = self.existing.get(reference.lower())
        title = self.text(number, cells, "milestone_title")
        if not title:
            self.problem(number, "milestone_title", "a milestone row needs the milestone's title")
        existing = None
        if commitment is not None and title:
            reference = commitment.reference
            existing = next(
                (m for m in commitment.milestones.all() if _text(m.title) == title), None
            )
        given: dict[str, Any] = {}
        for column in ("due", "completed_on"):
            day = self.date(number, cells, column)
            if day is not None:
                given[column] = day
        if given.get("completed_on") and given["completed_on"] > self.today:
            self.problem(
                number, "completed_on", "a milestone cannot be completed on a date still to come"
            )
        status = self.text(number, cells, "status")
        if status:
            value = self.statuses.find(status)
            if value is None:
                self.problem(number, "status", self.statuses.unknown(status))
            else:
                given["status"] = value
        source = self.keyed(number, cells, "source", self.sources)
        if source is not None:
            given["source"] = source
        if existing is None and "due" not in given and not self.text(number, cells, "due"):
            self.problem(number, "due", "a new milestone needs the date it is due")
        if len(self.problems) + self.hidden > before:
            return
        key = (reference.lower(), title)
        if self.same_again(number, f"milestone {_show(title)} of {reference}", seen, key, given):
            return
        if existing is not None:
            given = {k: v for k, v in given.items() if _differs(existing, k, v)}
            if not given:
                plan.unchanged[MILESTONE] += 1
                return
        plan.milestones.append(_MilestonePlan(number, reference, title, existing, given))

    def update(
        self,
        number: int,
        reference: str,
        cells: Mapping[str, Value],
        seen: dict[Any, tuple[int, dict[str, Any]]],
        plan: _Plan,
        before: int,
    ) -> None:
        """Check the row's cells; plan its write if the row (`before`: the number of
        problems found before it) has none."""
        commitment = self.existing.get(reference.lower())
        day = self.date(number, cells, "update_date")
        if day is None and not self.text(number, cells, "update_date"):
            self.problem(number, "update_date", "an update row needs the date of the update")
        if day is not None and day > self.today:
            self.problem(number, "update_date", "the date of an update cannot be in the future")
        progress = self.text(number, cells, "progress_to_date")
        if not progress:
            self.problem(number, "progress_to_date", "an update row needs the progress to date")
        given: dict[str, Any] = {"update_date": day, "progress_to_date": progress}
        for column in ("next_steps", "challenges"):
            text = self.text(number, cells, column)
            if text:
                given[column] = text
        source = self.keyed(number, cells, "source", self.sources)
        if source is not None:
            given["source"] = source
        if len(self.problems) + self.hidden > before or day is None:
            return
        key = (reference.lower(), day, progress)
        what = f"the update of {day:%d/%m/%Y} to {reference}"
        if self.same_again(number, what, seen, key, given):
            return
        recorded = None
        if commitment is not None:
            reference = commitment.reference
            recorded = next(
                (
                    u
                    for u in commitment.updates.all()
                    if u.date == day and _text(u.progress_to_date) == progress
                ),
                None,
            )
        if recorded is not None:
            for column in ("next_steps", "challenges", "source"):
                if column in given and _differs(recorded, column, given[column]):
                    self.problem(
                        number,
                        column,
                        f"{what} with this progress to date is recorded already, with other "
                        f"{column.replace('_', ' ')}; a recorded update is never changed: give "
                        "a new update its own date or progress to date",
                    )
                    return
            plan.unchanged[UPDATE] += 1
            return
        values = {
            "date": day,
            "progress_to_date": progress,
            "next_steps": given.get("next_steps", ""),
            "challenges": given.get("challenges", ""),
        }
        if source is not None:
            values["source"] = source
        plan.updates.append(_UpdatePlan(number, reference, values))


def _hidden_by_a_page(reference: str) -> bool:
    """Whether another page's address (the import page's, say) would hide the commitment's
    page: such a reference is refused for a new commitment."""
    try:
        url = reverse("commitments:commitment-detail", args=[reference])
        return resolve(url).view_name != "commitments:commitment-detail"
    except (NoReverseMatch, Resolver404):
        return False


def _parse_date(text: str) -> dt.date | None:
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _differs(obj: models.Model, name: str, given: Any) -> bool:
    """Whether the file's value differs from the record's (a related record by its id, so
    no query; a text by its words, not its line endings or surrounding spaces)."""
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        return bool(getattr(obj, model_field.attname) != given.pk)
    stored = getattr(obj, name)
    if isinstance(stored, str) and isinstance(given, str):
        return _text(stored) != _text(given)
    return bool(stored != given)


# ----------------------------------------------------------------------------- writing


def commitments_import(*, actor: User | None, content: bytes, filename: str) -> ImportReport:
    """Import a register of commitments, milestones and progress updates, all or nothing.

    `actor` None is the system (the `import` command); a person must keep the registers:
    importing progress on behalf of the owners is the secretariat's task (SPEC §1, §15).
    """
    if actor is not None:
        enforce(may_keep_registers(memberships_of(actor)))
    sheet = _sheet(content, filename)
    report = ImportReport(filename=filename, rows=len(sheet.rows))
    with transaction.atomic():
        checker = _Checker(sheet)
        plan = checker.check()
        if checker.problems:
            raise InvalidInput(checker.problems)
        _write(plan, actor, report)
    return report


def _write(plan: _Plan, actor: User | None, report: ImportReport) -> None:
    loaded = LoadReport()
    kw: dict[str, Any] = {"actor": actor, "report": loaded}
    own_source: list[Source] = []

    def default_source() -> Source:
        if not own_source:
            own_source.append(
                upsert(
                    Source,
                    {"key": IMPORT_SOURCE["key"]},
                    {"title": IMPORT_SOURCE["title"], "kind": IMPORT_SOURCE["kind"]},
                    {},
                    what="sources",
                    **kw,
                )
            )
        return own_source[0]

    commitments: dict[str, Commitment] = {}
    now = timezone.now()
    for c in plan.commitments:
        values = dict(c.values)
        m2m: dict[str, Iterable[models.Model]] = (
            {"supporting": c.supporting} if c.supporting is not None else {}
        )
        if c.existing is None:
            values.setdefault("source", default_source())
            commitment = upsert(
                Commitment, {"reference": c.reference}, values, m2m, what="commitments", **kw
            )
            report.commitments.created += 1
            rated = bool(commitment.status or commitment.rag)
        else:
            commitment = upsert(
                Commitment, {"pk": c.existing.pk}, values, m2m, what="commitments", **kw
            )
            report.commitments.updated += 1
            rated = "status" in values or "rag" in values
        if rated:
            StatusChange.objects.create(
                commitment=commitment,
                at=now,
                status=commitment.status,
                rag=commitment.rag,
                by=actor if actor is not None and actor.pk else None,
            )
        commitments[commitment.reference.lower()] = commitment

    def commitment_of(reference: str) -> Commitment:
        """`reference` is as recorded, or as the file spells a commitment it creates."""
        if reference.lower() not in commitments:
            commitments[reference.lower()] = Commitment.objects.get(reference=reference)
        return commitments[reference.lower()]

    for m in plan.milestones:
        if m.existing is None:
            values = {**m.values, "source": m.values.get("source") or default_source()}
            upsert(
                Milestone,
                {"commitment": commitment_of(m.reference), "title": m.title},
                values,
                {},
                what="milestones",
                **kw,
            )
            report.milestones.created += 1
        else:
            upsert(Milestone, {"pk": m.existing.pk}, m.values, {}, what="milestones", **kw)
            report.milestones.updated += 1
    for u in plan.updates:
        update = ProgressUpdate.objects.create(
            commitment=commitment_of(u.reference),
            author=actor if actor is not None and actor.pk else None,
            **{**u.values, "source": u.values.get("source") or default_source()},
        )
        audit_record(
            actor=actor,
            action="create",
            obj=update,
            before=None,
            after=snapshot(
                update,
                ["commitment", "date", "progress_to_date", "next_steps", "challenges", "source"],
            ),
        )
        report.updates.created += 1
    report.commitments.unchanged = plan.unchanged[COMMITMENT]
    report.milestones.unchanged = plan.unchanged[MILESTONE]
    report.updates.unchanged = plan.unchanged[UPDATE]


# ----------------------------------------------------------------------------- export


def register_rows() -> list[dict[str, Value]]:
    """Every commitment, then its milestones, then its progress updates: the import's
    columns, keyed as the import reads them."""
    rows: list[dict[str, Value]] = []
    commitments = Commitment.objects.select_related(
        "theme", "lead_owner", "board", "level", "source"
    ).prefetch_related(
        "supporting",
        models.Prefetch(
            "milestones", queryset=Milestone.objects.select_related("source").order_by("due", "id")
        ),
        models.Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.select_related("source").order_by("date", "id"),
        ),
    )

    def key(obj: Any) -> str:
        return obj.key if obj is not None else ""

    for c in commitments.order_by("reference"):
        rows.append(
            {
                "record": COMMITMENT,
                "reference": c.reference,
                "text": c.text,
                "theme": key(c.theme),
                "lead_owner": key(c.lead_owner),
                "supporting": "; ".join(sorted(o.key for o in c.supporting.all())),
                "board": key(c.board),
                "level": key(c.level),
                "kind": c.kind,
                "status": c.status,
                "rag": c.rag,
                "source": key(c.source),
            }
        )
        for m in c.milestones.all():
            row: dict[str, Value] = {
                "record": MILESTONE,
                "reference": c.reference,
                "milestone_title": m.title,
                "status": m.status,
                "source": key(m.source),
            }
            if m.due:
                row["due"] = m.due
            if m.completed_on:
                row["completed_on"] = m.completed_on
            rows.append(row)
        for u in c.updates.all():
            rows.append(
                {
                    "record": UPDATE,
                    "reference": c.reference,
                    "update_date": u.date,
                    "progress_to_date": u.progress_to_date,
                    "next_steps": u.next_steps,
                    "challenges": u.challenges,
                    "source": key(u.source),
                }
            )
    return rows


def _exportable(value: Value) -> Value:
    """A character no spreadsheet can hold (the import refuses them, but other doors may
    have let one in) is left out, so one record cannot break the whole download."""
    return value if isinstance(value, dt.date) else BAD_CHARACTERS.sub("", value)


def _csv(rows: Iterable[Mapping[str, Value]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(NAMES)
    for row in rows:
        cells = []
        for name in NAMES:
            value = _exportable(row.get(name, ""))
            cells.append(value.isoformat() if isinstance(value, dt.date) else csv_cell(value))
        writer.writerow(cells)
    # The byte order mark tells Excel the file is UTF-8; the import accepts it.
    return out.getvalue().encode("utf-8-sig")


WIDTHS = {"text": 60, "milestone_title": 40, "progress_to_date": 60, "next_steps": 40}


def _xlsx(rows: Iterable[Mapping[str, Value]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(list(NAMES))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    for number, name in enumerate(NAMES, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS.get(name, 16)
    for row_number, row in enumerate(rows, start=2):
        for number, name in enumerate(NAMES, start=1):
            value = _exportable(row.get(name, ""))
            if value == "":
                continue
            cell = sheet.cell(row=row_number, column=number, value=value)
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            else:
                # openpyxl takes a text starting "=" for a formula: this is text.
                cell.data_type = "s"
                if "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide = book.create_sheet("Columns")
    guide.append(["Column", "On rows of", "What to write"])
    for column in COLUMNS:
        guide.append([column.name, ", ".join(column.records), column.help])
    guide.append([])
    guide.append(["Dates", "", DATE_HINT.capitalize() + ", or use the spreadsheet's dates."])
    guide.append(["Blank cells", "", "A blank cell leaves what is recorded as it is."])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 30
    guide.column_dimensions["C"].width = 100
    keys = book.create_sheet("Keys")
    keys.append(["List", "Key", "Name"])
    for cell in keys[1]:
        cell.font = Font(bold=True)
    for listed, key, name in key_lists():
        keys.append([listed, key, name])
    keys.column_dimensions["A"].width = 18
    keys.column_dimensions["B"].width = 40
    keys.column_dimensions["C"].width = 80
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def key_lists() -> list[tuple[str, str, str]]:
    """(list, key, name) for every keyed column: what the import template's Keys sheet and
    the import page show."""
    lists: list[tuple[str, str, str]] = []
    lists += [("theme", t.key, t.name) for t in Theme.objects.order_by("order", "key")]
    lists += [("organisation", o.key, o.name) for o in Organisation.objects.order_by("key")]
    lists += [("board", b.key, b.name) for b in Board.objects.order_by("key")]
    lists += [("level", lv.key, lv.name) for lv in Level.objects.order_by("rank")]
    lists += [("kind", str(v), str(label)) for v, label in Commitment.Kind.choices]
    lists += [("status", str(v), str(label)) for v, label in Commitment.Status.choices]
    lists += [("rag", str(v), str(label)) for v, label in Commitment.Rag.choices]
    lists += [("source", s.key, s.title) for s in Source.objects.order_by("key")]
    return lists


def export_csv() -> bytes:
    return _csv(register_rows())


def export_xlsx() -> bytes:
    return _xlsx(register_rows())


def template_csv() -> bytes:
    return _csv([])


def template_xlsx() -> bytes:
    return _xlsx([])


def export_filename(extension: str) -> str:
    return f"commitments-{timezone.localdate():%Y-%m-%d}.{extension}"
