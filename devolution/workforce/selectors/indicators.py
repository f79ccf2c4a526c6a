"""Reads of the workforce indicators."""

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from ..models import Indicator


class PayBill(NamedTuple):
    amount: int
    period_end: dt.date


def latest_pay_bills(organisation_ids: Iterable[int], on: dt.date) -> dict[int, PayBill]:
    """Each organisation's latest whole-organisation pay bill for a period ending on or
    before `on` (organisations with none are left out): what the levy calculator offers
    for a partnership's employers. One query."""
    rows = (
        Indicator.objects.filter(
            organisation_id__in=list(organisation_ids),
            staff_group="",
            pay_bill__isnull=False,
            period_end__lte=on,
        )
        .order_by("organisation_id", "period_end")
        .values_list("organisation_id", "pay_bill", "period_end")
    )
    # Ordered by period: the last seen for an organisation is its latest.
    return {
        org: PayBill(amount, end)
        for org, amount, end in rows
        if org is not None and amount is not None and end is not None
    }
