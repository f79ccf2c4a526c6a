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


def _xlsx(rows: Iterable[Mapping[str, Value]], partnership: Partnership | None) -> bytes:
    """The register, every cell by the one cell rule (core.spreadsheets): dates as the
    spreadsheet's dates, text as text; then the columns' guide and the partnership's keys."""
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
    keys = key_lists(partnership)
    xlsx_sheet(book, "Keys", ("List", "Key", "Name"), keys, widths=(18, 40, 80))
    return xlsx_bytes(book)


def key_lists(partnership: Partnership | None = None) -> list[tuple[str, str, str]]:
    """(list, key, name) for every keyed column: what the import template's Keys sheet and
    the import page show. Organisations and boards are the partnership's (its members and
    boards, and those its commitments name; every one where there is none in view): a list
    of every partner and board of the country would grow with it, and the import takes
    the key of any of them all the same."""
    lists: list[tuple[str, str, str]] = []
    lists += [("theme", t.key, t.name) for t in Theme.objects.order_by("order", "key")]
    lists += [
        ("organisation", key, name)
        for key, name in _organisations(partnership).order_by("key").values_list("key", "name")
    ]
    lists += [
        ("board", key, name)
        for key, name in _boards(partnership).order_by("key").values_list("key", "name")
    ]
    lists += [("level", lv.key, lv.name) for lv in Level.objects.order_by("rank")]
    lists += [("kind", str(v), str(label)) for v, label in Commitment.Kind.choices]
    lists += [("status", str(v), str(label)) for v, label in Commitment.Status.choices]
    lists += [("rag", str(v), str(label)) for v, label in Commitment.Rag.choices]
    lists += [("source", s.key, s.title) for s in Source.objects.order_by("key")]
    return lists


def _organisations(partnership: Partnership | None) -> "models.QuerySet[Organisation]":
    if partnership is None:
        return Organisation.objects.all()
    held = in_partnership(Commitment.objects.all(), partnership)
    supporting = Commitment.supporting.through.objects.filter(commitment__in=held.values("pk"))
    return Organisation.objects.filter(
        models.Q(pk__in=partnership.members.values("pk"))
        | models.Q(pk__in=held.values("lead_owner"))
        | models.Q(pk__in=supporting.values("organisation"))
    )


def _boards(partnership: Partnership | None) -> "models.QuerySet[Board]":
    if partnership is None:
        return Board.objects.all()
    held = in_partnership(Commitment.objects.all(), partnership)
    return Board.objects.filter(
        models.Q(partnership=partnership) | models.Q(pk__in=held.values("board"))
    )


def export_csv(partnership: Partnership | None = None) -> bytes:
    return _csv(register_rows(partnership))


def export_xlsx(partnership: Partnership | None = None) -> bytes:
    return _xlsx(register_rows(partnership), partnership)


def template_csv() -> bytes:
    return _csv([])


def template_xlsx(partnership: Partnership | None = None) -> bytes:
    """The empty register, with the keys of the partnership it is for."""
    return _xlsx([], partnership)


def export_filename(extension: str) -> str:
    return f"commitments-{timezone.localdate():%Y-%m-%d}.{extension}"
