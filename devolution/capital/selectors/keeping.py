"""What a person may choose on capital's forms: the organisations they keep cases for (an
estates lead's own, the secretariat every one), the sites of those organisations, and the
surplus sites among them not yet being disposed of (rules/access.py), each within the
partnership whose business the form is (the one in view): a select of every site or
organisation in England (tens of thousands) is neither quick to render nor to use, so the
forms offer that partnership's, as the meetings forms do (QUALITY P3)."""

from typing import Any

from django.db.models import QuerySet

from devolution.estates.models import Site, Status
from devolution.meetings.selectors import partnership_organisations
from devolution.partners.access import memberships_of
from devolution.partners.models import Partnership

from ..models import Disposal
from ..rules.access import ESTATES_LEAD, SECRETARIAT


def _kept_ids(person: Any) -> set[int] | None:
    """None: every organisation (the secretariat)."""
    facts = memberships_of(person)
    if any(m.role == SECRETARIAT for m in facts):
        return None
    return {m.organisation_id for m in facts if m.role == ESTATES_LEAD}


def organisations_kept(person: Any, partnership: Partnership | None) -> list[tuple[str, str]]:
    """The organisations the person keeps cases for among the partnership's (its members
    and those serving its footprint)."""
    ids = _kept_ids(person)
    found = partnership_organisations(partnership).order_by("name")
    if ids is not None:
        found = found.filter(pk__in=ids)
    return list(found.values_list("key", "name"))


def partnerships_offered(partnership: Partnership | None) -> list[tuple[str, str]]:
    """The partnership a new case is of: the one in view (every one with none)."""
    found = Partnership.objects.order_by("name")
    if partnership is not None:
        found = found.filter(pk=partnership.pk)
    return list(found.values_list("key", "name"))


def _sites_kept(person: Any, partnership: Partnership | None) -> QuerySet[Site]:
    ids = _kept_ids(person)
    sites = Site.objects.select_related("partnership").order_by("partnership__name", "name")
    if partnership is not None:
        sites = sites.filter(partnership=partnership)
    return sites if ids is None else sites.filter(owner_id__in=ids)


def sites_kept(person: Any, partnership: Partnership | None) -> list[tuple[str, str]]:
    """(ref, name) of the sites a case may name: its keeper's organisations' in the
    partnership."""
    return [(s.ref, f"{s.name} ({s.ref})") for s in _sites_kept(person, partnership)]


def sites_to_dispose(person: Any, partnership: Partnership | None) -> list[tuple[str, str]]:
    """("partnership/ref", name) of the kept sites that are surplus or for disposal and
    have no disposal yet."""
    sites = (
        _sites_kept(person, partnership)
        .filter(status__in=(Status.SURPLUS, Status.FOR_DISPOSAL))
        .exclude(pk__in=Disposal.objects.values("site_id"))
    )
    return [(f"{s.partnership.key}/{s.ref}", f"{s.name} ({s.partnership.name})") for s in sites]
