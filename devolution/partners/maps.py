"""The London map: boroughs coloured by STP, as a Vega-Lite spec rendered to SVG on the server.

The boundaries are a TopoJSON of London's 33 boroughs, keyed by borough name, kept in
this app's data folder with its source and licence (`data/README.md`). Which borough is
in which STP comes from the database.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import vl_convert

BOUNDARIES = Path(__file__).resolve().parent / "data" / "london_boroughs.json"
BOUNDARIES_SOURCE = (
    "Borough boundaries: London Datastore Statistical GIS Boundary Files "
    "(Open Government Licence v3), as shipped by vega-datasets"
)

# NHS.UK colour palette: distinct, and dark enough for white borders between areas.
PALETTE = ["#005eb8", "#007f3b", "#ae2573", "#ed8b00", "#330072", "#00a499", "#768692", "#8a1538"]


def _spec(rows: list[dict[str, str]], title: str, legend: str) -> dict[str, object]:
    topology = json.loads(BOUNDARIES.read_text())
    groups = sorted({r["group"] for r in rows})
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": 640,
        "height": 480,
        "data": {"values": topology, "format": {"type": "topojson", "feature": "boroughs"}},
        "transform": [
            {
                "lookup": "id",
                "from": {"data": {"values": rows}, "key": "name", "fields": ["group"]},
            }
        ],
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1},
        "encoding": {
            "color": {
                "field": "group",
                "type": "nominal",
                "title": legend,
                "scale": {"domain": groups, "range": PALETTE[: max(len(groups), 1)]},
            },
            "tooltip": [
                {"field": "id", "type": "nominal", "title": "Borough"},
                {"field": "group", "type": "nominal", "title": legend},
            ],
        },
        "config": {"font": "Arial", "view": {"stroke": None}},
    }


def borough_map_svg(rows: list[dict[str, str]], *, title: str, legend: str) -> str:
    """An SVG map; `rows` are {"name": borough name as in the boundaries, "group": label}."""
    key = hashlib.sha256(json.dumps([rows, title, legend], sort_keys=True).encode()).hexdigest()
    return _render(key, json.dumps(_spec(rows, title, legend)))


@lru_cache(maxsize=16)
def _render(key: str, spec: str) -> str:
    return str(vl_convert.vegalite_to_svg(spec))


@lru_cache(maxsize=1)
def boundary_names() -> frozenset[str]:
    """The boroughs the boundaries can draw, read once per process."""
    topology = json.loads(BOUNDARIES.read_text())
    return frozenset(g["id"] for g in topology["objects"]["boroughs"]["geometries"])
