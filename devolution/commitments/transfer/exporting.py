"""The register as a CSV file or an Excel workbook, in the import's layout: an exported
file imports again to no change. The empty templates, and the keys a file may name."""

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from devolution.core.models import Source
from devolution.core.reports import csv_cell
from devolution.governance.models import Board
from devolution.partners.models import Level, Organisation

from ..models import Commitment, Milestone, ProgressUpdate, Theme
from .columns import (
    BAD_CHARACTERS,
    COLUMNS,
    COMMITMENT,
    DATE_HINT,
    MILESTONE,
    NAMES,
    UPDATE,
    Value,
)


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
