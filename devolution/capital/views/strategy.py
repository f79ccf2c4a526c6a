"""The estates strategy's page (its KPIs over time, drawn on the server, with the same
figures as a table) and the capital plan as a page, a PDF and a spreadsheet. Public: the
KPIs come from completed disposals; the plan holds the cases the reader may see."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from markupsafe import Markup

from devolution.core.documents import made_once_by
from devolution.core.pages import attachment
from devolution.core.people import acting_person
from devolution.core.reports import PDF, XLSX, report_xlsx
from devolution.partners.access import is_staff

from ..charts import kpi_svg
from ..reports.plan import plan_pdf, plan_report
from ..rules.money import pounds
from ..rules.strategy import COUNTING, MEASURES
from ..selectors.strategy import kpis

NAV = "estates"
PAGE_SIZE = 50


def crumbs() -> list[dict[str, str]]:
    return [{"href": reverse("capital:strategy"), "text": "Estates strategy and capital"}]


def _figure(unit: str, value: int) -> str:
    if unit == "£":
        return pounds(value)
    return f"{value:,} {unit}"


@require_GET
def strategy(request: HttpRequest) -> HttpResponse:
    data = kpis()
    return render(
        request,
        "capital/strategy.jinja",
        {
            "nav": NAV,
            "data": data,
            "measures": MEASURES,
            "counting": COUNTING,
            "chart": Markup(kpi_svg(data)),  # noqa: S704 (SVG made by vl-convert from our data)
            "figure": _figure,
        },
    )


@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    report = plan_report(acting_person(request))
    return render(
        request,
        "commitments/report_page.jinja",
        {
            "nav": NAV,
            "report": report,
            "crumbs": crumbs(),
            "downloads": {
                "pdf": reverse("capital:plan-pdf"),
                "xlsx": reverse("capital:plan-xlsx"),
            },
            "form": None,
            "others": [],
            "partnership": None,
            "partnerships": [],
            "keep": [],
        },
    )


def _reader(request: HttpRequest) -> str:
    """What a reader of the plan sees: staff every case, the public approved ones."""
    return "staff" if is_staff(acting_person(request)) else "public"


# The plan's documents, made once for each version of the data and each kind of reader.
by_reader = made_once_by(_reader)


@require_GET
def plan_pdf_view(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    report = plan_report(person)
    return attachment(plan_pdf(report), PDF, report.filename("pdf"), private=person is not None)


@require_GET
def plan_xlsx_view(request: HttpRequest) -> HttpResponse:
    person = acting_person(request)
    report = plan_report(person)
    return attachment(
        report_xlsx(report), XLSX, report.filename("xlsx"), private=person is not None
    )


urlpatterns = [
    path("estates/capital/", strategy, name="strategy"),
    path("estates/capital/plan/", plan, name="plan"),
    path("estates/capital/plan.pdf", by_reader(plan_pdf_view), name="plan-pdf"),
    path("estates/capital/plan.xlsx", by_reader(plan_xlsx_view), name="plan-xlsx"),
]
