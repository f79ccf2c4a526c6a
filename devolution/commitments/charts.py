"""The dashboard's charts: counts made by the database (selectors' aggregates), drawn as
Vega-Lite specs rendered to SVG on the server (as partners/maps.py draws the map), each
with the same counts as a table for people who do not see the picture.

The dashboard's numbers are made once for a version of the data (core.versions.cached):
the page and its three charts are four requests, and none of them counts again until a
write changes what they show; each day they are shown as at (partners.as_at) has its
own."""

import dataclasses
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import vl_convert
from django.utils import timezone

from devolution.core.versions import cached, data_version
from devolution.partners.models import Partnership

from . import selectors
from .models import Commitment
from .rules.tracking import MilestoneFact, milestone_state
from .selectors import Flags

# NHS.UK colours, each dark enough to reach 3:1 against the white page (WCAG 1.4.11) and
# to carry its white count at 4.5:1; the RAG ratings in their own colours (amber darkened
# to reach them), "not rated" in dark grey.
BACKGROUND = "#ffffff"
LABEL_COLOUR = "#ffffff"
PALETTE = ["#005eb8", "#007f3b", "#ae2573", "#b35c00", "#330072", "#00796b", "#425563"]
RAG_COLOURS = {"Red": "#d5281b", "Amber": "#b35c00", "Green": "#007f3b", "Not rated": "#425563"}
MILESTONE_COLOURS = {"Complete": "#007f3b", "Overdue": "#d5281b", "Due": "#005eb8"}
MILESTONE_STATES = {"complete": "Complete", "overdue": "Overdue", "due": "Due", "undated": "Due"}
NO_THEME = "No theme"
NOT_RECORDED = "Not recorded"
NOT_RATED = "Not rated"
CHARTS = ("status", "rag", "milestones")


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


def _top_theme(group: Mapping[str, Any]) -> tuple[int, str]:
    """The broad theme a group of commitments falls under (selectors.commitment_counts)."""
    if group["theme_name"] is None:
        return (10**6, NO_THEME)
    return (group["theme_order"], group["theme_name"])


def _crosstab(
    counted: Iterable[tuple[tuple[int, str], str, int]],
    *,
    title: str,
    row_title: str,
    column_title: str,
    column_order: Sequence[str],
    colours: dict[str, str] | None = None,
) -> Crosstab:
    """`counted`: ((row's order, row), column, number) for each group the database
    counted; groups that fall in one cell add up."""
    counts: Counter[tuple[str, str]] = Counter()
    rows: dict[str, int] = {}
    for (order, row), column, n in counted:
        rows[row] = order
        counts[(row, column)] += n
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


def status_by_theme(groups: Iterable[Mapping[str, Any]]) -> Crosstab:
    labels = dict(Commitment.Status.choices)
    return _crosstab(
        ((_top_theme(g), str(labels.get(g["status"], NOT_RECORDED)), g["n"]) for g in groups),
        title="Commitments by theme and status",
        row_title="Theme",
        column_title="Status",
        column_order=[*(str(label) for label in labels.values()), NOT_RECORDED],
    )


def rag_by_theme(groups: Iterable[Mapping[str, Any]]) -> Crosstab:
    labels = dict(Commitment.Rag.choices)
    return _crosstab(
        ((_top_theme(g), str(labels.get(g["rag"], NOT_RATED)), g["n"]) for g in groups),
        title="Commitments by theme and rating",
        row_title="Theme",
        column_title="Rating",
        column_order=list(RAG_COLOURS),
        colours=RAG_COLOURS,
    )


def milestones_by_month(groups: Iterable[Mapping[str, Any]], today: dt.date) -> Crosstab:
    """Milestones with a due date, by the month they are due: done, overdue or still due
    (the tracking rule, on each group selectors.milestone_counts made)."""
    counted = []
    for g in groups:
        due = g["due"]
        if due is None:
            continue
        fact = MilestoneFact("", due, None, g["done"], g["date_precision"] or "day")
        state = MILESTONE_STATES[milestone_state(fact, today)]
        counted.append(((due.year * 12 + due.month, f"{due:%B %Y}"), state, g["n"]))
    return _crosstab(
        counted,
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


@dataclass(frozen=True)
class Attention:
    """A commitment the dashboard lists as needing attention, with its flags."""

    reference: str
    text: str
    flags: Flags


@dataclass(frozen=True)
class Dashboard:
    counts: Counts
    status: Crosstab
    rag: Crosstab
    milestones: Crosstab
    attention: tuple[Attention, ...]


def dashboard(partnership: Partnership | None, today: dt.date) -> Dashboard:
    """The dashboard of the partnership's commitments (every one for None): the counts
    by theme, status, rating and milestone month from the database's aggregates; the
    flags (blocked, overdue, stale) by the tracking rules over the partnership's
    commitments, in a fixed number of queries."""
    groups = selectors.commitment_counts(partnership, today)
    milestones = selectors.milestone_counts(partnership, today)
    flagged = [
        (c, selectors.commitment_flags(c, today))
        for c in selectors.commitment_list(partnership=partnership, as_at=today)
    ]
    counts = Counts(
        commitments=sum(g["n"] for g in groups),
        blocked=sum(1 for _, f in flagged if f.blocked_by),
        with_overdue=sum(1 for _, f in flagged if f.overdue),
        overdue_milestones=sum(len(f.overdue) for _, f in flagged),
        stale=sum(1 for _, f in flagged if f.stale),
        undated_milestones=sum(g["n"] for g in milestones if g["due"] is None),
    )
    return Dashboard(
        counts=counts,
        status=status_by_theme(groups),
        rag=rag_by_theme(groups),
        milestones=milestones_by_month(milestones, today),
        # Kept without the update each flag was measured from: the cache holds counts
        # and words, not rows.
        attention=tuple(
            Attention(c.reference, c.text, dataclasses.replace(f, latest=None))
            for c, f in flagged
            if f.blocked_by or f.overdue
        ),
    )


def _scope_name(partnership: Partnership | None, today: dt.date) -> str:
    return f"{partnership.key if partnership else 'all'}:{today:%Y-%m-%d}"


def dashboard_cached(
    partnership: Partnership | None,
    as_at: dt.date | None = None,
    *,
    version: str | None = None,
) -> Dashboard:
    """The dashboard as at the data's version and the day `as_at` (today for None: what
    is overdue or stale moves with the day), built once for both."""
    today = as_at or timezone.localdate()
    return cached(
        f"commitments:dashboard:{_scope_name(partnership, today)}",
        lambda: dashboard(partnership, today),
        version=version,
    )


def chart_svg_cached(
    partnership: Partnership | None,
    name: str,
    as_at: dt.date | None = None,
    *,
    version: str | None = None,
) -> str:
    """One of the dashboard's charts (CHARTS) as at `as_at` (today for None) as SVG,
    drawn once for a version of the data and the day: the dashboard's counts are read
    (or made) only when the picture is not kept."""
    today = as_at or timezone.localdate()
    version = version or data_version()

    def draw() -> str:
        table: Crosstab = getattr(dashboard_cached(partnership, today, version=version), name)
        return chart_svg(table, horizontal=name != "milestones")

    return cached(
        f"commitments:chart:{name}:{_scope_name(partnership, today)}", draw, version=version
    )


def _stacked_bar_spec(table: Crosstab, *, horizontal: bool) -> dict[str, Any]:
    """Bars stacked in the legend's order, each part with its count written on it (the
    series are told apart by more than colour), on an axis of whole numbers from nought to
    the largest bar."""
    values = [
        {"row": r, "column": c, "index": i, "count": n}
        for r in table.rows
        for i, c in enumerate(table.columns)
        if (n := table.counts.get((r, c), 0))
    ]
    largest = max((total for _, _, total in table.cells()), default=0)
    category = {
        "field": "row",
        "type": "nominal",
        # Across the bars the long labels leave no room for the axis title beside them:
        # the chart's title names what the rows are.
        "title": None if horizontal else table.row_title,
        "sort": list(table.rows),
        "axis": {"labelLimit": 0},
    }
    quantity = {
        "field": "start",
        "type": "quantitative",
        "title": "Number",
        "scale": {"domain": [0, max(largest, 1)], "nice": False},
        "axis": {"tickMinStep": 1, "format": "d", "values": _ticks(largest)},
    }
    across, down = ("x", "y") if horizontal else ("y", "x")
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": table.title,
        "width": 320 if horizontal else 560,
        "height": {"step": 24} if horizontal else 280,
        "background": BACKGROUND,
        "data": {"values": values},
        "transform": [
            {
                "stack": "count",
                "groupby": ["row"],
                "sort": [{"field": "index", "order": "ascending"}],
                "as": ["start", "end"],
            },
            {"calculate": "(datum.start + datum.end) / 2", "as": "middle"},
        ],
        "encoding": {down: category},
        "layer": [
            {
                "mark": {"type": "bar", "stroke": BACKGROUND, "strokeWidth": 1},
                "encoding": {
                    across: quantity,
                    f"{across}2": {"field": "end"},
                    "color": {
                        "field": "column",
                        "type": "nominal",
                        "title": table.column_title,
                        "scale": {"domain": list(table.columns), "range": list(table.colours)},
                    },
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold"},
                "encoding": {
                    across: {"field": "middle", "type": "quantitative"},
                    "text": {"field": "count", "type": "quantitative", "format": "d"},
                    "color": {"value": LABEL_COLOUR},
                },
            },
        ],
        "config": {
            "font": "Arial",
            "view": {"stroke": None},
            "title": {"fontSize": 16},
            "axis": {"labelFontSize": 13, "titleFontSize": 14},
            "legend": {"labelFontSize": 13, "titleFontSize": 14, "labelLimit": 0},
        },
    }


def _ticks(largest: int) -> list[int]:
    """Whole-number ticks from nought to the largest bar, at most about six of them."""
    step = max(1, -(-largest // 5))
    return list(range(0, max(largest, 1) + 1, step))


def chart_svg(table: Crosstab, *, horizontal: bool = True) -> str:
    spec = json.dumps(_stacked_bar_spec(table, horizontal=horizontal), sort_keys=True)
    return _render(hashlib.sha256(spec.encode()).hexdigest(), spec)


@lru_cache(maxsize=32)
def _render(key: str, spec: str) -> str:
    """Kept by the spec's hash: the same counts draw the same picture."""
    return str(vl_convert.vegalite_to_svg(spec))
