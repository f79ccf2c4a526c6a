"""Every read of the asset register that pages and the API share: the sites with their
filters, a site with its history, the utilisation policy in force with each site's flag,
and the prioritised list."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from devolution.partners.models import Organisation, Partnership, Place

from .models import (
    Condition,
    RankingCriterion,
    Site,
    SiteEvent,
    Status,
    Tenure,
    UtilisationPolicy,
)
from .rules import ranking, utilisation
from .rules.utilisation import Flag, PolicyFact

DEMO_NOTE = "Demo data, invented: these sites are not real."


def site_list(
    partnership: Partnership | None,
    *,
    stp: str = "",
    borough: str = "",
    status: str = "",
    owner: str = "",
) -> QuerySet[Site]:
    """The partnership's sites, filtered by STP, borough (by place code), status and
    owner (by organisation key), by name."""
    rows = Site.objects.select_related("owner", "borough", "stp", "source")
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    if stp:
        rows = rows.filter(stp__code=stp)
    if borough:
        rows = rows.filter(borough__code=borough)
    if status:
        rows = rows.filter(status=status)
    if owner:
        rows = rows.filter(owner__key=owner)
    return rows.order_by("name", "ref")


def site_get(partnership: Partnership | None, ref: str) -> Site:
    rows = Site.objects.select_related("owner", "borough", "stp", "source", "partnership")
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    site = rows.filter(ref=ref).first()
    if site is None:
        raise Http404(f"no site {ref!r}")
    return site


def site_history(site: Site) -> list[SiteEvent]:
    return list(site.events.select_related("by").order_by("-at", "-pk"))


def has_demo(partnership: Partnership | None) -> bool:
    rows = Site.objects.filter(is_demo=True)
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    return rows.exists()


def place_choices(level: str, partnership: Partnership | None) -> list[tuple[str, str]]:
    """The places of a level that hold sites of the partnership, as (code, name)."""
    field = "stp" if level == "stp" else "borough"
    found = (
        site_list(partnership)
        .exclude(**{f"{field}__isnull": True})
        .values_list(f"{field}__code", f"{field}__name")
        .distinct()
        .order_by(f"{field}__name")
    )
    return list(found)


def place_exists(level: str, code: str) -> bool:
    return Place.objects.filter(level__key=level, code=code).exists()


def all_places(level: str) -> list[tuple[int, str]]:
    return list(Place.objects.filter(level__key=level).order_by("name").values_list("pk", "name"))


def organisation_choices(only: frozenset[int] | None = None) -> list[tuple[int, str]]:
    """Organisations as (id, name), by name; with `only`, those of these ids."""
    rows = Organisation.objects.order_by("name")
    if only is not None:
        rows = rows.filter(pk__in=only)
    return list(rows.values_list("pk", "name"))


# ------------------------------------------------------------------ utilisation policy


def _fact(policy: UtilisationPolicy) -> PolicyFact:
    return PolicyFact(
        valid_from=policy.valid_from,
        under_used_below=policy.under_used_below,
        surplus_below=policy.surplus_below,
        issued_as=policy.get_issued_as_display(),
        issued_by=policy.issued_by,
    )


def policies(partnership: Partnership | None) -> list[UtilisationPolicy]:
    rows = UtilisationPolicy.objects.select_related("source", "board")
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    return list(rows.order_by("-valid_from"))


def policy_in_force(partnership: Partnership | None, on: dt.date) -> UtilisationPolicy | None:
    taken = [p for p in policies(partnership) if p.valid_from <= on]
    return taken[0] if taken else None


def site_share(site: Site) -> Decimal | None:
    return utilisation.share(site.utilisation, site.sessions_used, site.sessions_available)


def site_flag(site: Site, policy: UtilisationPolicy | None) -> Flag | None:
    """The policy's advice on the site; a disposed site is no longer flagged."""
    if policy is None or site.status == Status.DISPOSED:
        return None
    return utilisation.site_flag(site_share(site), _fact(policy))


def flagged(
    sites: Any, policy: UtilisationPolicy | None, flag: str = ""
) -> list[tuple[Site, Flag | None]]:
    """Each site with its flag; with `flag`, only the sites so flagged."""
    rows = [(s, site_flag(s, policy)) for s in sites]
    if flag:
        rows = [(s, f) for s, f in rows if f is not None and f.kind == flag]
    return rows


# ------------------------------------------------------------------ ranking


def criteria_in_force(partnership: Partnership | None, on: dt.date) -> list[RankingCriterion]:
    """The criteria of the latest weighting taking effect on or before the day."""
    rows = RankingCriterion.objects.select_related("source").filter(valid_from__lte=on)
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    latest = rows.order_by("-valid_from").values_list("valid_from", flat=True).first()
    if latest is None:
        return []
    return list(rows.filter(valid_from=latest).order_by("order", "key"))


def _facts(site: Site) -> dict[str, Decimal | None]:
    share = site_share(site)
    return {
        "surplus_floor_area": (
            Decimal(site.floor_area) * (1 - share)
            if site.floor_area is not None and share is not None
            else None
        ),
        "housing_units": Decimal(site.housing_units) if site.housing_units is not None else None,
        "backlog": Decimal(site.backlog) if site.backlog is not None else None,
        "shared_use": Decimal(int(site.shared_use)),
        "stp_priority": Decimal(int(site.stp_priority)),
    }


@dataclass(frozen=True)
class Ranking:
    criteria: list[RankingCriterion]
    rows: list[tuple[ranking.Ranked, Site]]


def site_ranking(partnership: Partnership | None, on: dt.date, sites: Any = None) -> Ranking:
    """The partnership's sites not yet disposed of, ranked by the criteria in force."""
    criteria = criteria_in_force(partnership, on)
    if sites is None:
        sites = site_list(partnership).exclude(status=Status.DISPOSED)
    by_ref = {s.ref: s for s in sites}
    ranked = ranking.rank(
        [ranking.SiteFact(s.ref, s.name, _facts(s)) for s in by_ref.values()],
        [ranking.CriterionFact(c.key, c.name, c.reads, c.weight) for c in criteria],
    )
    return Ranking(criteria, [(r, by_ref[r.ref]) for r in ranked])


# ------------------------------------------------------------------ history in words

LABELS = {
    "name": "name",
    "owner_id": "owner",
    "borough_id": "borough",
    "stp_id": "STP",
    "address": "address",
    "postcode": "postcode",
    "latitude": "latitude",
    "longitude": "longitude",
    "tenure": "tenure",
    "floor_area": "floor area (m²)",
    "use": "use",
    "utilisation": "utilisation",
    "sessions_used": "sessions used",
    "sessions_available": "sessions available",
    "condition": "condition",
    "running_cost": "running cost (£ a year)",
    "backlog": "backlog maintenance (£)",
    "status": "status",
    "housing_units": "housing units possible",
    "shared_use": "shared use",
    "shared_use_note": "shared use note",
    "one_public_estate": "One Public Estate",
    "stp_priority": "STP priority",
    "note": "notes",
}
CHOICE_LABELS = {
    "tenure": dict(Tenure.choices),
    "condition": {k: k for k in Condition.values},
    "status": dict(Status.choices),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None
    after: str | None


def _shown(name: str, value: Any, names: dict[int, str]) -> str | None:
    if value is None or value == "":
        return None
    if name in ("owner_id", "borough_id", "stp_id"):
        return names.get(value, "one no longer recorded")
    if name in CHOICE_LABELS:
        return str(CHOICE_LABELS[name].get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "utilisation":
        return utilisation.percent(Decimal(value))
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def history_in_words(events: list[SiteEvent]) -> list[tuple[SiteEvent, list[Change]]]:
    """Each event with its changes as a person reads them: a field by its label, an
    organisation or place by its name, a choice by its label."""
    org_ids = {
        v
        for e in events
        for pair in [e.changes.get("owner_id", [None, None])]
        for v in pair
        if v is not None
    }
    place_ids = {
        v
        for e in events
        for name in ("borough_id", "stp_id")
        for v in e.changes.get(name, [None, None])
        if v is not None
    }
    names = dict(Organisation.objects.filter(pk__in=org_ids).values_list("pk", "name"))
    places = dict(Place.objects.filter(pk__in=place_ids).values_list("pk", "name"))
    shown = []
    for event in events:
        changes = []
        for name, (before, after) in event.changes.items():
            lookup = places if name in ("borough_id", "stp_id") else names
            changes.append(
                Change(
                    LABELS.get(name, name.replace("_", " ")),
                    _shown(name, before, lookup),
                    _shown(name, after, lookup),
                )
            )
        shown.append((event, changes))
    return shown
