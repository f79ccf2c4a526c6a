"""Which high cost area zone each place is in, where the secretariat has set it."""

from dataclasses import dataclass

from devolution.partners.models import Place

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


def zone_rows() -> list[PlaceZoneRow]:
    """Every borough, with its zone where set. Two queries."""
    places = list(
        Place.objects.filter(level__key__in=LEVELS)
        .order_by("name")
        .values_list("pk", "code", "name")
    )
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
    return list(
        Place.objects.filter(level__key__in=LEVELS).order_by("name").values_list("code", "name")
    )


def zone_of(code: str) -> tuple[str, str | None] | None:
    """(the place's name, its zone or None where unknown); None: no such place."""
    place = Place.objects.filter(code=code).values_list("pk", "name").first()
    if place is None:
        return None
    zone = PlaceZone.objects.filter(place_id=place[0]).values_list("zone", flat=True).first()
    return place[1], zone
