"""The sites on the London map (SPEC §12), coloured by status, filtered by STP and
borough, with a table beside it giving the same facts."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET
from markupsafe import Markup

from devolution.core.versions import cached
from devolution.partners.maps import BOUNDARIES_SOURCE

from .. import selectors
from ..maps import sites_map_svg
from .common import NAV, filtered_sites


def _svg(partnership: Any, chosen: str, rows: Any) -> str:
    key = f"estates-map:{partnership.key}:{chosen}"

    def draw() -> str:
        return sites_map_svg(
            [
                {
                    "name": s.name,
                    "status": s.get_status_display(),
                    "lat": float(s.latitude),
                    "lon": float(s.longitude),
                    "href": reverse("estates:site-detail", args=[s.ref]),
                }
                for s in rows
                if s.latitude is not None
            ],
            title="Sites by status",
        )

    return cached(key, draw)


@login_required
@require_GET
def site_map(request: HttpRequest) -> HttpResponse:
    partnership, form, rows, filters = filtered_sites(request)
    chosen = "-".join(filters.get(name, "") for name in ("stp", "borough", "status"))
    rows = list(rows)
    placed = [s for s in rows if s.latitude is not None]
    return render(
        request,
        "estates/map.jinja",
        {
            "nav": NAV,
            "partnership": partnership,
            "form": form,
            "rows": rows,
            "placed": len(placed),
            # Drawn inline so its dots link to their sites; Vega escapes every name.
            "svg": Markup(_svg(partnership, chosen, rows)) if placed else "",  # noqa: S704
            "boundaries_source": BOUNDARIES_SOURCE,
            "demo": selectors.has_demo(partnership),
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [path("estates/map/", site_map, name="map")]
