"""What the estates pages share: the partnership in view, read access, and the words a
demo set carries."""

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest

from devolution.core.people import acting_person
from devolution.partners.access import enforce_staff, memberships_of
from devolution.partners.selectors import partnership_in_view

from .. import selectors
from ..forms import SiteFilter
from ..rules.access import may_keep_register

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

NAV = "estates"
WHAT = "The asset register"


def in_view(request: HttpRequest) -> "Partnership":
    """The partnership whose estate the page shows (`?partnership=<key>`, else the
    default); the register is for partnership staff only: partners share site
    information among themselves (seed 000), not with the public."""
    enforce_staff(acting_person(request), WHAT)
    partnership = partnership_in_view(request.GET.get("partnership") or None)
    if partnership is None:
        raise Http404("No partnership is recorded.")
    return partnership


def keeps_register(request: HttpRequest) -> bool:
    return may_keep_register(memberships_of(acting_person(request))).allowed


def filtered_sites(request: HttpRequest) -> tuple["Partnership", SiteFilter, Any, dict[str, Any]]:
    """The partnership in view, the register's filter as the request gives it (STP,
    borough, status, flag), the sites it selects and the filters as read (none when the
    form is refused: the page then shows it with its errors)."""
    partnership = in_view(request)
    form = SiteFilter(
        request.GET or None,
        stps=selectors.place_choices("stp", partnership),
        boroughs=selectors.place_choices("borough", partnership),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.site_list(
        partnership,
        stp=filters.get("stp", ""),
        borough=filters.get("borough", ""),
        status=filters.get("status", ""),
    )
    return partnership, form, rows, filters
