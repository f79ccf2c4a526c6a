"""Every write to the asset register (SPEC §12): a site created or changed through a form
or the API, checked by the same rules, locked, written with its history and audited in
one transaction. The import (`transfer`) writes many at once through `SitePlanner`."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from devolution.commitments.transfer import IMPORT_SOURCE
from devolution.core.errors import InvalidInput, NotFound, Problem, StaleEdit
from devolution.core.models import Source, User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation, Partnership, Place

from .geography import borough_at
from .models import Site, SiteEvent
from .rules.access import may_keep_register, may_keep_site
from .rules.sites import site_problems

# The fields a person keeps, as stored (a foreign key by its id).
FIELDS = (
    "name",
    "owner_id",
    "borough_id",
    "stp_id",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "tenure",
    "floor_area",
    "use",
    "utilisation",
    "sessions_used",
    "sessions_available",
    "condition",
    "running_cost",
    "backlog",
    "status",
    "housing_units",
    "shared_use",
    "shared_use_note",
    "one_public_estate",
    "stp_priority",
    "note",
)
# The field a problem names, as a person and a form know it.
SHOWN = {"owner_id": "owner", "borough_id": "borough", "stp_id": "stp"}


def estates_enforce_may_keep(*, actor: Any) -> None:
    """Refuse (403) anyone who keeps no part of the register."""
    enforce(may_keep_register(memberships_of(actor)))


def entered_source(*, actor: Any) -> Source:
    """The source of what partnership staff enter or import themselves."""
    found = Source.objects.filter(key=IMPORT_SOURCE["key"]).first()
    if found is not None:
        return found
    source = Source.objects.create(**IMPORT_SOURCE)
    audit_record(
        actor=actor, action="source.create", obj=source, before=None, after=snapshot(source)
    )
    return source


@dataclass
class Places:
    """The place tree as the register needs it, read once: boroughs by name and each
    place's level and parent, so that thousands of rows derive their borough and STP
    without a query each."""

    borough_by_name: dict[str, int] = field(default_factory=dict)
    level: dict[int, str] = field(default_factory=dict)
    parent: dict[int, int | None] = field(default_factory=dict)
    name: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Places":
        places = cls()
        for pk, name, level, parent in Place.objects.values_list(
            "pk", "name", "level__key", "parent_id"
        ):
            places.level[pk], places.parent[pk], places.name[pk] = level, parent, name
            if level == "borough":
                places.borough_by_name[name.casefold()] = pk
        return places

    def stp_of(self, borough_id: int) -> int | None:
        parent = self.parent.get(borough_id)
        return parent if parent is not None and self.level.get(parent) == "stp" else None


def derive_places(values: dict[str, Any], places: Places) -> list[Problem]:
    """Fill in the borough from the point location and the STP from the borough where
    they are not given; refuse a borough or STP that is not one, or that disagree."""
    problems = []
    borough, stp = values.get("borough_id"), values.get("stp_id")
    if borough is not None and places.level.get(borough) != "borough":
        problems.append(Problem("choose a borough", field="borough"))
    if stp is not None and places.level.get(stp) != "stp":
        problems.append(Problem("choose an STP", field="stp"))
    if problems:
        return problems
    if borough is None and values.get("latitude") is not None:
        found = borough_at(float(values["latitude"]), float(values["longitude"]))
        if found is not None:
            borough = places.borough_by_name.get(found.casefold())
            values["borough_id"] = borough
    if borough is not None:
        parent = places.stp_of(borough)
        if stp is None:
            values["stp_id"] = parent
        elif parent is not None and parent != stp:
            problems.append(
                Problem(
                    f"{places.name[borough]} is in {places.name[parent]}, not in "
                    f"{places.name[stp]}",
                    field="stp",
                )
            )
    return problems


def check_values(values: dict[str, Any], places: Places) -> list[Problem]:
    """The rules' problems with a site's values, then the places derived."""
    given = {SHOWN.get(k, k): v for k, v in values.items()}
    problems = [Problem(p.message, field=p.field) for p in site_problems(given)]
    return problems or derive_places(values, places)


def changes_of(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each field that differs, as JSON values."""
    return {
        name: [_json(before.get(name)), _json(after.get(name))]
        for name in FIELDS
        if _json(before.get(name)) != _json(after.get(name))
    }


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _values_of(site: Site) -> dict[str, Any]:
    return {name: getattr(site, name) for name in FIELDS}


def _refuse(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(problems)


def site_create(
    *, actor: User | None, partnership: Partnership, ref: str, data: dict[str, Any]
) -> Site:
    """Record a new site. An estates lead records sites of their own organisation."""
    estates_enforce_may_keep(actor=actor)
    values: dict[str, Any] = {name: data.get(name) for name in FIELDS if name in data}
    _refuse(
        [
            Problem(p.message, field=p.field)
            for p in site_problems(
                {"ref": ref, "name": values.get("name"), "owner": values.get("owner_id")}
            )
        ]
    )
    owner_id: int = values["owner_id"]
    if not Organisation.objects.filter(pk=owner_id).exists():
        raise InvalidInput([Problem("choose one of the organisations listed", field="owner")])
    enforce(may_keep_site(memberships_of(actor), owner_id))
    with transaction.atomic():
        if Site.objects.filter(partnership=partnership, ref=ref).exists():
            raise InvalidInput(
                [Problem(f"a site with the reference '{ref}' is already recorded", field="ref")]
            )
        _refuse(check_values(values, Places.load()))
        site = Site(partnership=partnership, ref=ref, source=entered_source(actor=actor))
        for name, value in values.items():
            setattr(site, name, _empty(name, value))
        site.save()
        SiteEvent.objects.create(
            site=site,
            action=SiteEvent.Action.CREATED,
            at=timezone.now(),
            by=actor,
            changes=changes_of({}, _values_of(site)),
        )
        audit_record(
            actor=actor, action="estates.site.create", obj=site, before=None, after=snapshot(site)
        )
    return site


def _empty(name: str, value: Any) -> Any:
    """A value as stored: text fields hold "" for nothing, never null."""
    if value is None and name in TEXT:
        return ""
    if value is None and name in FLAGS:
        return False
    return value


TEXT = frozenset({"address", "postcode", "use", "condition", "shared_use_note", "note", "name"})
FLAGS = frozenset({"shared_use", "one_public_estate", "stp_priority"})


def site_update(*, actor: User | None, site_id: int, version: int, data: dict[str, Any]) -> Site:
    """Change a site: only the fields given. A form opened before another's change is
    refused, never saved over it (QUALITY R2)."""
    estates_enforce_may_keep(actor=actor)
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(pk=site_id).first()
        if site is None:
            raise NotFound("That site is not recorded.")
        memberships = memberships_of(actor)
        enforce(may_keep_site(memberships, site.owner_id))
        if site.version != version:
            raise StaleEdit(
                f"Someone else changed {site.name} after you opened it: nothing was saved. "
                "Reload the page to see their change, then make yours again."
            )
        before = _values_of(site)
        values = {**before, **{k: _empty(k, v) for k, v in data.items() if k in FIELDS}}
        if values["owner_id"] != site.owner_id:
            if not Organisation.objects.filter(pk=values["owner_id"]).exists():
                raise InvalidInput(
                    [Problem("choose one of the organisations listed", field="owner")]
                )
            enforce(may_keep_site(memberships, values["owner_id"]))
        # A location moved re-derives the borough and STP unless they are given too.
        for place in ("borough_id", "stp_id"):
            if place not in data and (
                values["latitude"] != before["latitude"]
                or values["longitude"] != before["longitude"]
                or (place == "stp_id" and values["borough_id"] != before["borough_id"])
            ):
                values[place] = None
        _refuse(check_values(values, Places.load()))
        changes = changes_of(before, values)
        if not changes:
            return site
        audit_before = snapshot(site)
        for name, value in values.items():
            setattr(site, name, value)
        site.version += 1
        site.save()
        SiteEvent.objects.create(
            site=site, action=SiteEvent.Action.EDITED, at=timezone.now(), by=actor, changes=changes
        )
        audit_record(
            actor=actor,
            action="estates.site.update",
            obj=site,
            before=audit_before,
            after=snapshot(site),
        )
    return site
