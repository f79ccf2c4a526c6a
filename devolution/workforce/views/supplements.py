"""The high cost area supplement calculator (SPEC §13, seed 001): a GET form, so a result
can be linked. Public."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ..forms.pay import SupplementForm
from ..rules.money import money, percent
from .common import NAV, crumbs


@require_GET
def supplement(request: HttpRequest) -> HttpResponse:
    asked = any(k in request.GET for k in ("zone", "place", "basic_salary", "date_day"))
    form = SupplementForm(request.GET if asked else None)
    result = form.result if form.is_bound and form.is_valid() else None
    return render(
        request,
        "workforce/supplement.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "form": form,
            "result": result,
            "money": money,
            "percent": percent,
        },
        status=400 if form.is_bound and result is None else 200,
    )


urlpatterns = [path("workforce/supplement/", supplement, name="supplement")]
