"""The prioritised site list and the utilisation policy (SPEC §12): each site's score by
criterion and why it ranks where it does; the policy's thresholds, dated, with their
source, and the sites they flag."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from devolution.partners.selectors import today

from .. import selectors
from .common import NAV, in_view


@login_required
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    result = selectors.site_ranking(partnership, today(partnership))
    return render(
        request,
        "estates/ranking.jinja",
        {
            "nav": NAV,
            "partnership": partnership,
            "ranking": result,
            "total_weight": sum(c.weight for c in result.criteria),
            "demo": selectors.has_demo(partnership),
        },
    )


@login_required
@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    partnership = in_view(request)
    on = today(partnership)
    in_force = selectors.policy_in_force(partnership, on)
    flagged = [
        (s, f)
        for s, f in selectors.flagged(selectors.site_list(partnership), in_force)
        if f is not None
    ]
    return render(
        request,
        "estates/policy.jinja",
        {
            "nav": NAV,
            "partnership": partnership,
            "policies": selectors.policies(partnership),
            "in_force": in_force,
            "on": on,
            "flagged": flagged,
            "share": selectors.site_share,
            "demo": selectors.has_demo(partnership),
        },
    )


urlpatterns = [
    path("estates/ranking/", ranking, name="ranking"),
    path("estates/policy/", policy, name="policy"),
]
