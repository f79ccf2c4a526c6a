"""The funds (SPEC §10): London's transformation funding with its years and categories,
the national fund and Greater Manchester's share beside it as context, each fund's
running position, the secretariat's form for a category's amount when it becomes known,
and the report of a fund's position by category (a page, a PDF and a spreadsheet)."""

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from devolution.commitments.reports import report_pdf
from devolution.core.documents import made_once
from devolution.core.errors import DevolutionError, InvalidInput, Problem
from devolution.core.pages import add_refusal, attachment
from devolution.core.people import signed_in_person
from devolution.core.reports import PDF, XLSX, Report, report_xlsx
from devolution.core.versions import cached
from devolution.partners.access import can_keep_registers
from devolution.partners.selectors import partnership_in_view, partnership_with_key

from ..forms.funds import CategoryYearAmountForm
from ..rules.allocations import pounds
from ..selectors import funds as selectors
from ..services import funds as services

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

NAV = "funding"


def in_view(request: HttpRequest) -> "Partnership | None":
    """The partnership whose funds the page shows: `?partnership=<key>` (404 for a key
    no partnership has), else the deployment's default."""
    key = request.GET.get("partnership")
    if not key:
        return partnership_in_view(None)
    found = partnership_with_key(key)
    if found is None:
        raise Http404(f"no partnership {key!r}")
    return found


@require_GET
def fund_list(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)

    def build() -> dict[str, Any]:
        funds = selectors.fund_list(partnership)
        return {
            "allocated": [(f, selectors.fund_position(f)) for f in funds if f.kind == "allocated"],
            "context_funds": [f for f in funds if f.kind != "allocated"],
        }

    # The funds and their positions, kept until the next write (QUALITY P1, P2).
    shown = cached(f"funding:fund-list:{partnership.key if partnership else ''}", build)
    return render(
        request,
        "funding/fund_list.jinja",
        {"nav": NAV, "partnership": partnership, **shown, "pounds": pounds},
    )


@require_GET
def fund_detail(request: HttpRequest, key: str) -> HttpResponse:
    fund = selectors.fund_get(key)
    return render(
        request,
        "funding/fund_detail.jinja",
        {
            "nav": NAV,
            "fund": fund,
            "position": selectors.fund_position(fund),
            "pounds": pounds,
            "may_edit": can_keep_registers(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def category_year_edit(request: HttpRequest, key: str, category: str, year: str) -> HttpResponse:
    """The secretariat records a category's amount for a year, with where it comes from."""
    person = signed_in_person(request)
    services.funds_enforce_may_edit(actor=person)
    found = selectors.category_year_get(key, category, year)
    form = CategoryYearAmountForm(
        request.POST or None,
        sources=selectors.cited_sources(),
        initial={
            "version": found.category.version,
            "amount": found.amount,
            "amount_note": found.amount_note,
            "source": ""
            if found.source is None or found.source.kind == "entered"
            else found.source_id,
            "quote": found.quote,
        },
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.category_year_amount_set(
                actor=person,
                category_year_id=found.pk,
                version=form.cleaned_data["version"],
                amount=form.cleaned_data["amount"],
                amount_note=form.cleaned_data["amount_note"],
                source_id=form.source_id(),
                quote=form.cleaned_data["quote"],
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(
                request,
                f"{found.category.name} now has {pounds(form.cleaned_data['amount'])} in {year}.",
            )
            return redirect("funding:fund-detail", key=key)
    return render(
        request,
        "funding/category_year_edit.jinja",
        {
            "nav": NAV,
            "category_year": found,
            "fund": found.category.fund,
            "form": form,
            "pounds": pounds,
        },
        status=status,
    )


# ------------------------------------------------------------------ the report

POSITION = "funding:fund-position-report"


def _chosen(request: HttpRequest) -> tuple[str, list[tuple[str, str]]]:
    """The fund whose position the report shows: `?fund=` (400 for one the partnership
    does not allocate), else the partnership's allocated fund (the first); and the
    funds it may show."""
    choices = selectors.fund_choices(in_view(request))
    keys = [k for k, _ in choices]
    key = request.GET.get("fund") or (keys[0] if keys else "")
    if key not in keys:
        listed = ", ".join(keys) or "none"
        raise InvalidInput(
            [
                Problem(
                    f"'{key}' is not a fund this partnership allocates ({listed})",
                    field="fund",
                )
            ]
        )
    return key, choices


def _position_report(key: str) -> Report:
    return cached(
        f"funding:fund-position:{key}",
        lambda: selectors.fund_position_report(selectors.fund_get(key)),
    )


@require_GET
def fund_position_report(request: HttpRequest) -> HttpResponse:
    key, choices = _chosen(request)
    report = _position_report(key)
    query = urlencode(
        {k: v for k, v in (("fund", key), ("partnership", request.GET.get("partnership"))) if v}
    )
    return render(
        request,
        "funding/money_report.jinja",
        {
            "nav": NAV,
            "report": report,
            "crumbs": [{"href": reverse("funding:fund-list"), "text": "Funds"}],
            "downloads": {
                "pdf": reverse(f"{POSITION}-pdf") + f"?{query}",
                "xlsx": reverse(f"{POSITION}-xlsx") + f"?{query}",
            },
            "choice": {
                "name": "fund",
                "label": "Fund",
                "options": choices,
                "value": key,
            },
        },
    )


@require_GET
def fund_position_report_pdf(request: HttpRequest) -> HttpResponse:
    report = _position_report(_chosen(request)[0])
    return attachment(report_pdf(report), PDF, report.filename("pdf"))


@require_GET
def fund_position_report_xlsx(request: HttpRequest) -> HttpResponse:
    report = _position_report(_chosen(request)[0])
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


urlpatterns = [
    path("funding/", fund_list, name="fund-list"),
    path("funding/funds/<slug:key>/", fund_detail, name="fund-detail"),
    path(
        "funding/funds/<slug:key>/<slug:category>/<str:year>/amount/",
        category_year_edit,
        name="category-year-edit",
    ),
    path("reports/fund-position/", fund_position_report, name="fund-position-report"),
    path(
        "reports/fund-position.pdf",
        made_once(fund_position_report_pdf),
        name="fund-position-report-pdf",
    ),
    path(
        "reports/fund-position.xlsx",
        made_once(fund_position_report_xlsx),
        name="fund-position-report-xlsx",
    ),
]
