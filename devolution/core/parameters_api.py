"""The dated parameters as JSON: each with its history, and its value on a day."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Query

from . import parameters

router = Router(tags=["Dated parameters"])
ON_DAY = Query(None, description="The day (YYYY-MM-DD) of `value_on`: today if not given")


class ParameterValueOut(Schema):
    effective_from: dt.date
    value: float
    source: str
    source_title: str
    quote: str
    note: str


class ParameterOut(Schema):
    key: str
    label: str
    unit: str
    description: str
    on: dt.date
    value_on: ParameterValueOut | None
    values: list[ParameterValueOut]


def _value(v: Any) -> dict[str, Any]:
    return {
        "effective_from": v.effective_from,
        "value": float(v.value),
        "source": v.source.key,
        "source_title": v.source.title,
        "quote": v.quote,
        "note": v.note,
    }


def _parameter(p: Any, on: dt.date) -> dict[str, Any]:
    current = parameters.value_record_at(p, on)
    return {
        "key": p.key,
        "label": p.label,
        "unit": p.unit,
        "description": p.description,
        "on": on,
        "value_on": _value(current) if current else None,
        "values": [_value(v) for v in p.values.all()],
    }


@router.get(
    "/parameters",
    response=list[ParameterOut],
    summary="Dated parameters, each with its value on a day (today unless `on` is given)",
)
@paginate
def parameter_list(request: HttpRequest, on: dt.date | None = ON_DAY) -> Any:
    day = on or timezone.localdate()
    return [_parameter(p, day) for p in parameters.parameter_list()]


@router.get(
    "/parameters/{key}",
    response=ParameterOut,
    summary="One dated parameter: its history and its value on a day (`value_on` is null "
    "before its first value takes effect)",
)
def parameter_get(request: HttpRequest, key: str, on: dt.date | None = None) -> Any:
    return _parameter(parameters.parameter_get(key), on or timezone.localdate())
