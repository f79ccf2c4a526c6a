"""The invented demonstration figures for the demo accounts (settings.DEMO_ACCOUNT_SETUP,
as estates/demo.py): the seeds give no trust's workforce figures, so London loads none;
this makes quarterly indicators for London's trusts over 2016/17 and 2017/18 (with pay
bills, so the levy calculator has something to offer), every one marked `is_demo`, noted
as invented and cited to a source that says so. Running it again changes nothing."""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from devolution.core.models import Source
from devolution.core.services import audit_record
from devolution.partners.models import Organisation

from .models import AgeShare, Indicator

DEMO_SOURCE = {
    "key": "workforce-demo",
    "title": "Demonstration figures, invented to show the workforce pages: not any "
    "organisation's real figures",
    "kind": Source.Kind.ENTERED,
}
NOTE = "Demonstration figures, invented: not real."
QUARTERS = [
    (dt.date(2016, 4, 1), dt.date(2016, 6, 30)),
    (dt.date(2016, 7, 1), dt.date(2016, 9, 30)),
    (dt.date(2016, 10, 1), dt.date(2016, 12, 31)),
    (dt.date(2017, 1, 1), dt.date(2017, 3, 31)),
    (dt.date(2017, 4, 1), dt.date(2017, 6, 30)),
    (dt.date(2017, 7, 1), dt.date(2017, 9, 30)),
    (dt.date(2017, 10, 1), dt.date(2017, 12, 31)),
    (dt.date(2018, 1, 1), dt.date(2018, 3, 31)),
]
BANDS = [(None, 24), (25, 34), (35, 59), (60, None)]


def demo_indicators_fill() -> list[str]:
    """Make the demonstration figures if they are not there; say what was done."""
    if Indicator.objects.filter(is_demo=True).exists():
        return ["Workforce demo: the invented demonstration figures are already there."]
    trusts = list(
        Organisation.objects.filter(key__startswith="trust-")
        .order_by("key")
        .values_list("pk", "key")
    )
    if not trusts:
        return ["Workforce demo: no trust to add demonstration figures to."]
    rng = random.Random(2016)  # noqa: S311 (invented demo data, not a secret)
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(key=DEMO_SOURCE["key"], defaults=DEMO_SOURCE)
        made = []
        for pk, _key in trusts:
            staff = Decimal(rng.randint(2500, 9000))
            for start, end in QUARTERS:
                staff = (staff * Decimal(rng.uniform(0.98, 1.03))).quantize(Decimal(1))
                vacancies = (staff * Decimal(rng.uniform(0.07, 0.15))).quantize(Decimal(1))
                leavers = (staff * Decimal(rng.uniform(0.025, 0.05))).quantize(Decimal(1))
                made.append(
                    Indicator(
                        organisation_id=pk,
                        period_start=start,
                        period_end=end,
                        staff_in_post=staff,
                        vacancies=vacancies,
                        leavers=leavers,
                        agency_spend=int(staff) * rng.randint(300, 900),
                        pay_bill=int(staff) * rng.randint(40_000, 52_000),
                        source=source,
                        note=NOTE,
                        is_demo=True,
                    )
                )
        created = Indicator.objects.bulk_create(made)
        if any(i.pk is None for i in created):
            created = list(Indicator.objects.filter(is_demo=True).order_by("pk"))
        shares = []
        for indicator in created:
            if indicator.period_end != QUARTERS[-1][1]:
                continue
            parts = [rng.randint(5, 12), rng.randint(20, 30), rng.randint(40, 55)]
            parts.append(100 - sum(parts))
            shares += [
                AgeShare(indicator=indicator, from_age=a, to_age=b, share=Decimal(s))
                for (a, b), s in zip(BANDS, parts, strict=True)
            ]
        AgeShare.objects.bulk_create(shares)
        audit_record(
            actor=None,
            action="workforce.demo.fill",
            obj=created[0],
            before=None,
            after={"indicators": len(created), "organisations": [k for _, k in trusts]},
        )
    return [
        f"Workforce demo: {len(created)} invented quarterly indicators for {len(trusts)} "
        "trusts, 2016/17 and 2017/18, added (Demonstration figures, invented)."
    ]
