"""Which value of a dated parameter is in effect on a day."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DatedValue:
    effective_from: dt.date
    value: Decimal
    source: str
    quote: str = ""


def at(values: Iterable[DatedValue], on: dt.date) -> DatedValue | None:
    """The value in effect on `on`: the latest to take effect on or before that day.

    Before the first value takes effect the parameter is unknown (None), not an error:
    the caller says what unknown means for its rule.
    """
    current = None
    for value in sorted(values, key=lambda v: v.effective_from):
        if value.effective_from > on:
            break
        current = value
    return current
