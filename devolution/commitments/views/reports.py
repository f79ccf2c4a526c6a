"""The commitments reports as pages and downloads (SPEC §15): thin, over reports.py.
Every report is of published data, so every one is public."""

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from devolution.core.pages import attachment
from devolution.core.reports import PDF, XLSX, Report
from devolution.core.versions import cached
from devolution.partners.as_at import as_at_default, as_at_parse

from .. import reports, selectors
from .pages import in_view, partnership_query

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

NAV = "commitments"


class AsAtForm(forms.Form):
    """The day a report is as at (partners.as_at): YYYY-MM-DD, as the query string gives
    it; blank for the day the partnership's data set describes, else today."""

    as_at = forms.DateField(
        label="Show as at",
        help_text="A date as YYYY-MM-DD, for example 2018-03-22.",
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={
            "invalid": "Enter the date the report is as at as YYYY-MM-DD, for example 2018-03-22."
        },
    )


def as_at_form(request: HttpRequest) -> AsAtForm:
    """The form of the report's day. The progress report's older links name it as_of."""
    given = request.GET.get("as_at") or request.GET.get("as_of") or ""
    return AsAtForm({"as_at": given})


def _others(current: str, scope: str) -> list[tuple[str, str]]:
    every = [
        ("commitments:mou-progress-report", "Overview of progress against MoU themes"),
        ("commitments:commitments-by-owner-report", "Commitments by owner"),
        ("commitments:commitments-by-board-report", "Commitments by board"),
        ("commitments:pledges-report", "The MoU's pledges and the commitments held"),
        (
            "commitments:opportunities-report",
            "Opportunities the Strategic Partnership Board focuses on",
        ),
    ]
    suffix = f"?{scope}" if scope else ""
    return [(reverse(name) + suffix, text) for name, text in every if name != current]


def _page(
    request: HttpRequest,
    report: Report | None,
    route: str,
    *,
    args: tuple[str, ...] = (),
    query: str = "",
    crumbs: list[dict[str, str]] | None = None,
    form: AsAtForm | None = None,
    heading: str = "",
    status: int = 200,
    partnership: "Partnership | None" = None,
    scoped: bool = False,
) -> HttpResponse:
    """The report's page; with no report (the input was bad), `heading` and the form. A
    report of one partnership's commitments (`scoped`) names the partnership and offers
    the others; the reports' links keep the partnership chosen."""
    suffix = f"?{query}" if query else ""
    scope = partnership_query(request)
    about_commitments = crumbs is None
    choices = selectors.partnerships_with_commitments(partnership) if scoped else []
    return render(
        request,
        "commitments/report_page.jinja",
        {
            "nav": NAV if crumbs is None else "boards",
            "report": report,
            "heading": heading,
            "crumbs": crumbs
            or [
                {
                    "href": reverse("commitments:commitment-list") + (f"?{scope}" if scope else ""),
                    "text": "Commitments",
                }
            ],
            "downloads": {
                "pdf": reverse(f"{route}-pdf", args=args) + suffix,
                "xlsx": reverse(f"{route}-xlsx", args=args) + suffix,
            },
            "form": form,
            "others": _others(route, scope) if about_commitments else [],
            "partnership": partnership if scoped else None,
            "partnerships": choices if len(choices) > 1 else [],
            # Kept when another partnership is chosen: the day the report is as at.
            "keep": [("as_at", request.GET.get("as_at") or request.GET.get("as_of", ""))],
        },
        status=status,
    )


def _pdf(report: Report) -> HttpResponse:
    return attachment(reports.report_pdf(report), PDF, report.filename("pdf"))


def _xlsx(report: Report) -> HttpResponse:
    return attachment(reports.report_xlsx(report), XLSX, report.filename("xlsx"))


# ------------------------------------------------------------ progress against MoU themes

PROGRESS = "commitments:mou-progress-report"


def _kept(
    name: str, partnership: "Partnership | None", build: Callable[[], Report], *filters: str
) -> Report:
    """A report of the partnership's commitments as at the data's version, made once for
    that version (core.versions.cached) and the day it is as at (in `filters`), whichever
    of its page, PDF or spreadsheet asks first."""
    scope = partnership.key if partnership else "all"
    return cached(":".join(("commitments:report", name, scope, *filters)), build)


def _query(request: HttpRequest, **values: Any) -> str:
    """The report's filters for its downloads' links: the partnership chosen and any
    given here."""
    kept = {"partnership": request.GET.get("partnership"), **values}
    return urlencode({k: v for k, v in kept.items() if v})


def _progress(request: HttpRequest, download: str | None) -> HttpResponse:
    partnership = in_view(request)
    form = as_at_form(request)
    if not form.is_valid():
        heading = "Overview of progress against MoU themes"
        return _page(
            request,
            None,
            PROGRESS,
            form=form,
            heading=heading,
            status=400,
            partnership=partnership,
            scoped=True,
        )
    as_of = form.cleaned_data["as_at"] or as_at_default(partnership)
    report = _kept(
        "mou-progress",
        partnership,
        lambda: reports.progress_report(as_of, partnership=partnership),
        f"{as_of:%Y-%m-%d}",
    )
    if download == "pdf":
        return _pdf(report)
    if download == "xlsx":
        return _xlsx(report)
    query = _query(request, as_at=f"{as_of:%Y-%m-%d}")
    return _page(
        request, report, PROGRESS, query=query, form=form, partnership=partnership, scoped=True
    )


@require_GET
def mou_progress_report(request: HttpRequest) -> HttpResponse:
    return _progress(request, None)


@require_GET
def mou_progress_report_pdf(request: HttpRequest) -> HttpResponse:
    return _progress(request, "pdf")


@require_GET
def mou_progress_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _progress(request, "xlsx")


# ----------------------------------------------------------------- a board's work programme


def _programme(request: HttpRequest, key: str) -> Report:
    """The board's work programme report as at the day asked for, else the day its
    partnership's data set describes (a bad day is a 400 page)."""
    return reports.work_programme_report(key, as_at_parse(request.GET.get("as_at")))


@require_GET
def work_programme_report(request: HttpRequest, key: str) -> HttpResponse:
    report = _programme(request, key)
    crumbs = [
        {"href": reverse("governance:board-list"), "text": "Boards"},
        {
            "href": reverse("governance:board-detail", args=[key]),
            "text": dict(report.facts).get("Board", "Board"),
        },
        {"href": reverse("commitments:work-programme", args=[key]), "text": "Work programme"},
    ]
    return _page(
        request,
        report,
        "commitments:work-programme-report",
        args=(key,),
        crumbs=crumbs,
        query=_query(request, as_at=request.GET.get("as_at")),
    )


@require_GET
def work_programme_report_pdf(request: HttpRequest, key: str) -> HttpResponse:
    return _pdf(_programme(request, key))


@require_GET
def work_programme_report_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    return _xlsx(_programme(request, key))


# ------------------------------------------------------------ commitments by owner, board


Build = Callable[["Partnership | None", "dt.date"], Report]


def _day(request: HttpRequest, partnership: "Partnership | None") -> "dt.date":
    """The day the report is as at: the form's, else the partnership's default (a bad
    value is refused as a 400 page naming it, as the middleware shows AsAtInvalid)."""
    form = as_at_form(request)
    if not form.is_valid():
        as_at_parse(request.GET.get("as_at") or request.GET.get("as_of"))
    return form.cleaned_data.get("as_at") or as_at_default(partnership)


def _scoped(
    request: HttpRequest,
    build: Build,
    partnership: "Partnership | None" = None,
) -> Report:
    """The report `build` makes of the partnership in view's commitments (`partnership`,
    where the caller has found it already) as at the day asked for, kept."""
    shown = partnership if partnership is not None else in_view(request)
    day = _day(request, shown)
    return _kept(build.__name__, shown, lambda: build(shown, day), f"{day:%Y-%m-%d}")


def _scoped_page(request: HttpRequest, build: Build, route: str) -> HttpResponse:
    """A report of the partnership's commitments as at a day, as a page with the form to
    choose the day."""
    partnership = in_view(request)
    form = as_at_form(request)
    if not form.is_valid():
        return _page(
            request,
            None,
            route,
            form=form,
            heading=HEADINGS.get(route, "Report"),
            status=400,
            partnership=partnership,
            scoped=True,
        )
    report = _scoped(request, build, partnership)
    return _page(
        request,
        report,
        route,
        query=_query(request, as_at=f"{_day(request, partnership):%Y-%m-%d}"),
        form=form,
        partnership=partnership,
        scoped=True,
    )


HEADINGS = {
    "commitments:commitments-by-owner-report": "Commitments by owner",
    "commitments:commitments-by-board-report": "Commitments by board",
}


@require_GET
def commitments_by_owner_report(request: HttpRequest) -> HttpResponse:
    return _scoped_page(request, reports.by_owner_report, "commitments:commitments-by-owner-report")


@require_GET
def commitments_by_owner_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(_scoped(request, reports.by_owner_report))


@require_GET
def commitments_by_owner_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(_scoped(request, reports.by_owner_report))


@require_GET
def commitments_by_board_report(request: HttpRequest) -> HttpResponse:
    return _scoped_page(request, reports.by_board_report, "commitments:commitments-by-board-report")


@require_GET
def commitments_by_board_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(_scoped(request, reports.by_board_report))


@require_GET
def commitments_by_board_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(_scoped(request, reports.by_board_report))


# ----------------------------------------------- seed 004 §5's opportunities, the pledges


@require_GET
def opportunities_report(request: HttpRequest) -> HttpResponse:
    return _page(request, reports.opportunities_report(), "commitments:opportunities-report")


@require_GET
def opportunities_report_pdf(request: HttpRequest) -> HttpResponse:
    return _pdf(reports.opportunities_report())


@require_GET
def opportunities_report_xlsx(request: HttpRequest) -> HttpResponse:
    return _xlsx(reports.opportunities_report())


@require_GET
def pledges_report(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    return _page(
        request,
        _kept("pledges", partnership, lambda: reports.pledges_report(partnership)),
        "commitments:pledges-report",
        query=_query(request),
        partnership=partnership,
        scoped=True,
    )


@require_GET
def pledges_report_pdf(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    return _pdf(_kept("pledges", partnership, lambda: reports.pledges_report(partnership)))


@require_GET
def pledges_report_xlsx(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    return _xlsx(_kept("pledges", partnership, lambda: reports.pledges_report(partnership)))
