"""The import's layout (one row a record, its columns, its limits) and its report, shared by
reading, checking, applying and exporting."""

import datetime as dt
import re
from dataclasses import dataclass, field

from devolution.core.errors import InvalidInput, Problem
from devolution.core.models import Source

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
        "not_started, ongoing, complete or blocked (a milestone's: not_started, ongoing or "
        "complete; a complete milestone is never overdue). A commitment's new status (or "
        "rating) goes into its history.",
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


def show(value: object) -> str:
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, tuple):
        text = "; ".join(str(v) for v in value)
    else:
        text = str(getattr(value, "key", value))
    text = text.replace("\n", " ")
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def refuse(message: str) -> InvalidInput:
    return InvalidInput([Problem(message)])


def check_size(size: int) -> None:
    """Refuse a file too large to import before reading it."""
    if size > MAX_BYTES:
        raise refuse(
            f"The file is {size / 1024 / 1024:.1f} MB; the largest file the import takes is "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files and import each."
        )


def clean_text(raw: str) -> str:
    return raw.replace("\r\n", "\n").replace("\r", "\n").strip()
