"""The apprenticeship levy calculator (SPEC §13, seed 001): for one employer (a GET form,
so a result can be linked) and for a partnership's employers together (its members
listed with their latest pay bills, or rows pasted or uploaded; POST). Each result is
also a spreadsheet. Public: it reads nothing private and changes nothing."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from devolution.core.pages import attachment
from devolution.core.reports import XLSX
from devolution.partners.selectors import partnership_with_key, today

from ..forms.pay import LevyOneForm, PartnershipLevyForm
from ..reports.levy import levy_xlsx
from ..rules.levy import MOST_EMPLOYERS, LevyResult
from ..rules.money import money, percent
from ..selectors.pay import partnership_employers, partnerships
from .common import NAV, calculator_page, crumbs

FILENAME = "apprenticeship-levy-{:%Y-%m-%d}.xlsx"


def _xlsx(result: LevyResult) -> HttpResponse:
    return attachment(levy_xlsx(result), XLSX, FILENAME.format(result.date))


@require_GET
def levy_one(request: HttpRequest) -> HttpResponse:
    form = LevyOneForm(request.GET if "name" in request.GET else None)
    if form.is_bound and form.is_valid() and form.result and request.GET.get("format") == "xlsx":
        return _xlsx(form.result)
    return calculator_page(request, "workforce/levy_one.jinja", form)


@require_http_methods(["GET", "POST"])
def levy_partnership(request: HttpRequest) -> HttpResponse:
    key = request.GET.get("partnership") or request.POST.get("partnership") or ""
    partnership = partnership_with_key(key) if key else None
    form = PartnershipLevyForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    result = form.result if form.is_bound and form.is_valid() else None
    if result is not None and request.POST.get("format") == "xlsx":
        return _xlsx(result)
    on = form.cleaned_data.get("date") if form.is_bound and hasattr(form, "cleaned_data") else None
    members = partnership_employers(partnership, on or today(partnership)) if partnership else []
    refused = (form.is_bound and result is None) or (bool(key) and partnership is None)
    return render(
        request,
        "workforce/levy_partnership.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(("workforce:levy", "Apprenticeship levy")),
            "form": form,
            "result": result,
            "partnership": partnership,
            "partnership_key": key,
            "unknown_partnership": bool(key) and partnership is None,
            "failed": bool(key) and partnership is None,  # the title says "Error: "
            "partnerships": partnerships(),
            "members": members,
            "most": MOST_EMPLOYERS,
            "money": money,
            "percent": percent,
        },
        status=400 if refused else 200,
    )


urlpatterns = [
    path("workforce/levy/", levy_one, name="levy"),
    path("workforce/levy/partnership/", levy_partnership, name="levy-partnership"),
]
