"""Every read of the dated parameters: the pages, the API and the rules that use them."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Parameter, ParameterValue
from .rules.parameters import DatedValue, at


def parameter_list() -> QuerySet[Parameter]:
    values = ParameterValue.objects.select_related("source").order_by("effective_from")
    return Parameter.objects.prefetch_related(Prefetch("values", queryset=values))


def parameter_get(key: str) -> Parameter:
    return get_object_or_404(parameter_list(), key=key)


def dated_values(parameter: Parameter) -> tuple[DatedValue, ...]:
    """Needs `parameter_list`'s prefetch."""
    return tuple(
        DatedValue(v.effective_from, v.value, v.source.title, v.quote)
        for v in parameter.values.all()
    )


def value_record_at(parameter: Parameter, on: dt.date) -> ParameterValue | None:
    """The stored value in effect on `on` (None before the first), with its source."""
    found = at(dated_values(parameter), on)
    if found is None:
        return None
    return next(v for v in parameter.values.all() if v.effective_from == found.effective_from)


# Each parameter's values, read once per request (core.apps clears this at the start and
# end of every request) and again after every load of a data set, so a list of many rows
# that each need a parameter makes one query for it, not one per row.
_read: dict[str, tuple[DatedValue, ...]] = {}


def forget_parameters(**_: Any) -> None:
    _read.clear()


def parameter_values(key: str) -> tuple[DatedValue, ...]:
    if key not in _read:
        parameter = parameter_list().filter(key=key).first()
        _read[key] = dated_values(parameter) if parameter is not None else ()
    return _read[key]


def parameter_at(key: str, on: dt.date) -> DatedValue | None:
    """A parameter's value on a day; None where it is unknown (no such parameter, or
    before its first value takes effect)."""
    return at(parameter_values(key), on)


def shown(value: Decimal) -> str:
    """A value as people write it: 62, not 62.000000."""
    return format(value.normalize(), "f")
