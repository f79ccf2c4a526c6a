"""The bridge from a signed-in person to the pure access rules."""

from typing import Any

from devolution.core.errors import NotAllowed
from devolution.core.rules import Verdict

from .models import Membership
from .rules import (
    MembershipFact,
    may_edit_organisation,
    may_keep_registers,
    may_read_staff_pages,
)

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


def is_staff(person: Any) -> bool:
    """The one staff test (partners.rules.may_read_staff_pages) for a person in hand."""
    return may_read_staff_pages(memberships_of(person)).allowed


def enforce_staff(person: Any, what: str = "This page") -> None:
    """Refuse the public and people with no place in a partner organisation (403)."""
    if not is_staff(person):
        raise NotAllowed(f"{what} is for partnership staff: sign in to read it.")
