"""The workforce indicators' pages (SPEC §13): the list with its filters, an
organisation's figures over time, the London Workforce Board's view (charts with the same
figures as tables, as page, PDF and spreadsheet), the import and the downloads.

Reading is public: these are published workforce figures (the seeds' quotes, NHS
workforce statistics), not the partnership's working record. Recording is for members of
an organisation (its own rows) and the secretariat (any): rules/access.py."""

import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods
from markupsafe import Markup

from devolution.core.documents import made_once
from devolution.core.pages import attachment, import_outcome, paginate
from devolution.core.people import acting_person, signed_in_person
from devolution.core.reports import PDF, XLSX, report_xlsx
from devolution.core.versions import cached
from devolution.partners.access import enforce, memberships_of

from .. import transfer
from ..charts import rate_svg
from ..forms.indicators import ImportForm, IndicatorFilter
from ..reports.indicators import board_pdf, board_report
from ..rules.access import may_record
from ..rules.indicators import (
    AGGREGATE_DEFINITION,
    TURNOVER_DEFINITION,
    VACANCY_DEFINITION,
    Rate,
    age_label,
    turnover_rate,
    vacancy_rate,
)
from ..selectors import indicators as selectors

NAV = "workforce"
PAGE_SIZE = 50
DEFINITIONS = (VACANCY_DEFINITION, TURNOVER_DEFINITION)


def crumbs() -> list[dict[str, str]]:
    return [{"href": reverse("workforce:indicator-list"), "text": "Workforce indicators"}]


@dataclass(frozen=True)
class Shown:
    """An indicator as a row shows it: its rates by the rules, its age bands in words."""

    indicator: Any
    vacancy: Rate
    turnover: Rate
    ages: list[tuple[str, Any]]


def shown(indicator: Any) -> Shown:
    return Shown(
        indicator,
        vacancy_rate(indicator.staff_in_post, indicator.vacancies, indicator.vacancy_rate),
        turnover_rate(indicator.leavers, indicator.staff_in_post, indicator.turnover_rate),
        [(age_label(a.from_age, a.to_age), a.share) for a in indicator.ages.all()],
    )


def read_filters(
    request: HttpRequest, *, board: bool = False
) -> tuple[IndicatorFilter, selectors.Filters]:
    systems = selectors.systems_in_view(request.GET.get("partnership"))
    # The filters' choices change only with the data: read once a version of it.
    in_view = "all" if systems is None else "-".join(map(str, systems))
    organisations, stps, groups, periods = cached(
        f"workforce.filter-choices.{in_view}",
        lambda: (
            selectors.organisation_choices(systems),
            selectors.stp_choices(systems),
            selectors.staff_groups(),
            selectors.period_ends(),
        ),
    )
    form = IndicatorFilter(
        request.GET or None,
        organisations=organisations,
        stps=stps,
        groups=groups,
        periods=[] if board else periods,
        board=board,
    )
    data = form.cleaned_data if form.is_valid() else {}
    return form, selectors.Filters(
        organisation=data.get("organisation", ""),
        stp=data.get("stp", ""),
        staff_group=data.get("staff_group", ""),
        period_end=data.get("period"),
        systems=systems,
    )


def may_import(request: HttpRequest) -> bool:
    return may_record(memberships_of(acting_person(request))).allowed


@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    form, filters = read_filters(request)
    rows = selectors.indicator_rows(filters)
    page, query = paginate(request, rows, PAGE_SIZE)
    page.object_list = [shown(i) for i in page.object_list]
    return render(
        request,
        "workforce/indicator_list.jinja",
        {
            "nav": NAV,
            "form": form,
            "page": page,
            "query": query,
            "demo": any(s.indicator.is_demo for s in page.object_list),
            "definitions": DEFINITIONS,
            "may_import": may_import(request),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def indicator_organisation(request: HttpRequest, key: str) -> HttpResponse:
    organisation = selectors.organisation_with_key(key)
    rows = [shown(i) for i in selectors.organisation_rows(organisation)]
    groups: dict[str, list[Shown]] = {}
    for row in rows:
        groups.setdefault(row.indicator.staff_group or "All staff", []).append(row)
    return render(
        request,
        "workforce/indicator_organisation.jinja",
        {
            "nav": NAV,
            "organisation": organisation,
            "groups": groups,
            "demo": any(r.indicator.is_demo for r in rows),
            "definitions": DEFINITIONS,
            "crumbs": crumbs(),
        },
    )


def _board(request: HttpRequest) -> tuple[IndicatorFilter, selectors.Board]:
    form, filters = read_filters(request, board=True)
    # The filters hashed: a cache key holds no spaces or quotes.
    key = hashlib.sha256(repr(filters).encode()).hexdigest()[:24]
    return form, cached(f"workforce.board.{key}", lambda: selectors.board(filters))


@require_GET
def indicator_board(request: HttpRequest) -> HttpResponse:
    form, board = _board(request)
    report = board_report(board)
    points = board.overall + board.by_stp
    query = request.GET.urlencode()
    return render(
        request,
        "workforce/indicator_board.jinja",
        {
            "nav": NAV,
            "form": form,
            "board": board,
            "report": report,
            "vacancy_chart": Markup(  # noqa: S704 (SVG made by vl-convert from our data)
                rate_svg(points, "vacancy_rate", "Vacancy rate over time, by STP")
            ),
            "turnover_chart": Markup(  # noqa: S704 (SVG made by vl-convert from our data)
                rate_svg(points, "turnover_rate", "Turnover rate over time, by STP")
            ),
            "definitions": (*DEFINITIONS, AGGREGATE_DEFINITION),
            "crumbs": crumbs(),
            "query": f"?{query}" if query else "",
        },
        status=400 if form.errors else 200,
    )


@made_once
@require_GET
def indicator_board_pdf(request: HttpRequest) -> HttpResponse:
    _, board = _board(request)
    report = board_report(board)
    return attachment(board_pdf(report), PDF, report.filename("pdf"))


@made_once
@require_GET
def indicator_board_xlsx(request: HttpRequest) -> HttpResponse:
    _, board = _board(request)
    report = board_report(board)
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


@made_once
@require_GET
def indicator_export_csv(request: HttpRequest) -> HttpResponse:
    _, filters = read_filters(request)
    content = transfer.export_csv(selectors.indicator_rows(filters))
    return attachment(content, "text/csv; charset=utf-8", "workforce-indicators.csv")


@made_once
@require_GET
def indicator_export_xlsx(request: HttpRequest) -> HttpResponse:
    _, filters = read_filters(request)
    rows = list(selectors.indicator_rows(filters))
    content = transfer.export_xlsx(rows, demo=selectors.has_demo(rows))
    return attachment(content, transfer.XLSX_TYPE, "workforce-indicators.xlsx")


@made_once
@require_GET
def indicator_template_csv(request: HttpRequest) -> HttpResponse:
    return attachment(
        transfer.template_csv(), "text/csv; charset=utf-8", "workforce-indicators-template.csv"
    )


@made_once
@require_GET
def indicator_template_xlsx(request: HttpRequest) -> HttpResponse:
    return attachment(
        transfer.template_xlsx(), transfer.XLSX_TYPE, "workforce-indicators-template.xlsx"
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_import(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    enforce(may_record(memberships_of(person)))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report, problems, status = import_outcome(
            lambda: transfer.indicators_import(
                actor=person, content=upload.read(transfer.MAX_BYTES + 1), filename=upload.name
            ),
            transfer.problem_text,
        )
        if report is not None:
            messages.success(request, report.summary())
            return redirect("workforce:indicator-list")
    return render(
        request,
        "workforce/indicator_import.jinja",
        {
            "nav": NAV,
            "form": form,
            "problems": problems,
            "columns": transfer.COLUMNS,
            "crumbs": crumbs(),
        },
        status=status,
    )


urlpatterns = [
    path("workforce/indicators/", indicator_list, name="indicator-list"),
    path("workforce/indicators/board/", indicator_board, name="indicator-board"),
    path("workforce/indicators/board.pdf", indicator_board_pdf, name="indicator-board-pdf"),
    path("workforce/indicators/board.xlsx", indicator_board_xlsx, name="indicator-board-xlsx"),
    path("workforce/indicators/export.csv", indicator_export_csv, name="indicator-export-csv"),
    path("workforce/indicators/export.xlsx", indicator_export_xlsx, name="indicator-export-xlsx"),
    path(
        "workforce/indicators/template.csv", indicator_template_csv, name="indicator-template-csv"
    ),
    path(
        "workforce/indicators/template.xlsx",
        indicator_template_xlsx,
        name="indicator-template-xlsx",
    ),
    path("workforce/indicators/import/", indicator_import, name="indicator-import"),
    path(
        "workforce/indicators/organisation/<slug:key>/",
        indicator_organisation,
        name="indicator-organisation",
    ),
]
