"""The regulation page (SPEC §14): seed 001's regulator matrix, shown as a page, a PDF and
a spreadsheet, and the timeline of the move to system-based regulation; with links to the
register, the data items asked twice and the organisations' calendars."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once
from devolution.core.pages import attachment
from devolution.core.reports import PDF, XLSX, date_text, report_xlsx

from .. import selectors
from ..reports import matrix_report, report_pdf
from .common import NAV


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    m = selectors.matrix()
    return render(
        request,
        "regulation/index.jinja",
        {
            "nav": NAV,
            "matrix": m,
            "timeline": selectors.timeline(),
            "date_text": date_text,
            "returns": selectors.return_list().count(),
            "demo": selectors.has_demo(),
            "downloads": {
                "pdf": reverse("regulation:matrix-pdf"),
                "xlsx": reverse("regulation:matrix-xlsx"),
            },
        },
    )


@require_GET
def matrix_pdf(request: HttpRequest) -> HttpResponse:
    report = matrix_report(selectors.matrix())
    return attachment(report_pdf(report), PDF, report.filename("pdf"))


@require_GET
def matrix_xlsx(request: HttpRequest) -> HttpResponse:
    report = matrix_report(selectors.matrix())
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


urlpatterns = [
    path("regulation/", index, name="index"),
    path("regulation/matrix.pdf", made_once(matrix_pdf), name="matrix-pdf"),
    path("regulation/matrix.xlsx", made_once(matrix_xlsx), name="matrix-xlsx"),
]
