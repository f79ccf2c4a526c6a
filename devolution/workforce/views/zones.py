"""Which high cost area zone each borough is in: public to read; the secretariat sets a
borough's zone (or clears it) for the supplement calculator to use."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from devolution.core.errors import DevolutionError
from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import can_keep_registers

from ..forms.pay import ZoneForm
from ..selectors.zones import zone_rows
from ..services.zones import zone_set
from .common import NAV, crumbs


def _page(request: HttpRequest, errors: list[str], status: int = 200) -> HttpResponse:
    return render(
        request,
        "workforce/zones.jinja",
        {
            "nav": NAV,
            "crumbs": crumbs(("workforce:supplement", "High cost area supplement")),
            "rows": zone_rows(),
            "may_set": can_keep_registers(acting_person(request)),
            "problems": errors,
            "zones": ZoneForm.base_fields["zone"].choices,  # type: ignore[attr-defined]
        },
        status=status,
    )


@require_GET
def zones(request: HttpRequest) -> HttpResponse:
    return _page(request, [])


@login_required
@require_POST
def zone_update(request: HttpRequest) -> HttpResponse:
    person = signed_in_person(request)
    form = ZoneForm(request.POST)
    if not form.is_valid():
        problems = [
            f"{form.fields[n].label or n}: {' '.join(str(m) for m in e)}"
            for n, e in form.errors.items()
        ]
        return _page(request, problems, 400)
    data = form.cleaned_data
    try:
        zone_set(
            actor=person,
            place_code=data["place"],
            zone=data["zone"],
            note=data["note"],
            version=data["version"],
        )
    except DevolutionError as exc:
        if exc.status == 403:
            raise
        return _page(request, [exc.message], exc.status)
    messages.success(request, "The zone is recorded.")
    return redirect("workforce:zones")


urlpatterns = [
    path("workforce/zones/", zones, name="zones"),
    path("workforce/zones/set/", zone_update, name="zone-set"),
]
