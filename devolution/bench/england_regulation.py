"""The bench's reporting-requirements register. London's seeds name no return, so both
sizes hold the invented demo register (regulation.demo) so that every regulation page has
a record to show, and London LONDON_RETURNS synthetic returns, so that its lists and
calendars fill a page as England's do (QUALITY P3 compares a page's cost at both sizes,
not a page of 6 rows with one of 25). England grows the register to RETURNS synthetic
returns from the three regulators, monthly, quarterly and annual, each asking
ITEMS_PER_RETURN of a pool of ITEMS data items (so many are asked by more than one
regulator), all submitted by trusts, so that a trust's calendar and the data items asked
twice show as slower or as more queries at England's size. Bulk-made and not audited,
like the rest of the bench's data; named as synthetic."""

from django.db import transaction

from devolution.core.models import Source
from devolution.regulation.demo import demo_regulation_fill
from devolution.regulation.models import DataItem, DueRule, Frequency, Regulator, Return
from devolution.regulation.services import data_items_recount

RETURNS = 200
LONDON_RETURNS = 30
ITEMS = 300
ITEMS_PER_RETURN = 12
FREQUENCIES = [Frequency.MONTHLY, Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL]


def regulation_record() -> None:
    """London's side: the demo register and a page of synthetic returns."""
    demo_regulation_fill()
    Source.objects.get_or_create(
        key="bench-synthetic",
        defaults={
            "title": "Synthetic data made by `devolution bench`: no real place or body",
            "kind": Source.Kind.ENTERED,
        },
    )
    regulation_grow(LONDON_RETURNS)


def regulation_grow(returns: int = RETURNS) -> int:
    """The register grown to `returns` synthetic returns (those made before kept). How
    many were made."""
    source = Source.objects.get(key="bench-synthetic")
    regulators = list(Regulator.objects.order_by("order"))
    if not regulators:
        return 0
    first = Return.objects.filter(key__startswith="bench-return-").count() + 1
    with transaction.atomic():
        DataItem.objects.bulk_create(
            (
                DataItem(key=f"bench-item-{n:04d}", name=f"Synthetic data item {n}")
                for n in range(1, ITEMS + 1)
            ),
            ignore_conflicts=True,
        )
        items = list(DataItem.objects.filter(key__startswith="bench-item-").order_by("key"))
        made = Return.objects.bulk_create(
            Return(
                key=f"bench-return-{n:04d}",
                name=f"Synthetic return {n}",
                regulator=regulators[n % len(regulators)],
                frequency=FREQUENCIES[n % len(FREQUENCIES)],
                due_rule=DueRule.AFTER_PERIOD,
                due_day=1 + n % 31,
                months_after=1 + n % 2,
                submitted_by=["nhs_trust", "foundation_trust"],
                note="Synthetic data made by the bench.",
                source=source,
            )
            for n in range(first, returns + 1)
        )
        through = Return.items.through
        through.objects.bulk_create(
            through(return_id=r.pk, dataitem_id=items[(n * 7 + k * 13) % ITEMS].pk)
            for n, r in enumerate(made, start=first - 1)
            for k in range(ITEMS_PER_RETURN)
        )
        data_items_recount()
    return len(made)
