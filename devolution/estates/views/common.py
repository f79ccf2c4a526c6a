"""What the estates pages share: the partnership in view, read access, and the words a
demo set carries."""

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

from devolution.core.people import acting_person
from devolution.partners.access import enforce_staff, memberships_of
from devolution.partners.selectors import partnership_in_view

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
