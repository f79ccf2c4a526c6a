"""A fund by place, drawn on the server (as commitments.charts and partners.maps draw):
a bar chart of each place's fair share beside what the board recommended and allocated,
and the London map with each borough coloured by what its place of the level was
allocated. Each is drawn from a selectors.places.ByPlace, which the page also shows as a
table, so nothing is only in the picture.
"""

import hashlib
import json
from functools import lru_cache
from typing import Any

import vl_convert

from devolution.partners.maps import PALETTE, borough_map_svg, boundary_names, drawable

from ..rules.allocations import pounds
from ..selectors.places import NOT_ONE, SEVERAL, ByPlace, MapBorough

# Each a dark NHS.UK colour that reaches 3:1 against the white page (WCAG 1.4.11); the
# series are told apart by their order and legend as well as colour, and each bar has its
# amount written beside it in dark text (4.5:1).
SERIES = (
    ("share", "Fair-share guide", "#425563"),
    ("recommended", "Recommended", "#b35c00"),
    ("allocated", "Allocated", "#005eb8"),
)
TEXT = "#212b32"
NOTHING = "Nothing allocated"


# The chart's names for the lines that are not one place (the table gives them in full).
SHORT = {SEVERAL: "Several places (counted once)", NOT_ONE: "A larger area, or no place"}


def bar_values(data: ByPlace) -> list[dict[str, Any]]:
    """The chart's bars: a place's fair share, recommended and allocated amounts, each
    with its amount in words ("unknown" for a share not known, drawn as no bar)."""
    values = []
    for row in (*data.rows, *data.others):
        for key, label, _ in SERIES:
            amount = getattr(row, key) if row.is_place or key != "share" else None
            if key == "share" and not row.is_place:
                continue  # "several places" has no share of its own
            values.append(
                {
                    "place": row.name if row.is_place else SHORT.get(row.code, row.name),
                    "series": label,
                    "amount": amount or 0,
                    "text": pounds(amount),
                }
            )
    return values


def _bar_spec(data: ByPlace) -> dict[str, Any]:
    values = bar_values(data)
    places = list(dict.fromkeys(v["place"] for v in values))
    year = f", {data.year}" if data.year else ""
    by = data.level_words
    largest = max((v["amount"] for v in values), default=0)
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {
            "text": f"Fair share, recommended and allocated, by {by}",
            "subtitle": f"{data.fund_name}{year}",
            "anchor": "start",
        },
        "width": 420,
        "background": "#ffffff",
        "data": {"values": values},
        "encoding": {
            "y": {
                "field": "place",
                "type": "nominal",
                "title": None,
                "sort": places,
                "axis": {"labelLimit": 0},
            },
            "yOffset": {"field": "series", "sort": [s[1] for s in SERIES]},
        },
        "height": {"step": 16},
        "layer": [
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "x": {
                        "field": "amount",
                        "type": "quantitative",
                        "title": "Pounds",
                        "scale": {"domain": [0, max(largest, 1) * 1.45], "nice": False},
                        "axis": {
                            "tickCount": 4,
                            "labelExpr": "datum.value == 0 ? '£0' : "
                            "'£' + format(datum.value / 1000000, '~r') + 'm'",
                        },
                    },
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "title": None,
                        "scale": {
                            "domain": [s[1] for s in SERIES],
                            "range": [s[2] for s in SERIES],
                        },
                        "legend": {"orient": "bottom"},
                    },
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
                "encoding": {
                    "x": {"field": "amount", "type": "quantitative"},
                    "text": {"field": "text", "type": "nominal"},
                    "color": {"value": TEXT},
                },
            },
        ],
        "config": {
            "font": "Arial",
            "view": {"stroke": None},
            "title": {"fontSize": 15, "color": TEXT, "subtitleColor": TEXT, "subtitleFontSize": 13},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "labelColor": TEXT},
            "legend": {"labelFontSize": 12, "labelColor": TEXT, "labelLimit": 0},
        },
    }


def _drawable(value: Any) -> Any:
    """Every text of the spec as the picture can hold it (partners.maps.drawable)."""
    if isinstance(value, str):
        return drawable(value)
    if isinstance(value, dict):
        return {k: _drawable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_drawable(v) for v in value]
    return value


def bar_chart_svg(data: ByPlace) -> str:
    spec = json.dumps(_drawable(_bar_spec(data)), sort_keys=True)
    return _render(hashlib.sha256(spec.encode()).hexdigest(), spec)


@lru_cache(maxsize=32)
def _render(key: str, spec: str) -> str:
    return str(vl_convert.vegalite_to_svg(spec))


def map_rows(data: ByPlace, boroughs: list[MapBorough], href: Any) -> list[dict[str, str]]:
    """Each borough with what it was allocated in words (`text`: its place of the level
    and that place's allocation, at the borough level its own, or NOTHING) and what it is
    coloured by (`group`: the same, or a band of amounts when there are more amounts than
    the map has colours). `href(code)` is the borough's page. Largest allocation first."""
    allocated = {r.code: r for r in data.rows}
    rows = []
    for b in boroughs:
        place = allocated.get(b.place_code or "")
        amount = place.allocated if place else 0
        if place and amount:
            text = (
                f"{pounds(amount)} allocated"
                if data.level_key == "borough"
                else f"{place.name}: {pounds(amount)}"
            )
        else:
            text = NOTHING
        rows.append(
            {
                "name": b.name,
                "text": text,
                "group": text,
                "href": href(b.code),
                "amount": str(amount),
            }
        )
    rows.sort(key=lambda r: (-int(r["amount"]), r["text"], r["name"]))
    bands = _bands(sorted({int(r["amount"]) for r in rows if r["amount"] != "0"}, reverse=True))
    if bands:
        for r in rows:
            if r["amount"] != "0":
                r["group"] = bands[int(r["amount"])]
    return rows


def _bands(amounts: list[int]) -> dict[int, str]:
    """When there are more amounts (largest first) than named colours, each amount's
    band, "£a to £b": as many bands as colours, each holding about as many amounts."""
    size = len(PALETTE) - 1  # the last colour is left for none to repeat into
    if len(amounts) <= size:
        return {}
    per = -(-len(amounts) // size)
    out: dict[int, str] = {}
    for start in range(0, len(amounts), per):
        band = amounts[start : start + per]
        label = f"{pounds(band[-1])} to {pounds(band[0])}"
        out |= dict.fromkeys(band, label)
    return out


def map_svg(data: ByPlace, boroughs: list[MapBorough], href: Any) -> str:
    rows = map_rows(data, boroughs, href)
    year = f" in {data.year}" if data.year else ""
    by = "its own" if data.level_key == "borough" else f"its {data.level_words}'s"
    return borough_map_svg(
        [{"name": r["name"], "group": r["group"], "href": r["href"]} for r in rows],
        title=f"Allocated{year}: each borough coloured by {by} allocation",
        legend="Allocated",
        none=NOTHING,
        ordered=True,
    )


def drawn(boroughs: list[MapBorough]) -> int:
    """How many of the boroughs the boundaries can draw."""
    names = boundary_names()
    return sum(1 for b in boroughs if b.name in names)
