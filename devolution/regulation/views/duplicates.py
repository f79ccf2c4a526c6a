"""The data items asked for by more than one regulator (SPEC §14), register-wide: each item
with the regulators and returns asking it, as a page (a page of items at a time: an
England-sized register asks hundreds twice), a PDF and a spreadsheet (every item)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once
from devolution.core.pages import attachment, paginate
from devolution.core.reports import PDF, XLSX, Report, report_xlsx

from .. import selectors
from ..reports import duplicates_report, report_pdf
from .common import NAV, crumbs


def _report() -> Report:
    return duplicates_report(selectors.register_duplicates(), selectors.has_demo())


PAGE_SIZE = 25


@require_GET
def duplicates(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.DuplicatePages(), PAGE_SIZE)
    return render(
        request,
        "regulation/duplicates.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "page": page,
            "query": query,
            "report": duplicates_report(list(page), selectors.has_demo()),
            "returns": selectors.return_list().exists(),
            "demo": selectors.has_demo(),
            "downloads": {
                "pdf": reverse("regulation:duplicates-pdf"),
                "xlsx": reverse("regulation:duplicates-xlsx"),
            },
        },
    )


@require_GET
def duplicates_pdf(request: HttpRequest) -> HttpResponse:
    report = _report()
    return attachment(report_pdf(report), PDF, report.filename("pdf"))


@require_GET
def duplicates_xlsx(request: HttpRequest) -> HttpResponse:
    report = _report()
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


urlpatterns = [
    path("regulation/duplicates/", duplicates, name="duplicates"),
    path("regulation/duplicates.pdf", made_once(duplicates_pdf), name="duplicates-pdf"),
    path("regulation/duplicates.xlsx", made_once(duplicates_xlsx), name="duplicates-xlsx"),
]
