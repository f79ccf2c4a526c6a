"""The London map: boroughs coloured by a layer (their STP, or the multi-borough system
they are part of), as a Vega-Lite spec rendered to SVG on the server, each borough named
and linking to its page.

The boundaries are a TopoJSON of London's 33 boroughs, keyed by borough name, kept in
this app's data folder with its source and licence (`data/README.md`). Which borough is
in which STP comes from the database.
"""

import hashlib
import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import vl_convert

BOUNDARIES = Path(__file__).resolve().parent / "data" / "london_boroughs.json"
BOUNDARIES_SOURCE = (
    "Borough boundaries: London Datastore Statistical GIS Boundary Files "
    "(Open Government Licence v3), as shipped by vega-datasets"
)

# NHS.UK colours dark enough that each reaches 3:1 against the white page (WCAG 1.4.11)
# and that the white borough names drawn on them reach 4.5:1; an area of no group is a
# light grey with dark names, outlined in dark grey so it stands apart from the page.
PALETTE = ["#005eb8", "#007f3b", "#ae2573", "#330072", "#425563", "#8a1538", "#7c2855"]
NONE_COLOUR = "#d8dde0"
NONE_OUTLINE = "#425563"
NONE = "Part of none"
# Names too long to sit inside their borough, shortened on the map (the table beside it
# and each borough's link give the full name).
SHORT_NAMES = {
    "Barking and Dagenham": "Barking & Dag.",
    "City of London": "City",
    "Hammersmith and Fulham": "H'smith & F.",
    "Kensington and Chelsea": "K & C",
    "Kingston upon Thames": "Kingston",
    "Richmond upon Thames": "Richmond",
    "Tower Hamlets": "Tower H.",
    "Waltham Forest": "Waltham F.",
    "Westminster": "Westm.",
}
# Vega resolves a link against its loader's base address; the map's links are the site's own.
VEGA_BASE = "https://vega.github.io/vega-datasets/"


def drawable(text: str) -> str:
    """Text as the picture can hold it: a control character (which the renderer cannot
    write into SVG, and aborts on) becomes a space."""
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def _colours(groups: list[str], none: str = NONE) -> list[str]:
    named = iter(PALETTE)
    return [NONE_COLOUR if g == none else next(named, PALETTE[-1]) for g in groups]


def _spec(
    rows: list[dict[str, str]], title: str, legend: str, none: str = NONE, ordered: bool = False
) -> dict[str, object]:
    topology = json.loads(BOUNDARIES.read_text())
    groups = list(dict.fromkeys(r["group"] for r in rows))
    if ordered:  # in the rows' order, the group of none last
        groups.sort(key=lambda g: g == none)
    else:
        groups.sort(key=lambda g: (g == none, g))
    colours = _colours(groups, none)
    dark = [g for g, c in zip(groups, colours, strict=True) if c != NONE_COLOUR]
    looked_up: dict[str, object] = {
        "lookup": "id",
        "from": {"data": {"values": rows}, "key": "name", "fields": ["group", "href", "label"]},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": {"text": title, "fontSize": 16, "color": "#212b32"},
        "width": 640,
        "height": 480,
        "data": {"values": topology, "format": {"type": "topojson", "feature": "boroughs"}},
        "projection": {"type": "mercator"},
        "layer": [
            {
                "transform": [looked_up],
                "mark": {"type": "geoshape", "strokeWidth": 1},
                "encoding": {
                    "stroke": {
                        "condition": {
                            "test": {"field": "group", "equal": none},
                            "value": NONE_OUTLINE,
                        },
                        "value": "#ffffff",
                    },
                    "color": {
                        "field": "group",
                        "type": "nominal",
                        "title": legend,
                        "scale": {"domain": groups, "range": colours},
                        "legend": {
                            "orient": "bottom",
                            "columns": 3,
                            "titleFontSize": 13,
                            "labelFontSize": 13,
                            "titleColor": "#212b32",
                            "labelColor": "#212b32",
                            "symbolSize": 200,
                            "symbolStrokeColor": "#212b32",
                            "symbolStrokeWidth": 1,
                            "labelLimit": 300,
                        },
                    },
                    "href": {"field": "href", "type": "nominal"},
                    "tooltip": [
                        {"field": "id", "type": "nominal", "title": "Borough"},
                        {"field": "group", "type": "nominal", "title": legend},
                    ],
                },
            },
            # Behind each name, a halo in its area's shade, so a name that runs over a
            # border or the white page stays readable.
            _names(looked_up, dark, halo=True),
            # Each borough's name at its centroid, linking to its page like its shape.
            _names(looked_up, dark, halo=False),
        ],
        "config": {"font": "Arial", "view": {"stroke": None}},
    }


def _names(looked_up: dict[str, object], dark: list[str], *, halo: bool) -> dict[str, object]:
    """The boroughs' names at their centroids: white on the dark areas, dark on the light."""
    on_dark, on_light = ("#212b32", "#ffffff") if halo else ("#ffffff", "#212b32")
    colour = {"condition": {"test": {"field": "group", "oneOf": dark}, "value": on_dark}}
    mark: dict[str, object] = {"type": "text", "fontSize": 9, "fontWeight": "bold"}
    encoding: dict[str, object] = {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
        "text": {"field": "label", "type": "nominal"},
        "color": {**colour, "value": on_light},
    }
    if halo:
        mark |= {"strokeWidth": 3, "strokeJoin": "round", "opacity": 0.8}
        encoding["stroke"] = {**colour, "value": on_light}
    else:
        encoding["href"] = {"field": "href", "type": "nominal"}
    return {
        "transform": [
            looked_up,
            {"calculate": "geoCentroid(null, datum)", "as": "centre"},
            {"calculate": "datum.centre[0]", "as": "lon"},
            {"calculate": "datum.centre[1]", "as": "lat"},
        ],
        "mark": mark,
        "encoding": encoding,
    }


def borough_map_svg(
    rows: list[dict[str, str]],
    *,
    title: str,
    legend: str,
    none: str = NONE,
    ordered: bool = False,
) -> str:
    """An SVG map; `rows` are {"name": borough name as in the boundaries, "group": what
    it is coloured by (`none` for none, light grey), "href": its page}. The legend's groups
    are in alphabetical order, or in the rows' order when `ordered`."""
    rows = [
        {
            **{k: drawable(v) for k, v in r.items()},
            "label": drawable(SHORT_NAMES.get(r["name"], r["name"])),
        }
        for r in rows
    ]
    title, legend, none = drawable(title), drawable(legend), drawable(none)
    key = hashlib.sha256(
        json.dumps([rows, title, legend, none, ordered], sort_keys=True).encode()
    ).hexdigest()
    return _render(key, json.dumps(_spec(rows, title, legend, none, ordered)))


@lru_cache(maxsize=16)
def _render(key: str, spec: str) -> str:
    svg = str(vl_convert.vegalite_to_svg(spec))
    return svg.replace(f'xlink:href="{VEGA_BASE}/', 'xlink:href="/')


@lru_cache(maxsize=1)
def boundary_names() -> frozenset[str]:
    """The boroughs the boundaries can draw, read once per process."""
    topology = json.loads(BOUNDARIES.read_text())
    return frozenset(g["id"] for g in topology["objects"]["boroughs"]["geometries"])
