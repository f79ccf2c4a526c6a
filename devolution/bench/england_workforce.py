"""The bench's workforce indicators. London's seeds give two place figures only, so both
sizes hold London's invented demonstration figures (workforce.demo: quarterly figures for
London's trusts over 2016/17 and 2017/18), so that every indicator page has rows.

England adds an England-sized set (workforce_grow): for every member of every STP, eight
quarters of figures for all staff and for one staff group, so that the list, the board
view and the API show as slower or as more queries at England's size (QUALITY P3).
Bulk-made and not audited, like the rest of the bench's data; named as synthetic.
"""

from decimal import Decimal

from django.db import transaction

from devolution.bench import BenchError
from devolution.core.models import Source
from devolution.partners.models import Organisation, Partnership
from devolution.workforce.demo import QUARTERS, demo_indicators_fill
from devolution.workforce.models import Indicator
from devolution.workforce.selectors.indicators import stps_in_view, systems_in_view

GROUPS = ("", "Registered nurses")


def workforce_record() -> None:
    """London's invented demonstration figures."""
    demo_indicators_fill()


def workforce_grow() -> int:
    """England's indicators: the quarters of every member of the other partnerships'
    STPs. How many were made."""
    source = Source.objects.get(key="bench-synthetic")
    has = set(Indicator.objects.values_list("organisation_id", flat=True).distinct())
    # London's own systems keep London's figures: England is London and the others, so
    # that a page of the partnership in view shows the same rows at both sizes.
    londons = set(
        Partnership.members.through.objects.filter(
            partnership__in=stps_in_view(systems_in_view()).values("pk")
        ).values_list("organisation_id", flat=True)
    )
    members = sorted(
        set(
            Partnership.members.through.objects.filter(
                partnership__kind=Partnership.Kind.STP
            ).values_list("organisation_id", flat=True)
        )
        - has
        - londons
    )
    rows = []
    for number, organisation in enumerate(members):
        staff = Decimal(800 + (number * 137) % 7000)
        for q, (start, end) in enumerate(QUARTERS):
            for g, group in enumerate(GROUPS):
                in_post = staff if not g else (staff * Decimal("0.3")).quantize(Decimal(1))
                rows.append(
                    Indicator(
                        organisation_id=organisation,
                        staff_group=group,
                        period_start=start,
                        period_end=end,
                        staff_in_post=in_post,
                        vacancies=(in_post * Decimal(6 + (number + q) % 9) / 100).quantize(
                            Decimal(1)
                        ),
                        leavers=(in_post * Decimal(2 + (number * q) % 4) / 100).quantize(
                            Decimal(1)
                        ),
                        agency_spend=int(in_post) * 500 if not g else None,
                        pay_bill=int(in_post) * 45_000 if not g else None,
                        source=source,
                        note="Synthetic data made by the bench.",
                        is_demo=True,
                    )
                )
    with transaction.atomic():
        Indicator.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def organisation_key() -> str:
    """A London trust with figures (the demonstration's), else the first trust: the
    bench's indicator page for an organisation."""
    found = (
        Indicator.objects.filter(organisation__key__startswith="trust-")
        .order_by("organisation__key")
        .values_list("organisation__key", flat=True)
        .first()
    ) or (
        Organisation.objects.filter(key__startswith="trust-")
        .order_by("key")
        .values_list("key", flat=True)
        .first()
    )
    if found is None:
        raise BenchError("the bench's data has no trust for the workforce indicators")
    return found
