"""Partners' contributions (SPEC §10, seed 003): a ledger per partner and financial year,
cash and in kind, against the programme's planned costs; the secretariat adds and
changes its rows; and seed 003's table reproduced from the data as a report (a page, a
PDF and a spreadsheet)."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from devolution.commitments.reports import report_pdf
from devolution.core.documents import made_once
from devolution.core.errors import DevolutionError, InvalidInput, NotFound, Problem
from devolution.core.pages import add_refusal, attachment
from devolution.core.people import signed_in_person
from devolution.core.reports import PDF, XLSX, Report, report_xlsx
from devolution.core.versions import cached
from devolution.partners.access import can_keep_registers

from ..forms.contributions import ContributionForm, financial_year_ok
from ..rules.contributions import thousands
from ..selectors import contributions as selectors
from ..services import contributions as services
from ..services.funds import funds_enforce_may_edit
from .funds import NAV, in_view

if TYPE_CHECKING:
    from devolution.partners.models import Partnership


def _year(request: HttpRequest) -> tuple["Partnership | None", str, list[str]]:
    """The partnership in view, the year asked for (`?year=2017-18`: 400 for one not
    written as a financial year, 404 for one with no contributions; else the latest)
    and the years it has contributions recorded for."""
    partnership = in_view(request)
    year = request.GET.get("year", "")
    if year and not financial_year_ok(year):
        raise InvalidInput(
            [Problem(f"'{year}' is not a financial year written as 2017-18", field="year")]
        )
    years = selectors.contribution_years(partnership)
    if not year:
        if not years:
            raise NotFound("No partner contributions are recorded.")
        year = years[0]
    return partnership, year, years


@require_GET
def contribution_list(request: HttpRequest) -> HttpResponse:
    partnership, year, years = _year(request)
    ledger = selectors.ledger_get(partnership, year)
    return render(
        request,
        "funding/contribution_list.jinja",
        {
            "nav": NAV,
            "ledger": ledger,
            "years": years,
            "shown": selectors.contribution_shown,
            "thousands": thousands,
            "shortfall_text": selectors.shortfall_text(ledger),
            "later_note": selectors.later_note_text(ledger.year),
            "may_edit": can_keep_registers(request.user),
        },
    )


def _form_page(
    request: HttpRequest, form: ContributionForm, *, title: str, year: Any, status: int
) -> HttpResponse:
    return render(
        request,
        "funding/contribution_form.jinja",
        {"nav": NAV, "form": form, "title": title, "year": year},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_new(request: HttpRequest, year_id: int) -> HttpResponse:
    person = signed_in_person(request)
    funds_enforce_may_edit(actor=person)
    year = selectors.contribution_year_get(year_id)
    form = ContributionForm(
        request.POST or None, organisations=selectors.organisation_choices(year.partnership)
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            row = services.contribution_create(
                actor=person, year_id=year.pk, data=form.data_for_service()
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"{row.partner}'s contribution is added to {year.year}.")
            return redirect(reverse("funding:contribution-list") + f"?year={year.year}")
    title = f"Add a partner's contribution, {year.year}"
    return _form_page(request, form, title=title, year=year, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, contribution_id: int) -> HttpResponse:
    person = signed_in_person(request)
    funds_enforce_may_edit(actor=person)
    row = selectors.contribution_get(contribution_id)
    form = ContributionForm(
        request.POST or None,
        organisations=selectors.organisation_choices(row.year.partnership, row),
        initial={
            "version": row.version,
            "partner": row.partner,
            "organisations": [o.pk for o in row.organisations.all()],
            "amount": row.amount,
            "in_kind": row.in_kind,
            "notes": row.notes,
        },
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_update(
                actor=person,
                contribution_id=row.pk,
                version=form.cleaned_data["version"] or 0,
                data=form.data_for_service(),
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"{row.partner}'s contribution is changed.")
            return redirect(reverse("funding:contribution-list") + f"?year={row.year.year}")
    title = f"Change {row.partner}'s contribution, {row.year.year}"
    return _form_page(request, form, title=title, year=row.year, status=status)


# ------------------------------------------------------------------ the report

REPORT = "funding:partner-contributions-report"


def _report(request: HttpRequest) -> tuple[Report, str, list[str]]:
    """The year's report, made once for each version of the data; the year and the
    years it may show."""
    partnership, year, years = _year(request)
    key = partnership.key if partnership is not None else "all"
    report = cached(
        f"funding:partner-contributions:{key}:{year}",
        lambda: selectors.contributions_report(selectors.ledger_get(partnership, year)),
    )
    return report, year, years


@require_GET
def partner_contributions_report(request: HttpRequest) -> HttpResponse:
    report, year, years = _report(request)
    query = urlencode(
        {k: v for k, v in (("year", year), ("partnership", request.GET.get("partnership"))) if v}
    )
    return render(
        request,
        "funding/money_report.jinja",
        {
            "nav": NAV,
            "report": report,
            "crumbs": [
                {"href": reverse("funding:fund-list"), "text": "Funds"},
                {"href": reverse("funding:contribution-list"), "text": "Partner contributions"},
            ],
            "downloads": {
                "pdf": reverse(f"{REPORT}-pdf") + f"?{query}",
                "xlsx": reverse(f"{REPORT}-xlsx") + f"?{query}",
            },
            "choice": {
                "name": "year",
                "label": "Financial year",
                "options": [(y, y) for y in years],
                "value": year,
            },
        },
    )


@require_GET
def partner_contributions_report_pdf(request: HttpRequest) -> HttpResponse:
    report = _report(request)[0]
    return attachment(report_pdf(report), PDF, report.filename("pdf"))


@require_GET
def partner_contributions_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = _report(request)[0]
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


urlpatterns = [
    path("funding/contributions/", contribution_list, name="contribution-list"),
    path(
        "funding/contributions/years/<int:year_id>/new/",
        contribution_new,
        name="contribution-new",
    ),
    path(
        "funding/contributions/<int:contribution_id>/edit/",
        contribution_edit,
        name="contribution-edit",
    ),
    path(
        "reports/partner-contributions/",
        partner_contributions_report,
        name="partner-contributions-report",
    ),
    path(
        "reports/partner-contributions.pdf",
        made_once(partner_contributions_report_pdf),
        name="partner-contributions-report-pdf",
    ),
    path(
        "reports/partner-contributions.xlsx",
        made_once(partner_contributions_report_xlsx),
        name="partner-contributions-report-xlsx",
    ),
]
