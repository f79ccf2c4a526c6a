"""What is coming up for a person (SPEC §15): their boards' meetings, their and their
organisations' actions, the returns due from their organisations, as a page and as a
personal iCalendar feed behind a token they can revoke."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from devolution.core.pages import paginate
from devolution.core.people import signed_in_person
from devolution.core.throttling import throttled
from devolution.partners.selectors import today

from .. import selectors, services
from ..feeds import personal_ics

NAV = ""
CRUMBS = [{"href": "/", "text": "Home"}]
# How far ahead the page and the feed look, and how far back the feed keeps.
AHEAD = dt.timedelta(days=120)
# What the page shows at once; the feed holds every entry.
PAGE_SIZE = 25
BEHIND = dt.timedelta(days=30)


@login_required
@require_http_methods(["GET", "HEAD"])
def calendar(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    start = today()
    token = selectors.live_token(person)
    page, query = paginate(request, selectors.coming_up(person, start, start + AHEAD), PAGE_SIZE)
    return render(
        request,
        "notifications/calendar.jinja",
        {
            "nav": NAV,
            "crumbs": CRUMBS,
            "start": start,
            "end": start + AHEAD,
            "page": page,
            "query": query,
            "feed_url": request.build_absolute_uri(
                reverse("notifications:calendar-feed", args=[token.token])
            )
            if token
            else None,
        },
    )


@login_required
@require_POST
def new_feed(request: HttpRequest) -> HttpResponse:
    services.new_calendar_token(signed_in_person(request))
    return redirect(reverse("notifications:calendar") + "#feed")


@login_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponse:
    services.revoke_calendar_token(signed_in_person(request))
    return redirect(reverse("notifications:calendar") + "#feed")


@require_http_methods(["GET", "HEAD"])
def feed(request: HttpRequest, token: str) -> HttpResponse:
    person = selectors.token_person(token)
    if person is None:
        raise Http404("No calendar has this address; it may have been revoked.")
    start = today()
    body = personal_ics(
        person,
        selectors.coming_up(person, start - BEHIND, start + AHEAD),
        now=timezone.now(),
        url=request.build_absolute_uri(reverse("notifications:calendar")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-calendar.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("my/calendar/", calendar, name="calendar"),
    path("my/calendar/feed/new/", new_feed, name="calendar-feed-new"),
    path("my/calendar/feed/revoke/", revoke_feed, name="calendar-feed-revoke"),
    # Throttled as every public document is: a token is not to be guessed by asking.
    path("my/calendar/<str:token>.ics", throttled(feed), name="calendar-feed"),
]
