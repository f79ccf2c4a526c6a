"""The dated parameters as pages: every one with its value today, and each one's history."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import parameters


def parameter_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "core/parameter_list.jinja",
        {
            "nav": "",
            "rows": parameters.parameter_rows(today),
            "on": today,
            "shown": parameters.shown,
        },
    )


def parameter_detail(request: HttpRequest, parameter: str) -> HttpResponse:
    found = parameters.parameter_get(parameter)
    asked = request.GET.get("on", "")
    problem = ""
    try:
        on = dt.date.fromisoformat(asked) if asked else timezone.localdate()
    except ValueError:
        on, problem = timezone.localdate(), "Give the date as year-month-day, e.g. 2018-03-22."
    return render(
        request,
        "core/parameter_detail.jinja",
        {
            "nav": "",
            "parameter": found,
            "on": on,
            "current": parameters.value_record_at(found, on),
            "problem": problem,
            "shown": parameters.shown,
        },
        status=400 if problem else 200,
    )
