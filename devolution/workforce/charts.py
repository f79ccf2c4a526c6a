"""The London Workforce Board's charts: the vacancy and turnover rates over time, for all
organisations and by STP, as Vega-Lite rendered to SVG on the server (as capital/charts.py
draws its chart); each page shows the same figures as a table beside the chart."""

import hashlib
import json
from functools import lru_cache
from typing import Any

import vl_convert

from .selectors.indicators import Point

TITLES = {
    "vacancy_rate": "Vacancy rate (%)",
    "turnover_rate": "Turnover rate (%)",
}


def rate_spec(points: list[Point], measure: str, title: str) -> dict[str, Any]:
    values = [
        {
            "period": p.period_end.strftime("%b %Y"),
            "group": p.group,
            "value": float(getattr(p.result, measure).value),
        }
        for p in points
        if getattr(p.result, measure).value is not None
    ]
    # Each period by the month and year it ends, in date order (a time axis would mark
    # months no period ends in, and no year).
    periods = [end.strftime("%b %Y") for end in sorted({p.period_end for p in points})]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "background": "#ffffff",
        "width": 520,
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": periods,
                "title": "Period ending",
                "axis": {"labelAngle": -40},
            },
            "y": {"field": "value", "type": "quantitative", "title": TITLES[measure]},
            "color": {"field": "group", "type": "nominal", "title": None},
        },
        "config": {"font": "Arial", "axis": {"labelFontSize": 11}, "legend": {"orient": "bottom"}},
    }


def rate_svg(points: list[Point], measure: str, title: str) -> str:
    """ "" when no point has the rate: nothing to plot."""
    spec = rate_spec(points, measure, title)
    if not spec["data"]["values"]:
        return ""
    text = json.dumps(spec, sort_keys=True)
    return _render(hashlib.sha256(text.encode()).hexdigest(), text)


@lru_cache(maxsize=32)
def _render(key: str, spec: str) -> str:
    return str(vl_convert.vegalite_to_svg(spec))
