"""Every read of the dated parameters: the pages, the API and the rules that use them."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Parameter, ParameterValue
from .rules.parameters import DatedValue, at
from .versions import cached


def parameter_list(on: dt.date | None = None) -> QuerySet[Parameter]:
    """Every parameter with its dated values (prefetched, for its history) and, from the
    query itself, the value in effect on `on` (today unless given): `current_value`,
    `current_from` and `current_source`, the title of its source, all None before the
    first value takes effect. The list page reads only these, one query for all the rows
    however long the histories grow (QUALITY P2)."""
    values = ParameterValue.objects.select_related("source").order_by("effective_from")
    in_effect = ParameterValue.objects.filter(
        parameter=OuterRef("pk"), effective_from__lte=on or timezone.localdate()
    ).order_by("-effective_from")
    return Parameter.objects.annotate(
        current_value=Subquery(in_effect.values("value")[:1]),
        current_from=Subquery(in_effect.values("effective_from")[:1]),
        current_source=Subquery(in_effect.values("source__title")[:1]),
    ).prefetch_related(Prefetch("values", queryset=values))


class ParameterRow(NamedTuple):
    """A parameter as the list page shows it: its value on the day, None before the first."""

    key: str
    label: str
    unit: str
    value: Decimal | None
    since: dt.date | None
    source: str | None


def parameter_rows(on: dt.date) -> list[ParameterRow]:
    """Every parameter with its value on `on`, as plain rows: parameter_list()'s own
    query, without its histories, kept for the day until the next write (building the
    query costs more than the page's own work, QUALITY P2)."""
    return cached(f"parameter-rows:{on.isoformat()}", lambda: _parameter_rows(on))


def _parameter_rows(on: dt.date) -> list[ParameterRow]:
    # Any: the stubs know the model's fields, not the query's annotations.
    listed: Any = parameter_list(on)
    rows = listed.values_list(
        "key", "label", "unit", "current_value", "current_from", "current_source"
    )
    return [ParameterRow._make(row) for row in rows]


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


def parameters_read(keys: Iterable[str]) -> None:
    """Read the values of every parameter of `keys` not read yet in this request, in two
    queries for them all: a page that needs several asks for them together, rather than
    two queries for each (QUALITY P4)."""
    missing = sorted({k for k in keys if k not in _read})
    if not missing:
        return
    found = {p.key: dated_values(p) for p in parameter_list().filter(key__in=missing)}
    for key in missing:
        _read[key] = found.get(key, ())


def parameter_at(key: str, on: dt.date) -> DatedValue | None:
    """A parameter's value on a day; None where it is unknown (no such parameter, or
    before its first value takes effect)."""
    return at(parameter_values(key), on)


def shown(value: Decimal) -> str:
    """A value as people write it: 62, not 62.000000."""
    return format(value.normalize(), "f")
