"""The dashboard's charts: counts made from the commitments, drawn as Vega-Lite specs
rendered to SVG on the server (as partners/maps.py draws the map), each with the same
counts as a table for people who do not see the picture."""

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import vl_convert

from .models import Commitment
from .selectors import Flags, milestone_state_of

# NHS.UK colours; the RAG ratings in their own colours, "not rated" in grey.
PALETTE = ["#005eb8", "#007f3b", "#ae2573", "#ed8b00", "#330072", "#00a499", "#768692"]
RAG_COLOURS = {"Red": "#d5281b", "Amber": "#ffb81c", "Green": "#007f3b", "Not rated": "#768692"}
MILESTONE_COLOURS = {"Complete": "#007f3b", "Overdue": "#d5281b", "Due": "#005eb8"}
MILESTONE_STATES = {"complete": "Complete", "overdue": "Overdue", "due": "Due", "undated": "Due"}
NO_THEME = "No theme"
NOT_RECORDED = "Not recorded"
NOT_RATED = "Not rated"


@dataclass(frozen=True)
class Crosstab:
    """Counts of rows (down) by columns (across), in the order given."""

    title: str
    row_title: str
    column_title: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: dict[tuple[str, str], int]
    colours: tuple[str, ...]

    def cells(self) -> list[tuple[str, list[int], int]]:
        """Each row's counts across, and its total: the table beside the chart."""
        out = []
        for r in self.rows:
            counts = [self.counts.get((r, c), 0) for c in self.columns]
            out.append((r, counts, sum(counts)))
        return out

    def column_totals(self) -> list[int]:
        return [sum(self.counts.get((r, c), 0) for r in self.rows) for c in self.columns]

    def total(self) -> int:
        return sum(self.counts.values())


def _top_theme(c: Commitment) -> tuple[int, str]:
    """The broad theme a commitment falls under: its theme's parent, or the theme itself."""
    theme = c.theme
    if theme is None:
        return (10**6, NO_THEME)
    top = theme.parent or theme
    return (top.order, top.name)


def _crosstab(
    pairs: Iterable[tuple[tuple[int, str], str]],
    *,
    title: str,
    row_title: str,
    column_title: str,
    column_order: Sequence[str],
    colours: dict[str, str] | None = None,
) -> Crosstab:
    counts: Counter[tuple[str, str]] = Counter()
    rows: dict[str, int] = {}
    for (order, row), column in pairs:
        rows[row] = order
        counts[(row, column)] += 1
    seen = {column for _, column in counts}
    columns = tuple(c for c in column_order if c in seen)
    return Crosstab(
        title=title,
        row_title=row_title,
        column_title=column_title,
        rows=tuple(sorted(rows, key=lambda r: (rows[r], r))),
        columns=columns,
        counts=dict(counts),
        colours=tuple(
            (colours or {}).get(c, PALETTE[n % len(PALETTE)]) for n, c in enumerate(columns)
        ),
    )


def status_by_theme(commitments: Iterable[Commitment]) -> Crosstab:
    labels = dict(Commitment.Status.choices)
    return _crosstab(
        ((_top_theme(c), str(labels.get(c.status, NOT_RECORDED))) for c in commitments),
        title="Commitments by theme and status",
        row_title="Theme",
        column_title="Status",
        column_order=[*(str(label) for label in labels.values()), NOT_RECORDED],
    )


def rag_by_theme(commitments: Iterable[Commitment]) -> Crosstab:
    labels = dict(Commitment.Rag.choices)
    return _crosstab(
        ((_top_theme(c), str(labels.get(c.rag, NOT_RATED))) for c in commitments),
        title="Commitments by theme and rating",
        row_title="Theme",
        column_title="Rating",
        column_order=list(RAG_COLOURS),
        colours=RAG_COLOURS,
    )


def milestones_by_month(commitments: Iterable[Commitment], today: dt.date) -> Crosstab:
    """Milestones with a due date, by the month they are due: done, overdue or still due."""
    pairs = []
    for c in commitments:
        for m in c.milestones.all():
            if m.due is None:
                continue
            state = MILESTONE_STATES[milestone_state_of(m, today)]
            month = (m.due.year * 12 + m.due.month, f"{m.due:%B %Y}")
            pairs.append((month, state))
    return _crosstab(
        pairs,
        title="Milestones by the month they are due",
        row_title="Month due",
        column_title="State",
        column_order=list(MILESTONE_COLOURS),
        colours=MILESTONE_COLOURS,
    )


@dataclass(frozen=True)
class Counts:
    commitments: int
    blocked: int
    with_overdue: int
    overdue_milestones: int
    stale: int
    undated_milestones: int


def counts(commitments: Sequence[Commitment], flags: Sequence[Flags]) -> Counts:
    return Counts(
        commitments=len(commitments),
        blocked=sum(1 for f in flags if f.blocked_by),
        with_overdue=sum(1 for f in flags if f.overdue),
        overdue_milestones=sum(len(f.overdue) for f in flags),
        stale=sum(1 for f in flags if f.stale),
        undated_milestones=sum(1 for c in commitments for m in c.milestones.all() if not m.due),
    )


def _stacked_bar_spec(table: Crosstab, *, horizontal: bool) -> dict[str, Any]:
    values = [
        {"row": r, "column": c, "index": i, "count": n}
        for r in table.rows
        for i, c in enumerate(table.columns)
        if (n := table.counts.get((r, c), 0))
    ]
    category = {
        "field": "row",
        "type": "nominal",
        "title": table.row_title,
        "sort": list(table.rows),
        "axis": {"labelLimit": 0},
    }
    quantity = {
        "field": "count",
        "type": "quantitative",
        "title": "Number",
        "stack": "zero",
        "axis": {"tickMinStep": 1, "format": "d"},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": table.title,
        "width": 320 if horizontal else 560,
        "height": {"step": 24} if horizontal else 280,
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "y" if horizontal else "x": category,
            "x" if horizontal else "y": quantity,
            "color": {
                "field": "column",
                "type": "nominal",
                "title": table.column_title,
                "scale": {"domain": list(table.columns), "range": list(table.colours)},
            },
            "order": {"field": "index", "type": "quantitative", "sort": "ascending"},
        },
        "config": {
            "font": "Arial",
            "view": {"stroke": None},
            "title": {"fontSize": 16},
            "axis": {"labelFontSize": 13, "titleFontSize": 14},
            "legend": {"labelFontSize": 13, "titleFontSize": 14},
        },
    }


def chart_svg(table: Crosstab, *, horizontal: bool = True) -> str:
    spec = json.dumps(_stacked_bar_spec(table, horizontal=horizontal), sort_keys=True)
    return _render(hashlib.sha256(spec.encode()).hexdigest(), spec)


@lru_cache(maxsize=32)
def _render(key: str, spec: str) -> str:
    """Kept by the spec's hash: the same counts draw the same picture."""
    return str(vl_convert.vegalite_to_svg(spec))
