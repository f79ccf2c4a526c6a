"""The secretariat sets which high cost area zone a place is in (or clears it: unknown),
audited like every change; a stale version is refused, nothing overwritten."""

from typing import Any

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.services import audit_record
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Place
from devolution.partners.rules import may_keep_registers

from ..models import PlaceZone

ZONE_SET = "place_zone.set"
ZONE_CLEAR = "place_zone.clear"


def zone_set(*, actor: Any, place_code: str, zone: str, note: str = "", version: int = 0) -> None:
    """Set `place_code`'s zone ("" clears it). `version`: the record's version as read (0
    where there was none)."""
    enforce(may_keep_registers(memberships_of(actor)))
    if zone and zone not in PlaceZone.Zone.values:
        raise InvalidInput([Problem(f"'{zone}' is not a zone", field="zone")])
    with transaction.atomic():
        place = Place.objects.filter(code=place_code).first()
        if place is None:
            raise InvalidInput([Problem(f"no place has the code {place_code!r}", field="place")])
        found = PlaceZone.objects.select_for_update().filter(place=place).first()
        if (found.version if found else 0) != version:
            raise StaleEdit("Someone else changed this place's zone first: read it again.")
        before = {"zone": found.zone, "note": found.note} if found else None
        if not zone:
            if found is not None:
                audit_record(actor=actor, action=ZONE_CLEAR, obj=found, before=before, after=None)
                found.delete()
            return
        record = found or PlaceZone(place=place)
        record.zone, record.note, record.set_by = zone, note, actor
        record.version = (found.version + 1) if found else 1
        record.save()
        audit_record(
            actor=actor,
            action=ZONE_SET,
            obj=record,
            before=before,
            after={"zone": zone, "note": note},
        )
