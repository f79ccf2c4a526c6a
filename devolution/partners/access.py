"""The bridge from a signed-in person to the pure access rules."""

from typing import Any

from devolution.core.errors import NotAllowed
from devolution.core.rules import Verdict

from .models import Membership
from .rules import MembershipFact, may_edit_organisation, may_keep_registers

_CACHE_ATTR = "_devolution_memberships"


def memberships_of(person: Any) -> frozenset[MembershipFact]:
    """The person's memberships, read once per request object."""
    if person is None or not person.is_authenticated or not person.is_active:
        return frozenset()
    cached = getattr(person, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            MembershipFact(org_id, role)
            for org_id, role in Membership.objects.filter(person=person).values_list(
                "organisation_id", "role"
            )
        )
        setattr(person, _CACHE_ATTR, cached)
    return cached


def enforce(verdict: Verdict) -> None:
    if not verdict.allowed:
        raise NotAllowed(verdict.reasons[0].message if verdict.reasons else "Not allowed.")


def can_edit_organisation(person: Any, organisation_id: int) -> bool:
    return may_edit_organisation(memberships_of(person), organisation_id).allowed


def can_keep_registers(person: Any) -> bool:
    return may_keep_registers(memberships_of(person)).allowed
