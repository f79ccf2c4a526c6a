"""The register as a CSV file or an Excel workbook, in the import's layout: an exported
file imports again to no change. The empty templates, and the keys a file may name."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from devolution.core.models import Source
from devolution.core.spreadsheets import csv_bytes, xlsx_book, xlsx_bytes, xlsx_sheet
from devolution.governance.models import Board
from devolution.partners.models import Level, Organisation, Partnership

from ..models import Commitment, Milestone, ProgressUpdate, Theme
from ..selectors import in_partnership
from .columns import (
    COLUMNS,
    COMMITMENT,
    DATE_HINT,
    MILESTONE,
    NAMES,
    UPDATE,
    Value,
)


def register_rows(partnership: Partnership | None = None) -> list[dict[str, Value]]:
    """Every commitment of the partnership (of all, for None), then its milestones, then
    its progress updates: the import's columns, keyed as the import reads them."""
    rows: list[dict[str, Value]] = []
    commitments = Commitment.objects.select_related(
        "theme", "lead_owner", "board", "level", "source"
    ).prefetch_related(
        "supporting",
        models.Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related("source").order_by(
                models.F("due").asc(nulls_first=True), "id"
            ),
        ),
        models.Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.select_related("source").order_by("date", "id"),
        ),
    )

    commitments = in_partnership(commitments, partnership)

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


def _csv(rows: Iterable[Mapping[str, Value]]) -> bytes:
    return csv_bytes(NAMES, ([row.get(name, "") for name in NAMES] for row in rows))


WIDTHS = {"text": 60, "milestone_title": 40, "progress_to_date": 60, "next_steps": 40}


def _xlsx(rows: Iterable[Mapping[str, Value]]) -> bytes:
    """The register, every cell by the one cell rule (core.spreadsheets): dates as the
    spreadsheet's dates, text as text; then the columns' guide and the keys."""
    book = xlsx_book("Commitments register")
    xlsx_sheet(
        book,
        "Register",
        NAMES,
        ([row.get(name, "") for name in NAMES] for row in rows),
        widths=[WIDTHS.get(name, 16) for name in NAMES],
        freeze="C2",
    )
    guide = [[column.name, ", ".join(column.records), column.help] for column in COLUMNS]
    guide.append([])
    guide.append(["Dates", "", DATE_HINT.capitalize() + ", or use the spreadsheet's dates."])
    guide.append(["Blank cells", "", "A blank cell leaves what is recorded as it is."])
    xlsx_sheet(
        book, "Columns", ("Column", "On rows of", "What to write"), guide, widths=(18, 30, 100)
    )
    xlsx_sheet(book, "Keys", ("List", "Key", "Name"), key_lists(), widths=(18, 40, 80))
    return xlsx_bytes(book)


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


def export_csv(partnership: Partnership | None = None) -> bytes:
    return _csv(register_rows(partnership))


def export_xlsx(partnership: Partnership | None = None) -> bytes:
    return _xlsx(register_rows(partnership))


def template_csv() -> bytes:
    return _csv([])


def template_xlsx() -> bytes:
    return _xlsx([])


def export_filename(extension: str) -> str:
    return f"commitments-{timezone.localdate():%Y-%m-%d}.{extension}"
