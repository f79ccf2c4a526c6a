"""Each organisation's consolidated reporting calendar (SPEC §14): every return due from it
to each regulator in a date range, merged in date order, the data items asked twice
flagged; with the regulators that cover it (from its type, seed 001's matrix). As a page,
an iCalendar feed, a PDF and a spreadsheet.

The page shows the range a month at a time (`month=YYYY-MM`, the range's first month by
default), with links to every month of the range, and a long month a page of entries at
a time: a trust of an England-sized register has over a hundred returns due in a month.
The feed and the documents hold the whole range."""

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once
from devolution.core.pages import attachment, paginate
from devolution.core.reports import PDF, XLSX, date_text, report_xlsx
from devolution.partners.selectors import today

from .. import selectors
from ..feeds import calendar_ics
from ..forms import CalendarRange, chosen_month, month_end, months_between
from ..reports import calendar_print_report, calendar_report, report_pdf
from .common import NAV, crumbs

PAGE_SIZE = 50
ENTRIES_PER_PAGE = 25


@require_GET
def calendar_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.calendar_organisations(), PAGE_SIZE)
    return render(
        request,
        "regulation/calendar_list.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "organisations": page,
            "query": query,
            "type_label": selectors.type_label,
            "demo": selectors.has_demo(),
        },
    )


def _calendar(
    request: HttpRequest, key: str
) -> tuple[selectors.OrganisationCalendar, CalendarRange]:
    organisation = selectors.organisation_with_key(key)
    if organisation is None:
        raise Http404("No organisation has this key.")
    form = CalendarRange(request.GET or None, today=today())
    start, end = form.range()
    return selectors.organisation_calendar(organisation, start, end), form


def _month(request: HttpRequest, months: list[dt.date]) -> tuple[dt.date, str]:
    """The month the page shows: `month=YYYY-MM` among the range's months, or the first;
    and what is wrong with the month asked for, if anything (the first is shown)."""
    given = request.GET.get("month", "")
    if not given:
        return months[0], ""
    try:
        return chosen_month(given, months), ""
    except ValueError as exc:
        return months[0], str(exc)


@require_GET
def calendar(request: HttpRequest, key: str) -> HttpResponse:
    organisation = selectors.organisation_with_key(key)
    if organisation is None:
        raise Http404("No organisation has this key.")
    form = CalendarRange(request.GET or None, today=today())
    start, end = form.range()
    months = months_between(start, end)
    month, month_error = _month(request, months) if not form.errors else (months[0], "")
    due = selectors.CalendarEntries(organisation, max(start, month), min(end, month_end(month)))
    entries, page_query = paginate(request, due, ENTRIES_PER_PAGE)
    cal = selectors.OrganisationCalendar(
        organisation=organisation,
        start=start,
        end=end,
        entries=list(entries),
        covers=selectors.covering(organisation),
        demo=due.demo,
    )
    query = f"?from={start:%Y-%m-%d}&to={end:%Y-%m-%d}"
    at = months.index(month)
    return render(
        request,
        "regulation/calendar.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs((reverse("regulation:calendar-list"), "Reporting calendars")),
            "cal": cal,
            "entries": entries,
            "query": page_query,
            "form": form,
            "date_text": date_text,
            "type_label": selectors.type_label,
            "demo": cal.demo,
            "month": month,
            "months": dict((m, f"{query}&month={m:%Y-%m}") for m in months),
            "previous": months[at - 1] if at else None,
            "next": months[at + 1] if at + 1 < len(months) else None,
            "month_error": month_error,
            "downloads": {
                "ics": reverse("regulation:calendar-ics", args=[key]) + query,
                "pdf": reverse("regulation:calendar-pdf", args=[key]) + query,
                "xlsx": reverse("regulation:calendar-xlsx", args=[key]) + query,
            },
        },
        status=400 if (form.is_bound and form.errors) or month_error else 200,
    )


@require_GET
def calendar_ics_view(request: HttpRequest, key: str) -> HttpResponse:
    cal, _ = _calendar(request, key)
    url = request.build_absolute_uri(reverse("regulation:calendar", args=[key]))
    response = HttpResponse(
        calendar_ics(cal, now=timezone.now(), url=url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="reporting-calendar-{key}.ics"'
    return response


@require_GET
def calendar_pdf(request: HttpRequest, key: str) -> HttpResponse:
    cal, _ = _calendar(request, key)
    report = calendar_print_report(cal)
    return attachment(report_pdf(report), PDF, report.filename("pdf"))


@require_GET
def calendar_xlsx(request: HttpRequest, key: str) -> HttpResponse:
    cal, _ = _calendar(request, key)
    report = calendar_report(cal)
    return attachment(report_xlsx(report), XLSX, report.filename("xlsx"))


urlpatterns = [
    path("regulation/calendars/", calendar_list, name="calendar-list"),
    path("regulation/calendars/<slug:key>/", calendar, name="calendar"),
    path("regulation/calendars/<slug:key>.ics", made_once(calendar_ics_view), name="calendar-ics"),
    path("regulation/calendars/<slug:key>.pdf", made_once(calendar_pdf), name="calendar-pdf"),
    path("regulation/calendars/<slug:key>.xlsx", made_once(calendar_xlsx), name="calendar-xlsx"),
]
