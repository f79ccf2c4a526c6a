"""The register's import (a CSV or XLSX file, all of it or none) and its export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from devolution.core.documents import made_once
from devolution.core.pages import attachment, import_outcome
from devolution.core.people import signed_in_person

from .. import selectors, services, transfer
from ..forms import ImportForm
from .common import NAV, in_view


@login_required
@require_http_methods(["GET", "POST"])
def site_import(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    partnership = in_view(request)
    services.estates_enforce_may_keep(actor=person)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report, problems, status = import_outcome(
            lambda: transfer.sites_import(
                actor=person,
                partnership=partnership,
                content=upload.read(transfer.MAX_BYTES + 1),
                filename=upload.name,
            ),
            transfer.problem_text,
        )
        if report is not None:
            messages.success(request, report.summary())
            return redirect("estates:site-list")
    return render(
        request,
        "estates/site_import.jinja",
        {
            "nav": NAV,
            "form": form,
            "problems": problems,
            "columns": [(c, transfer.column_values(c)) for c in transfer.COLUMNS],
        },
        status=status,
    )


@login_required
@made_once
@require_GET
def site_export_csv(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    sites = selectors.site_list(partnership)
    return attachment(
        transfer.export_csv(sites), "text/csv; charset=utf-8", "asset-register.csv", private=True
    )


@login_required
@made_once
@require_GET
def site_export_xlsx(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    sites = selectors.site_list(partnership)
    content = transfer.export_xlsx(sites, demo=selectors.has_demo(partnership))
    return attachment(content, transfer.XLSX_TYPE, "asset-register.xlsx", private=True)


urlpatterns = [
    path("estates/sites/import/", site_import, name="site-import"),
    path("estates/sites/export.csv", site_export_csv, name="site-export-csv"),
    path("estates/sites/export.xlsx", site_export_xlsx, name="site-export-xlsx"),
]
