"""Business cases as the pages and the API read them: who sees which (rules/access.py),
one case with its funding, sites, history and route."""

from typing import Any

from django.db.models import Prefetch, QuerySet, Sum

from devolution.core.errors import NotFound
from devolution.partners.access import is_staff, memberships_of

from ..models import BusinessCase, CaseEvent, FundingSource
from ..rules.access import PUBLIC_CASE_STATES, may_keep


def cases_visible(person: Any) -> QuerySet[BusinessCase]:
    """Staff read every case; the public only approved ones."""
    cases = BusinessCase.objects.select_related("partnership", "sponsor").annotate(
        funded=Sum("funding__amount")
    )
    if not is_staff(person):
        cases = cases.filter(state__in=PUBLIC_CASE_STATES)
    return cases.order_by("ref")


def case_get(person: Any, ref: str) -> BusinessCase:
    case = (
        cases_visible(person)
        .prefetch_related(
            "sites",
            Prefetch("funding", queryset=FundingSource.objects.order_by("year", "number")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("by", "decision")),
        )
        .select_related("item__meeting__board", "decision")
        .filter(ref=ref)
        .first()
    )
    if case is None:
        raise NotFound(f"There is no business case {ref!r} you may read.")
    return case


def case_keepable(person: Any, case: BusinessCase) -> bool:
    return may_keep(memberships_of(person), case.sponsor_id).allowed


def case_choices(partnership_id: int) -> list[tuple[str, str]]:
    """The partnership's cases a receipt may be reinvested in: not rejected or withdrawn."""
    return [
        (ref, f"{title} ({ref})")
        for ref, title in BusinessCase.objects.filter(partnership_id=partnership_id)
        .exclude(state__in=("rejected", "withdrawn"))
        .order_by("ref")
        .values_list("ref", "title")
    ]
