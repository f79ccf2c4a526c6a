"""Sites on the London map (SPEC §12): the borough boundaries the partners' map draws,
in light grey, and each site a dot at its point, coloured by its status and linking to
its page; a Vega-Lite spec rendered to SVG on the server, as the borough map is."""

import hashlib
import json
from functools import lru_cache

import vl_convert

from devolution.partners.maps import BOUNDARIES, VEGA_BASE, drawable

# Dark enough to reach 3:1 against the grey boroughs and the white page (WCAG 1.4.11);
# the table beside the map gives the same facts for anyone who cannot tell them apart.
STATUS_COLOURS = {
    "Operational": "#005eb8",
    "Under-used": "#ae2573",
    "Surplus": "#330072",
    "For disposal": "#8a1538",
    "Disposed": "#425563",
}


def _spec(points: list[dict[str, object]], title: str, width: int, height: int) -> str:
    topology = json.loads(BOUNDARIES.read_text())
    shown = [s for s in STATUS_COLOURS if any(p["status"] == s for p in points)]
    return json.dumps(
        {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": {"text": title, "fontSize": 14, "color": "#212b32"},
            "width": width,
            "height": height,
            "projection": {"type": "mercator"},
            "layer": [
                {
                    "data": {
                        "values": topology,
                        "format": {"type": "topojson", "feature": "boroughs"},
                    },
                    # The boroughs are the ground the sites stand on, drawn for
                    # orientation only: hidden from assistive technology, which reads
                    # each site's dot by its name (and the table beside the map).
                    "mark": {
                        "type": "geoshape",
                        "aria": False,
                        "fill": "#e8edee",
                        "stroke": "#768692",
                        "strokeWidth": 0.7,
                    },
                },
                {
                    "data": {"values": points},
                    "mark": {
                        "type": "circle",
                        "size": 90,
                        "opacity": 1,
                        "stroke": "#ffffff",
                        "strokeWidth": 1,
                    },
                    "encoding": {
                        "longitude": {"field": "lon", "type": "quantitative"},
                        "latitude": {"field": "lat", "type": "quantitative"},
                        "color": {
                            "field": "status",
                            "type": "nominal",
                            "title": "Status",
                            "scale": {
                                "domain": shown,
                                "range": [STATUS_COLOURS[s] for s in shown],
                            },
                            "legend": {
                                "orient": "bottom",
                                "titleFontSize": 13,
                                "labelFontSize": 13,
                                "titleColor": "#212b32",
                                "labelColor": "#212b32",
                            },
                        },
                        "href": {"field": "href", "type": "nominal"},
                        "description": {"field": "label", "type": "nominal"},
                        "tooltip": [
                            {"field": "name", "type": "nominal", "title": "Site"},
                            {"field": "status", "type": "nominal", "title": "Status"},
                        ],
                    },
                },
            ],
            "config": {"font": "Arial", "view": {"stroke": None}},
        }
    )


def sites_map_svg(
    points: list[dict[str, object]], *, title: str, width: int = 640, height: int = 480
) -> str:
    """An SVG map; `points` are {"name", "status" (its label), "lat", "lon", "href"}."""
    points = [
        {
            **{k: drawable(v) if isinstance(v, str) else v for k, v in p.items()},
            "label": drawable(f"{p['name']}: {p['status']}"),
        }
        for p in points
    ]
    spec = _spec(points, drawable(title), width, height)
    return _render(hashlib.sha256(spec.encode()).hexdigest(), spec)


@lru_cache(maxsize=16)
def _render(key: str, spec: str) -> str:
    svg = str(vl_convert.vegalite_to_svg(spec))
    return svg.replace(f'xlink:href="{VEGA_BASE}/', 'xlink:href="/')
