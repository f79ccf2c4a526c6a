"""Which London borough holds a point: the borough boundaries the London map draws
(partners' `data/london_boroughs.json`, London Datastore, Open Government Licence), read
once per process and tested by ray casting. A site given no borough takes the one its
point falls in; its STP is that borough's parent in the place tree."""

import json
from functools import lru_cache

from devolution.partners.maps import BOUNDARIES

Ring = list[tuple[float, float]]


def _arcs(topology: dict) -> list[Ring]:  # type: ignore[type-arg]
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc[1:] if ring else arc)
    return ring


@lru_cache(maxsize=1)
def borough_rings() -> dict[str, list[Ring]]:
    """Each borough's rings (outer and holes alike: the even-odd test needs no telling)."""
    topology = json.loads(BOUNDARIES.read_text())
    arcs = _arcs(topology)
    rings: dict[str, list[Ring]] = {}
    for geometry in topology["objects"]["boroughs"]["geometries"]:
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        rings[geometry["id"]] = [_ring(r, arcs) for polygon in polygons for r in polygon]
    return rings


def _inside(lon: float, lat: float, rings: list[Ring]) -> bool:
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
                inside = not inside
    return inside


def borough_at(latitude: float, longitude: float) -> str | None:
    """The name of the borough whose boundary holds the point, or None outside London."""
    for name, rings in borough_rings().items():
        if _inside(longitude, latitude, rings):
            return name
    return None
