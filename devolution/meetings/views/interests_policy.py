"""Seed 004 §7, the Strategic Partnership Board's approach to conflicts of interest, as a
report in the seed's words (SPEC §9, §15): a page, a PDF and a spreadsheet, public like
the central log it explains. The report's page and print templates are the commitments
reports' (devolution.core.reports' shared structure)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from devolution.commitments.reports import report_pdf, report_xlsx
from devolution.core.pages import attachment
from devolution.core.reports import PDF, XLSX, Report
from devolution.core.source_tables import source_tables_report

from .shared import NAV

ROUTE = "meetings:interests-policy-report"


def interests_policy_report() -> Report:
    return source_tables_report(
        ("spb-conflicts-of-interest",),
        slug="spb-conflicts-of-interest",
        title="Conflicts of interest: the Strategic Partnership Board's approach",
        intro=(
            "How the Strategic Partnership Board proposed, in March 2018, to manage its "
            "members' conflicts of interest once it takes decisions, in the words of its "
            "paper of 22 March 2018 (section 7). The central log of declarations and "
            "rulings follows this approach."
        ),
    )


@require_GET
def interests_policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commitments/report_page.jinja",
        {
            "nav": NAV,
            "report": interests_policy_report(),
            "crumbs": [
                {"href": reverse("meetings:meeting-list"), "text": "Meetings"},
                {"href": reverse("meetings:conflict-log"), "text": "Conflicts of interest"},
            ],
            "downloads": {"pdf": reverse(f"{ROUTE}-pdf"), "xlsx": reverse(f"{ROUTE}-xlsx")},
        },
    )


@require_GET
def interests_policy_pdf(request: HttpRequest) -> HttpResponse:
    report = interests_policy_report()
    return attachment(report_pdf(report), PDF, report.filename("pdf"))


@require_GET
def interests_policy_xlsx(request: HttpRequest) -> HttpResponse:
    report = interests_policy_report()
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))
