"""Pages for places, organisations and partnerships: thin, over selectors and services."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from markupsafe import Markup

from devolution.core.errors import DevolutionError, NotAllowed
from devolution.core.links import ReportEntry, home_sections, reports_for
from devolution.core.pages import add_refusal, paginate
from devolution.core.people import acting_person, signed_in_person
from devolution.core.versions import cached

from . import selectors, services
from .access import can_edit_organisation, can_keep_registers
from .as_at import as_at
from .forms import OrganisationFilter, OrganisationForm, PartnershipFilter, PlaceFilter
from .maps import BOUNDARIES_SOURCE, NONE, borough_map_svg, boundary_names

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """The site's front page: for a signed-in person what needs them (the sections the
    areas above offer, core.links), for everyone what is coming up and what was decided,
    and the partnership in figures."""
    day = as_at(request, selectors.partnership_in_view())
    context: dict[str, Any] = {
        "nav": "home",
        "as_at": day,
        "summary": selectors.dashboard_summary(),
        "everyone": home_sections("everyone", None, day),
        "mine": [],
    }
    person = acting_person(request)
    if person is not None:
        context["memberships"] = selectors.membership_list_for_person(person)
        context["mine"] = home_sections("person", person, day)
    return render(request, "core/home.jinja", context)


def report_index(request: HttpRequest) -> HttpResponse:
    """Every report the areas make, grouped by area, each with its formats; those made
    board by board list the boards of the partnership in view."""
    partnership = selectors.partnership_in_view(request.GET.get("partnership") or None)
    groups: dict[str, list[ReportEntry]] = {}
    for entry in reports_for(partnership):
        groups.setdefault(entry.group, []).append(entry)
    return render(
        request,
        "partners/report_index.jinja",
        {
            "nav": "reports",
            "groups": groups,
            "partnership": partnership,
            "partnerships": selectors.partnership_choices(partnership),
        },
    )


def _list(
    request: HttpRequest, template: str, form: Any, rows: Any, context: dict[str, Any]
) -> HttpResponse:
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        template,
        {**context, "form": form, "page": page, "query": query},
        status=200 if form.is_valid() else 400,
    )


def place_list(request: HttpRequest) -> HttpResponse:
    form = PlaceFilter(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.place_rows(level=filters.get("level"), q=filters.get("q"))
    return _list(request, "partners/place_list.jinja", form, rows, {"nav": "places"})


def place_detail(request: HttpRequest, code: str) -> HttpResponse:
    place = selectors.place_get(code)
    organisations, query = paginate(request, selectors.place_organisations(place), PAGE_SIZE)
    return render(
        request,
        "partners/place_detail.jinja",
        {"nav": "places", "place": place, "organisations": organisations, "query": query},
    )


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilter(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.organisation_rows(
        type=filters.get("type"), place=filters.get("place"), q=filters.get("q")
    )
    return _list(request, "partners/organisation_list.jinja", form, rows, {"nav": "organisations"})


def organisation_detail(request: HttpRequest, id: int) -> HttpResponse:
    organisation = selectors.organisation_get(id)
    return render(
        request,
        "partners/organisation_detail.jinja",
        {
            "nav": "organisations",
            "organisation": organisation,
            "can_edit": can_edit_organisation(acting_person(request), organisation.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, id: int) -> HttpResponse:
    person = signed_in_person(request)
    organisation = selectors.organisation_get(id)
    # Refused before the form is shown or read, by the rule the service enforces.
    services.organisation_enforce_may_edit(actor=person, organisation_id=organisation.pk)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        initial={"version": organisation.version},
    )
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
        try:
            services.organisation_update(
                actor=person,
                organisation_id=organisation.pk,
                version=form.cleaned_data["version"],
                data=data,
            )
        except DevolutionError as exc:
            status = add_refusal(form, exc)
        else:
            messages.success(request, f"{organisation.name} has been updated.")
            return redirect("partners:organisation-detail", id=organisation.pk)
    return render(
        request,
        "partners/organisation_edit.jinja",
        {"nav": "organisations", "organisation": organisation, "form": form},
        status=status,
    )


def partnership_list(request: HttpRequest) -> HttpResponse:
    form = PartnershipFilter(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.partnership_rows(kind=filters.get("kind"), q=filters.get("q"))
    return _list(request, "partners/partnership_list.jinja", form, rows, {"nav": "partnerships"})


def partnership_detail(request: HttpRequest, id: int) -> HttpResponse:
    partnership = selectors.partnership_get(id, with_members=False)
    members, query = paginate(request, selectors.partnership_members(partnership), PAGE_SIZE)
    return render(
        request,
        "partners/partnership_detail.jinja",
        {"nav": "partnerships", "partnership": partnership, "members": members, "query": query},
    )


def _in_view(request: HttpRequest) -> Any:
    """The partnership the page shows (`?partnership=<key>`, else the default; 404 for a
    key no partnership has) and the partnerships it offers instead."""
    partnership = selectors.partnership_in_view(request.GET.get("partnership"))
    return partnership, selectors.partnership_choices(partnership)


# The map's layers: what each colours the boroughs by, as (legend, title, table heading).
MAP_LAYERS = {
    "stp": (
        "STP",
        "Boroughs by sustainability and transformation partnership",
        "Boroughs and their STP",
    ),
    "system": (
        "Multi-borough system",
        "Boroughs by the multi-borough system they are part of",
        "Boroughs and their multi-borough system",
    ),
}


def _map_layer(request: HttpRequest) -> str:
    layer = request.GET.get("layer") or "stp"
    if layer not in MAP_LAYERS:
        choices = " or ".join(f"{key} ({v[0]})" for key, v in MAP_LAYERS.items())
        raise DevolutionError(f"There is no map layer {layer!r}: choose {choices}.")
    return layer


def _borough_rows(partnership: Any, layer: str = "stp") -> list[dict[str, str]]:
    rows = selectors.borough_rows(partnership)
    systems = selectors.borough_systems([code for _, code, _ in rows]) if layer == "system" else {}
    return [
        {
            "name": name,
            "group": (systems.get(code) or NONE) if layer == "system" else (group or "unknown"),
            "code": code,
            "href": reverse("partners:place-detail", args=[code]),
        }
        for name, code, group in rows
    ]


def _map_svg(partnership: Any, layer: str) -> str:
    """The map, drawn once for each version of the data, partnership and layer: drawing it
    takes the best part of a second."""
    legend, title, _ = MAP_LAYERS[layer]

    def draw() -> str:
        return borough_map_svg(
            [
                {"name": r["name"], "group": r["group"], "href": r["href"]}
                for r in _borough_rows(partnership, layer)
            ],
            title=title,
            legend=legend,
        )

    return cached(f"borough-map:{partnership.key if partnership else ''}:{layer}", draw)


def london_map(request: HttpRequest) -> HttpResponse:
    """The boroughs of the partnership in view's footprint, coloured by the layer chosen
    (their STP by default), each named and linking to its page, and the same as a table."""
    partnership, choices = _in_view(request)
    error = ""
    try:
        layer = _map_layer(request)
    except DevolutionError as refused:
        # The page says what is wrong beside the layer chooser, and shows the default layer.
        layer, error = "stp", refused.message
    rows = _borough_rows(partnership, layer)
    drawn = boundary_names()
    count = sum(1 for r in rows if r["name"] in drawn)
    chosen = bool(request.GET.get("partnership"))
    query = {"partnership": partnership.key} if chosen and partnership else {}
    return render(
        request,
        "partners/map.jinja",
        {
            "nav": "map",
            "rows": rows,
            "drawn": count,
            # Drawn inline so its boroughs link to their pages. Vega writes every name
            # from the data as escaped SVG text, and the links are our own reverse()s.
            "svg": Markup(_map_svg(partnership, layer)) if count else "",  # noqa: S704
            "svg_url": reverse("partners:map-svg") + "?" + urlencode({**query, "layer": layer}),
            "layer": layer,
            "error": error,
            "layers": [(key, v[0]) for key, v in MAP_LAYERS.items()],
            "legend": MAP_LAYERS[layer][0],
            "table_caption": MAP_LAYERS[layer][2],
            "partnership": partnership,
            "partnerships": choices,
            "chosen": chosen,
            "footprint": selectors.footprint_names(partnership),
            "boundaries_source": BOUNDARIES_SOURCE,
        },
        status=400 if error else 200,
    )


def london_map_svg(request: HttpRequest) -> HttpResponse:
    """The map of london_map() as a picture of its own."""
    partnership, _ = _in_view(request)
    try:
        layer = _map_layer(request)
    except DevolutionError as refused:
        return HttpResponse(str(refused), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(_map_svg(partnership, layer), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response


def source_list(request: HttpRequest) -> HttpResponse:
    page, query = paginate(request, selectors.source_rows(), PAGE_SIZE)
    return render(
        request,
        "partners/source_list.jinja",
        {"nav": "", "sources": page, "page": page, "query": query},
    )


def glossary(request: HttpRequest) -> HttpResponse:
    """The partnership's abbreviations, each with what it stands for, what it means and
    where the papers spell it out."""
    return render(
        request, "partners/glossary.jinja", {"nav": "", "terms": selectors.glossary_list()}
    )


@login_required
def authenticator_reset_list(request: HttpRequest) -> HttpResponse:
    """The secretariat's list of people waiting for a new authenticator app."""
    person = signed_in_person(request)
    if not can_keep_registers(person):
        raise NotAllowed("Only the secretariat approves a new authenticator app.")
    page, query = paginate(request, selectors.authenticator_reset_list(), PAGE_SIZE)
    return render(
        request, "partners/authenticator_reset_list.jinja", {"page": page, "query": query}
    )


@login_required
@require_POST
def authenticator_reset_approve(request: HttpRequest, id: int) -> HttpResponse:
    reset = services.authenticator_reset_approve(actor=signed_in_person(request), reset_id=id)
    messages.success(
        request,
        f"{reset.person} sets up a new authenticator app when they next sign in. Let them know.",
    )
    return redirect("partners:authenticator-reset-list")


@login_required
@require_POST
def authenticator_reset_decline(request: HttpRequest, id: int) -> HttpResponse:
    reset = services.authenticator_reset_decline(actor=signed_in_person(request), reset_id=id)
    messages.success(
        request,
        f"The request of {reset.person} is declined; their authenticator app is unchanged. "
        "Let them know. If they did not ask, someone else knows their password: ask them "
        "to change it.",
    )
    return redirect("partners:authenticator-reset-list")
