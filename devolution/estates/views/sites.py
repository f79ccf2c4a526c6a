"""The asset register's pages (SPEC §12): the sites with their filters and flags, a site
with every fact, its flag, its location and its history, and the forms that record and
change a site."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods
from markupsafe import Markup

from devolution.core.errors import DevolutionError
from devolution.core.pages import add_refusal, paginate
from devolution.core.people import signed_in_person
from devolution.partners.access import enforce, memberships_of
from devolution.partners.selectors import today

from .. import selectors, services
from ..forms import SiteForm, site_initial
from ..maps import STATUS_COLOURS, sites_map_svg
from ..rules.access import kept_organisations, may_keep_site
from .common import NAV, filtered_sites, in_view, keeps_register

PAGE_SIZE = 50


@login_required
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    partnership, form, rows, filters = filtered_sites(request)
    policy = selectors.policy_in_force(partnership, today(partnership))
    flagged = selectors.flagged(rows, policy, filters.get("flag", ""))
    page, query = paginate(request, flagged, PAGE_SIZE)
    return render(
        request,
        "estates/site_list.jinja",
        {
            "nav": NAV,
            "partnership": partnership,
            "form": form,
            "page": page,
            "query": query,
            "policy": policy,
            "demo": selectors.has_demo(partnership),
            "may_keep": keeps_register(request),
            "share": selectors.site_share,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def site_detail(request: HttpRequest, ref: str) -> HttpResponse:
    partnership = in_view(request)
    site = selectors.site_get(partnership, ref)
    policy = selectors.policy_in_force(partnership, today(partnership))
    svg = ""
    if site.latitude is not None and site.longitude is not None:
        svg = sites_map_svg(
            [
                {
                    "name": site.name,
                    "status": site.get_status_display(),
                    "lat": float(site.latitude),
                    "lon": float(site.longitude),
                    "href": reverse("estates:site-detail", args=[site.ref]),
                }
            ],
            title=f"Where {site.name} is",
            width=360,
            height=270,
        )
    return render(
        request,
        "estates/site_detail.jinja",
        {
            "nav": NAV,
            "partnership": partnership,
            "site": site,
            "share": selectors.site_share(site),
            "flag": selectors.site_flag(site, policy),
            "policy": policy,
            "history": selectors.history_in_words(selectors.site_history(site)),
            # Drawn inline; Vega writes the site's name as escaped SVG text.
            "svg": Markup(svg),  # noqa: S704
            "colours": STATUS_COLOURS,
            "may_edit": may_keep_site(memberships_of(request.user), site.owner_id).allowed,
        },
    )


def _form(request: HttpRequest, initial: dict[str, Any] | None, editing: bool) -> SiteForm:
    return SiteForm(
        request.POST or None,
        initial=initial,
        # An estates lead is offered their own organisations; the secretariat every one.
        organisations=selectors.organisation_choices(
            kept_organisations(memberships_of(request.user))
        ),
        boroughs=selectors.all_places("borough"),
        stps=selectors.all_places("stp"),
        editing=editing,
    )


def _form_page(
    request: HttpRequest, form: SiteForm, title: str, site: Any, status: int
) -> HttpResponse:
    return render(
        request,
        "estates/site_form.jinja",
        {"nav": NAV, "form": form, "title": title, "site": site},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_new(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    partnership = in_view(request)
    services.estates_enforce_may_keep(actor=person)
    form = _form(request, None, editing=False)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(
                actor=person,
                partnership=partnership,
                ref=form.cleaned_data["ref"],
                data=form.data_for_service(),
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"{site.name} is added to the asset register.")
            return redirect("estates:site-detail", ref=site.ref)
    return _form_page(request, form, "Add a site to the asset register", None, status)


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, ref: str) -> HttpResponse:
    person = signed_in_person(request)
    partnership = in_view(request)
    site = selectors.site_get(partnership, ref)
    services.estates_enforce_may_keep(actor=person)
    enforce(may_keep_site(memberships_of(person), site.owner_id))
    form = _form(request, site_initial(site), editing=True)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.site_update(
                actor=person,
                site_id=site.pk,
                version=form.cleaned_data["version"] or 0,
                data=form.data_for_service(),
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"{site.name} is changed.")
            return redirect("estates:site-detail", ref=site.ref)
    return _form_page(request, form, f"Change {site.name}", site, status)


urlpatterns = [
    path("estates/sites/", site_list, name="site-list"),
    path("estates/sites/new/", site_new, name="site-new"),
    path("estates/sites/<slug:ref>/", site_detail, name="site-detail"),
    path("estates/sites/<slug:ref>/edit/", site_edit, name="site-edit"),
]
