"""Seed 001's pay comparison against the living wages: page, PDF and spreadsheet, one
report (reports/pay.py), made once for each version of the data. Public."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once
from devolution.core.pages import attachment
from devolution.core.reports import PDF, XLSX, report_xlsx

from ..reports.pay import pay_pdf, pay_report
from .common import NAV, crumbs


@require_GET
def pay(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commitments/report_page.jinja",
        {
            "nav": NAV,
            "report": pay_report(),
            "crumbs": crumbs(),
            "downloads": {
                "pdf": reverse("workforce:pay-pdf"),
                "xlsx": reverse("workforce:pay-xlsx"),
            },
            "form": None,
            "others": [],
            "partnership": None,
            "partnerships": [],
            "keep": [],
        },
    )


@require_GET
def pay_pdf_view(request: HttpRequest) -> HttpResponse:
    report = pay_report()
    return attachment(pay_pdf(report), PDF, report.filename("pdf"))


@require_GET
def pay_xlsx_view(request: HttpRequest) -> HttpResponse:
    report = pay_report()
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


urlpatterns = [
    path("workforce/pay/", pay, name="pay"),
    path("workforce/pay.pdf", made_once(pay_pdf_view), name="pay-pdf"),
    path("workforce/pay.xlsx", made_once(pay_xlsx_view), name="pay-xlsx"),
]
