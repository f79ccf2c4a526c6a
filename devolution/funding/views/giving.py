"""The partnership's grants published in the 360Giving Data Standard (SPEC §15, ADR 19):
a page explaining the publication, the JSON package and the spreadsheet. Public: a
grant is money a board's decision gave, which is published."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once
from devolution.core.pages import attachment
from devolution.core.reports import XLSX, date_text

from .. import giving
from ..rules.allocations import pounds
from ..selectors.giving import Publication, giving_publication

ROUTE = "funding:giving-report"
JSON = "application/json"
STANDARD = "https://standard.threesixtygiving.org/"


def _publication(request: HttpRequest) -> Publication:
    base = f"{request.scheme}://{request.get_host()}"
    return giving_publication(base, reverse)


@require_GET
def giving_report(request: HttpRequest) -> HttpResponse:
    publication = _publication(request)
    grants = publication.grants
    total = sum(g["amountAwarded"] for g in grants)
    return render(
        request,
        "funding/giving.jinja",
        {
            "nav": "reports",
            "crumbs": [{"href": reverse("partners:report-index"), "text": "Reports"}],
            "publication": publication,
            "grants": grants,
            "rows": [(g, date_text(dt.date.fromisoformat(g["awardDate"]))) for g in grants],
            "total": pounds(total) if grants else "",
            "standard": STANDARD,
            "downloads": {
                "json": reverse(f"{ROUTE}-json"),
                "xlsx": reverse(f"{ROUTE}-xlsx"),
            },
        },
    )


@require_GET
def giving_report_json(request: HttpRequest) -> HttpResponse:
    return attachment(
        giving.package_json(_publication(request).package), JSON, "360giving-grants.json"
    )


@require_GET
def giving_report_xlsx(request: HttpRequest) -> HttpResponse:
    return attachment(
        giving.package_xlsx(_publication(request).package), XLSX, "360giving-grants.xlsx"
    )


urlpatterns = [
    path("reports/360giving/", giving_report, name="giving-report"),
    path("reports/360giving.json", made_once(giving_report_json), name="giving-report-json"),
    path("reports/360giving.xlsx", made_once(giving_report_xlsx), name="giving-report-xlsx"),
]
