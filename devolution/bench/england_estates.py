"""The bench's estate. London's seeds give no sites, so both sizes hold London's invented
demo set (estates.demo: forty sites, a utilisation policy and ranking criteria) with its
invented capital cases and disposals (capital.demo), so that every estates and capital
page has a record to show.

England adds an England-sized register (estates_grow): SITES_PER_SYSTEM sites for each
generated system's partnership, tens of thousands in all, owned by the system's members,
in its boroughs, with utilisation and costs, so that a page of London's register, its
map, its ranking or its capital pages that read England's sites shows as slower or as
more queries at England's size (QUALITY P3). Bulk-made and not audited, like the rest
of the bench's data; named as synthetic.
"""

from itertools import cycle

from django.db import transaction

from devolution.capital.demo import demo_capital
from devolution.capital.models import BusinessCase, FundingSource
from devolution.core.models import Source
from devolution.estates.demo import demo_estates_fill
from devolution.estates.models import Condition, Site, Status, Tenure
from devolution.meetings.selectors import footprint_places
from devolution.partners.models import Partnership

SITES_PER_SYSTEM = 600
APPROVED_CASE = "bench-approved-case"
STATUSES = [Status.OPERATIONAL] * 6 + [
    Status.UNDER_USED,
    Status.SURPLUS,
    Status.FOR_DISPOSAL,
    Status.DISPOSED,
]


def estates_record() -> None:
    """London's demo estate and its demo capital cases and disposals, and an approved
    case (the demo's are a draft and a submitted one) so that a case the public reads
    has a page to bench."""
    demo_estates_fill()
    partnership = Partnership.objects.filter(is_default=True).first()
    if partnership is None:
        return
    demo_capital(partnership)
    site = Site.objects.filter(partnership=partnership, is_demo=True).order_by("ref").last()
    if site is None or BusinessCase.objects.filter(ref=APPROVED_CASE).exists():
        return
    case = BusinessCase.objects.create(
        partnership=partnership,
        ref=APPROVED_CASE,
        title="Synthetic approved case made by the bench",
        sponsor_id=site.owner_id,
        value=3_000_000,
        stage=BusinessCase.Stage.FULL,
        benefits="Synthetic data made by the bench.",
        state=BusinessCase.State.APPROVED,
        is_demo=True,
    )
    case.sites.set([site])
    FundingSource.objects.create(
        case=case, number=1, kind="national_capital", year="2019-20", amount=3_000_000
    )


def estates_grow(per_system: int = SITES_PER_SYSTEM) -> int:
    """England's register: `per_system` sites for every partnership but the default, each
    owned by one of its members and placed in one of its boroughs. How many were made."""
    source = Source.objects.get(key="bench-synthetic")
    sites = []
    for partnership in Partnership.objects.filter(is_default=False).order_by("key"):
        owners = list(partnership.members.order_by("pk").values_list("pk", flat=True))
        boroughs = list(
            footprint_places(partnership)
            .filter(level__key="borough")
            .select_related("parent")
            .order_by("code")
        )
        if not owners or not boroughs:
            continue
        placed = cycle(boroughs)
        owned = cycle(owners)
        statuses = cycle(STATUSES)
        conditions = cycle(Condition.values)
        for number in range(1, per_system + 1):
            borough = next(placed)
            floor_area = 300 + (number * 37) % 6000
            sites.append(
                Site(
                    partnership=partnership,
                    ref=f"{partnership.key}-site-{number:04d}"[:60],
                    name=f"Synthetic site {number} of {partnership.name}"[:200],
                    owner_id=next(owned),
                    borough=borough,
                    stp=borough.parent,
                    address=f"{number} Synthetic Street",
                    tenure=(Tenure.FREEHOLD, Tenure.LEASEHOLD, Tenure.PFI_LIFT)[number % 3],
                    floor_area=floor_area,
                    use="Synthetic use",
                    utilisation=(number * 7 % 100) / 100,
                    condition=next(conditions),
                    running_cost=floor_area * 90,
                    backlog=floor_area * (number % 300),
                    status=next(statuses),
                    housing_units=number % 120,
                    shared_use=number % 4 == 0,
                    one_public_estate=number % 5 == 0,
                    stp_priority=number % 6 == 0,
                    note="Synthetic data made by the bench.",
                    source=source,
                )
            )
    with transaction.atomic():
        Site.objects.bulk_create(sites, batch_size=2000)
    return len(sites)
