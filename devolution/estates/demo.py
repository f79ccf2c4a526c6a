"""The invented demo set for the demo accounts (SPEC §12, issue 14 point 9): the seeds give
no sites, so London loads none; this makes 40 made-up sites across London's boroughs, an
invented utilisation policy and invented ranking criteria, every one marked `is_demo` and
cited to a source that says it is invented, so the estates pages can be tried. Running
it again changes nothing."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from devolution.core.models import Source
from devolution.core.services import audit_record, snapshot
from devolution.partners.models import Organisation, Partnership

from .geography import borough_at, borough_rings
from .models import (
    Condition,
    RankingCriterion,
    Site,
    SiteEvent,
    Status,
    Tenure,
    UtilisationPolicy,
)
from .services import FIELDS, Places, changes_of, derive_places

DEMO_SOURCE = {
    "key": "estates-demo",
    "title": "Demo data, invented to show the estates pages: not real sites, and no board "
    "has issued this policy or these criteria",
    "kind": Source.Kind.ENTERED,
}
# The organisation of the demo estates lead, which owns a share of the demo sites.
DEMO_LEAD_ORGANISATION = "trust-barts-health"
SITES = 40
USES = [
    "GP surgery",
    "Health centre",
    "Community hospital",
    "Mental health unit",
    "Clinic and offices",
    "Administrative offices",
    "Warehouse and stores",
    "Vacant clinic",
]
CRITERIA = [
    ("surplus-floor-area", "Floor area not in use", "surplus_floor_area", 3),
    ("housing-units", "Housing units possible", "housing_units", 3),
    ("backlog", "Backlog maintenance cost", "backlog", 2),
    ("shared-use", "Shared use with other public services", "shared_use", 1),
    ("stp-priority", "Among its STP's priority sites", "stp_priority", 1),
]
VALID_FROM = dt.date(2017, 7, 1)


def _point_in(name: str, rng: random.Random) -> tuple[Decimal, Decimal]:
    """A point inside the borough: tried at random within its bounds until one falls in."""
    points = [p for ring in borough_rings()[name] for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    for _ in range(200):
        lon, lat = rng.uniform(min(lons), max(lons)), rng.uniform(min(lats), max(lats))
        if borough_at(lat, lon) == name:
            return Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")
    raise ValueError(f"no point found in {name}")


def demo_estates_fill() -> list[str]:
    """Make the demo set if it is not there; say what was done."""
    partnership = Partnership.objects.filter(is_default=True).first()
    if partnership is None:
        return ["Estates demo: no partnership to add demo sites to."]
    if Site.objects.filter(partnership=partnership, is_demo=True).exists():
        return ["Estates demo: the invented demo sites are already there."]
    rng = random.Random(2017)  # noqa: S311 (invented demo data, not a secret)
    organisations = dict(Organisation.objects.values_list("key", "pk"))
    lead_org = organisations.get(DEMO_LEAD_ORGANISATION)
    places = Places.load()
    boroughs = sorted(borough_rings())
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(key=DEMO_SOURCE["key"], defaults=DEMO_SOURCE)
        sites = []
        for number in range(1, SITES + 1):
            borough = boroughs[(number * 7) % len(boroughs)]
            latitude, longitude = _point_in(borough, rng)
            owner = organisations.get(f"la-{slugify(borough)}")
            if lead_org is not None and (number % 5 == 0 or owner is None):
                owner = lead_org
            if owner is None:
                continue
            floor_area = rng.choice([400, 800, 1500, 2500, 4000, 7000])
            use = rng.choice(USES)
            site = Site(
                partnership=partnership,
                ref=f"DEMO-{number:02d}",
                name=f"{borough} {use if use.startswith('GP') else use.lower()} (demo)",
                owner_id=owner,
                address=f"{rng.randint(1, 200)} Invented Road, {borough}",
                latitude=latitude,
                longitude=longitude,
                tenure=rng.choice([Tenure.FREEHOLD, Tenure.LEASEHOLD, Tenure.PFI_LIFT]),
                floor_area=floor_area,
                use=use,
                utilisation=Decimal(rng.randint(15, 98)) / 100,
                condition=rng.choice(Condition.values),
                running_cost=floor_area * rng.randint(60, 160),
                backlog=rng.choice([None, floor_area * rng.randint(20, 400)]),
                status=rng.choice(
                    [Status.OPERATIONAL] * 5
                    + [Status.UNDER_USED, Status.SURPLUS, Status.FOR_DISPOSAL, Status.DISPOSED]
                ),
                housing_units=rng.choice([None, 0, 0, 20, 45, 80, 150]),
                shared_use=rng.random() < 0.3,
                one_public_estate=rng.random() < 0.2,
                stp_priority=rng.random() < 0.25,
                note="Demo data, invented: not a real site.",
                source=source,
                is_demo=True,
            )
            values = {name: getattr(site, name) for name in FIELDS}
            derive_places(values, places)
            site.borough_id, site.stp_id = values["borough_id"], values["stp_id"]
            sites.append(site)
        made = Site.objects.bulk_create(sites)
        now = timezone.now()
        SiteEvent.objects.bulk_create(
            SiteEvent(
                site=s,
                action=SiteEvent.Action.CREATED,
                at=now,
                changes=changes_of({}, {n: getattr(s, n) for n in FIELDS}),
                note="Demo data, invented",
            )
            for s in made
        )
        policy = UtilisationPolicy.objects.filter(
            partnership=partnership, valid_from=VALID_FROM
        ).first() or UtilisationPolicy.objects.create(
            partnership=partnership,
            valid_from=VALID_FROM,
            under_used_below=Decimal("0.60"),
            surplus_below=Decimal("0.30"),
            issued_as=UtilisationPolicy.IssuedAs.GUIDANCE,
            issued_by="the LEB (an invented demo policy)",
            note="Demo data, invented: the seeds give no thresholds.",
            source=source,
            is_demo=True,
        )
        for order, (key, name, reads, weight) in enumerate(CRITERIA):
            RankingCriterion.objects.get_or_create(
                partnership=partnership,
                valid_from=VALID_FROM,
                key=key,
                defaults={
                    "name": name,
                    "reads": reads,
                    "weight": weight,
                    "order": order,
                    "source": source,
                    "is_demo": True,
                },
            )
        audit_record(
            actor=None,
            action="estates.demo.fill",
            obj=partnership,
            before=None,
            after={
                "sites": [s.ref for s in made],
                "policy": snapshot(policy),
                "criteria": [c[0] for c in CRITERIA],
            },
        )
    return [
        f"Estates demo: {len(made)} invented demo sites, an invented utilisation policy and "
        "invented ranking criteria added (Demo data, invented)."
    ]
