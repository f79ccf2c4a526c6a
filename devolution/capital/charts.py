"""The estates strategy's KPIs over time as a Vega-Lite chart rendered to SVG on the
server (as commitments/charts.py draws its charts), one panel a figure, each with its own
scale; the page shows the same figures as a table for people who do not see it."""

import hashlib
import json
from functools import lru_cache
from typing import Any

import vl_convert

from .rules.strategy import MEASURES
from .selectors.strategy import Kpis

COLOUR = "#005eb8"


def kpi_spec(data: Kpis) -> dict[str, Any]:
    values = [
        {"year": y.year, "measure": f"{label} ({unit})", "value": y.total[key]}
        for y in data.years
        for key, label, unit in MEASURES
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": "The estates strategy's figures, running totals by financial year",
        "background": "#ffffff",
        "data": {"values": values},
        "facet": {
            "field": "measure",
            "type": "nominal",
            "title": None,
            "sort": [f"{label} ({unit})" for _, label, unit in MEASURES],
        },
        "columns": 2,
        "spec": {
            "width": 260,
            "height": 140,
            "mark": {"type": "line", "point": True, "color": COLOUR},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": "Financial year"},
                "y": {"field": "value", "type": "quantitative", "title": None},
            },
        },
        "resolve": {"scale": {"y": "independent"}},
        "config": {"font": "Arial", "axis": {"labelFontSize": 11}},
    }


def kpi_svg(data: Kpis) -> str:
    """ "" when nothing is disposed yet: nothing to plot."""
    if not data.years:
        return ""
    spec = json.dumps(kpi_spec(data), sort_keys=True)
    return _render(hashlib.sha256(spec.encode()).hexdigest(), spec)


@lru_cache(maxsize=32)
def _render(key: str, spec: str) -> str:
    return str(vl_convert.vegalite_to_svg(spec))
