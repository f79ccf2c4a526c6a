"""Which high cost area zone each place is in, where the secretariat has set it."""

from dataclasses import dataclass

from django.db.models import QuerySet

from devolution.partners.models import Place
from devolution.partners.selectors import footprint_within, partnership_in_view

from ..models import PlaceZone

# The levels a workplace's zone is set for: London's boroughs (and the City).
LEVELS = ("borough",)


@dataclass(frozen=True)
class PlaceZoneRow:
    code: str
    name: str
    zone: str  # "" where unknown
    zone_label: str
    note: str
    version: int


def _places_in_view() -> QuerySet[Place]:
    """The boroughs of the partnership in view's footprint (the deployment's default;
    every borough while none is): an England of boroughs is not one page (QUALITY P3)."""
    places = Place.objects.filter(level__key__in=LEVELS)
    partnership = partnership_in_view()
    if partnership is not None:
        places = places.filter(pk__in=footprint_within(partnership))
    return places


def zone_rows() -> list[PlaceZoneRow]:
    """The boroughs in view, with their zones where set. Three queries."""
    places = list(_places_in_view().order_by("name").values_list("pk", "code", "name"))
    zones = {
        z.place_id: z for z in PlaceZone.objects.filter(place_id__in=[p for p, _, _ in places])
    }
    rows = []
    for pk, code, name in places:
        z = zones.get(pk)
        rows.append(
            PlaceZoneRow(
                code=code,
                name=name,
                zone=z.zone if z else "",
                zone_label=z.get_zone_display() if z else "",
                note=z.note if z else "",
                version=z.version if z else 0,
            )
        )
    return rows


def place_choices() -> list[tuple[str, str]]:
    """The boroughs in view, to choose a place of work from."""
    return list(_places_in_view().order_by("name").values_list("code", "name"))


def zone_of(code: str) -> tuple[str, str | None] | None:
    """(the place's name, its zone or None where unknown); None: no such place."""
    place = Place.objects.filter(code=code).values_list("pk", "name").first()
    if place is None:
        return None
    zone = PlaceZone.objects.filter(place_id=place[0]).values_list("zone", flat=True).first()
    return place[1], zone
