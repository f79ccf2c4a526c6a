"""The organogram (SPEC §3): the boards and who reports to whom, drawn from the data.

One picture (Graphviz's `dot`, as SVG) and the same structure as a tree, for the list
beside the picture that screen readers and people who would rather read use.
"""

import re
import textwrap
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import graphviz

NHS_BLUE = "#005eb8"
TEXT = "#212b32"
GREY = "#4c6272"
WRAP = 32  # characters a line of a box's label


@dataclass
class OrgNode:
    key: str
    name: str
    short_name: str
    status: str
    phase: str | None
    children: list["OrgNode"] = field(default_factory=list)


Row = tuple[str, str, str, str, str | None, str | None]  # key, name, short, status, to, phase


def _rows(rows: Iterable[Mapping[str, Any]]) -> tuple[Row, ...]:
    return tuple(
        (
            r["key"],
            r["name"],
            r["short_name"] or "",
            r["status"],
            r["reports_to__key"],
            r["current_phase__name"],
        )
        for r in rows
    )


def _dicts(table: tuple[Row, ...]) -> list[dict[str, Any]]:
    names = ("key", "name", "short_name", "status", "reports_to__key", "current_phase__name")
    return [dict(zip(names, row, strict=True)) for row in table]


def _walk(node: OrgNode) -> Iterator[OrgNode]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _size(node: OrgNode) -> int:
    return sum(1 for _ in _walk(node))


def board_tree(rows: Iterable[Mapping[str, Any]]) -> list[OrgNode]:
    """Boards that report to no board (or to one not listed) at the top, each with the
    boards that report to it, by name."""
    table = _rows(rows)
    nodes = {
        key: OrgNode(key, name, short, status, phase)
        for key, name, short, status, _, phase in table
    }
    roots: list[OrgNode] = []
    for key, *_, to, _phase in table:
        parent = nodes.get(to or "")
        (parent.children if parent else roots).append(nodes[key])
    for node in nodes.values():
        node.children.sort(key=lambda n: n.name)
    return sorted(roots, key=lambda n: n.name)


def _text(value: str) -> str:
    """Literal text for a Graphviz label: its own backslashes kept as written."""
    return value.replace("\\", "\\\\")


def _label(name: str, short: str, status: str, phase: str | None) -> str:
    lines = textwrap.wrap(f"{name} ({short})" if short and short not in name else name, WRAP)
    if phase:
        shown = phase if phase.lower().startswith("phase") else f"Phase: {phase}"
        lines += textwrap.wrap(shown, WRAP)
    if status != "active":
        lines.append(f"[{status}]")
    return "\\n".join(_text(line) for line in lines)


def organogram_svg(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The boards as boxes, an arrow from each board to the boards reporting to it;
    planned boards dashed. Drawn once for each state of the data."""
    return _svg(_rows(rows))


@lru_cache(maxsize=8)
def _svg(table: tuple[Row, ...]) -> bytes:
    graph = graphviz.Digraph(
        "organogram",
        graph_attr={
            "rankdir": "LR",
            "ranksep": "0.5",
            "nodesep": "0.2",
            "fontname": "Arial",
            "label": "",
        },
        node_attr={
            "shape": "box",
            "style": "rounded",
            "color": NHS_BLUE,
            "fontcolor": TEXT,
            "fontname": "Arial",
            "fontsize": "11",
            "margin": "0.15,0.08",
        },
        edge_attr={"color": GREY, "arrowsize": "0.7"},
    )
    keys = {row[0] for row in table}
    # Declared from the smallest family up: with rankdir LR, dot draws the last first, so
    # the main hierarchy comes at the top.
    roots = sorted(board_tree(_dicts(table)), key=lambda n: n.name, reverse=True)
    order = [n.key for root in sorted(roots, key=_size) for n in _walk(root)]
    by_key = {row[0]: row for row in table}
    for key, name, short, status, _, phase in (by_key[k] for k in order):
        style = (
            {"style": "rounded,dashed", "color": GREY} if status in {"planned", "closed"} else {}
        )
        graph.node(key, label=_label(name, short, status, phase), tooltip=_text(name), **style)
    for key, *_, to, _phase in table:
        if to and to in keys:
            graph.edge(to, key)
    svg: bytes = graph.pipe(format="svg")
    return svg


_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"')


def svg_size(svg: bytes) -> tuple[int, int]:
    """The picture's width and height in CSS pixels (Graphviz writes points)."""
    found = _SIZE.search(svg)
    if not found:
        return 0, 0
    width, height = (float(v) * 4 / 3 for v in found.groups())
    return round(width), round(height)
