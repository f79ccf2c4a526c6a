"""A person's notifications on the site, their choices, and the unsubscribe link of every
e-mail, which works without signing in (SPEC §15)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from devolution.core.pages import paginate
from devolution.core.people import signed_in_person

from .. import selectors, services
from ..forms import PreferencesForm
from ..rules.kinds import BY_KEY

NAV = ""
CRUMBS = [{"href": "/", "text": "Home"}]


@login_required
@require_http_methods(["GET", "HEAD"])
def notice_list(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    page, query = paginate(request, selectors.notices(person), 50)
    return render(
        request,
        "notifications/list.jinja",
        {
            "nav": NAV,
            "crumbs": CRUMBS,
            "page": page,
            "query": query,
            "unread": selectors.unread_recount(person),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    raw = request.POST.get("notice", "")
    pk = int(raw) if raw.isdigit() else None
    services.mark_read(person, pk)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.set_preferences(person, form.cleaned_data)
            saved = True
    else:
        form = PreferencesForm(initial=services.preferences(person))
    return render(
        request,
        "notifications/preferences.jinja",
        {
            "nav": NAV,
            "crumbs": [*CRUMBS, {"href": "/notifications/", "text": "Notifications"}],
            "form": form,
            "saved": saved,
        },
        status=422 if request.method == "POST" and not form.is_valid() else 200,
    )


@csrf_exempt  # the signed token is the authority; mail clients post one-click (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.read_unsubscribe(token)
    done = False
    if found is not None and request.method == "POST":
        done = services.unsubscribe(*found)
        if not done:
            found = None
    if found is None:
        return render(
            request,
            "notifications/unsubscribe_bad.jinja",
            {"nav": NAV, "crumbs": CRUMBS},
            status=400,
        )
    kinds = found[1]
    return render(
        request,
        "notifications/unsubscribe.jinja",
        {"nav": NAV, "crumbs": CRUMBS, "labels": [BY_KEY[k].label for k in kinds], "done": done},
    )


urlpatterns = [
    path("notifications/", notice_list, name="list"),
    path("notifications/read/", mark_read, name="mark-read"),
    path("notifications/preferences/", preferences, name="preferences"),
    path("notifications/unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
]
