"""A fund by place: its fair-share guide beside what each place's bids asked, were
recommended and were allocated, as a fund's page and as the report "Allocations by place
with the fair-share guide" (page, PDF, spreadsheet). Public: the figures are sums of
published decisions and the guide; no bid's own words are shown.

`?level=` chooses the level (an unknown one is a 400 naming the choices), `?year=` the
financial year, and on the report `?fund=` the fund."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from markupsafe import Markup

from devolution.core.documents import made_once
from devolution.core.errors import InvalidInput, NotFound, Problem
from devolution.core.pages import attachment
from devolution.core.reports import PDF, XLSX, report_xlsx
from devolution.partners.maps import BOUNDARIES_SOURCE

from ..reports import places as place_report
from ..reports.places import Drawn
from ..selectors.places import fair_share_fund_list

REPORT = "funding:allocations-by-place-report"


def _drawn(request: HttpRequest, fund_key: str, *, pictures: bool = True) -> Drawn:
    return place_report.drawn(
        fund_key,
        request.GET.get("level") or None,
        request.GET.get("year") or None,
        pictures=pictures,
    )


def _report_fund(request: HttpRequest) -> str:
    """The fund the report is of: `?fund=`, else the first fund with a guide."""
    choices = fair_share_fund_list()
    key = request.GET.get("fund")
    if key:
        if key not in {c.key for c in choices}:
            listed = "; ".join(f"{c.key} ({c.name})" for c in choices)
            raise InvalidInput(
                [
                    Problem(
                        f"No fund {key!r} has a fair-share guide. Choose one of: {listed}.", "fund"
                    )
                ]
            )
        return key
    if not choices:
        raise NotFound("No fund has a fair-share guide yet.")
    return choices[0].key


def _query(request: HttpRequest, *names: str) -> str:
    kept = {n: request.GET[n] for n in names if request.GET.get(n)}
    return f"?{urlencode(kept)}" if kept else ""


def _page(request: HttpRequest, d: Drawn, *, report: bool) -> HttpResponse:
    data = d.data
    if report:
        query = _query(request, "fund", "level", "year")
        crumbs = [{"href": reverse("partners:report-index"), "text": "Reports"}]
        here = reverse(REPORT)
    else:
        query = _query(request, "level", "year")
        crumbs = [{"href": reverse("partners:report-index"), "text": "Reports"}]
        here = reverse("funding:fund-fair-share", args=[data.fund_key])
    return render(
        request,
        "funding/places.jinja",
        {
            "nav": "reports" if report else "",
            "crumbs": crumbs,
            "d": d,
            "data": data,
            "report": d.report,
            "is_report": report,
            "here": here,
            "funds": fair_share_fund_list() if report else [],
            "downloads": {
                "pdf": reverse(f"{REPORT}-pdf") + _with_fund(query, data.fund_key),
                "xlsx": reverse(f"{REPORT}-xlsx") + _with_fund(query, data.fund_key),
            },
            "report_url": reverse(REPORT) + _with_fund(query, data.fund_key),
            # Drawn on the server from the data's own words, escaped by Vega; the links
            # are our own reverse()s (as partners.views draws the map inline).
            "chart": Markup(d.chart),  # noqa: S704
            "map": Markup(d.map),  # noqa: S704
            "boundaries_source": BOUNDARIES_SOURCE,
        },
    )


def _with_fund(query: str, fund_key: str) -> str:
    """The query with the fund named: the report's downloads are of this fund."""
    if "fund=" in query:
        return query
    return f"?fund={fund_key}" + (f"&{query[1:]}" if query else "")


@require_GET
def fund_fair_share(request: HttpRequest, key: str) -> HttpResponse:
    return _page(request, _drawn(request, key), report=False)


@require_GET
def allocations_by_place_report(request: HttpRequest) -> HttpResponse:
    return _page(request, _drawn(request, _report_fund(request)), report=True)


@require_GET
def allocations_by_place_report_pdf(request: HttpRequest) -> HttpResponse:
    d = _drawn(request, _report_fund(request))
    return attachment(place_report.report_pdf(d), PDF, d.report.filename("pdf"))


@require_GET
def allocations_by_place_report_xlsx(request: HttpRequest) -> HttpResponse:
    d = _drawn(request, _report_fund(request), pictures=False)
    return attachment(report_xlsx(d.report), XLSX, d.report.filename("xlsx"))


urlpatterns = [
    path(
        "reports/allocations-by-place/",
        allocations_by_place_report,
        name="allocations-by-place-report",
    ),
    path(
        "reports/allocations-by-place.pdf",
        made_once(allocations_by_place_report_pdf),
        name="allocations-by-place-report-pdf",
    ),
    path(
        "reports/allocations-by-place.xlsx",
        made_once(allocations_by_place_report_xlsx),
        name="allocations-by-place-report-xlsx",
    ),
    path("funding/funds/<slug:key>/fair-share/", fund_fair_share, name="fund-fair-share"),
]
