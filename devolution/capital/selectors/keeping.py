"""What a person may choose on capital's forms: the organisations they keep cases for (an
estates lead's own, the secretariat every one), the sites of those organisations, and the
surplus sites among them not yet being disposed of (rules/access.py)."""

from typing import Any

from django.db.models import QuerySet

from devolution.estates.models import Site, Status
from devolution.partners.access import memberships_of
from devolution.partners.models import Organisation, Partnership

from ..models import Disposal
from ..rules.access import ESTATES_LEAD, SECRETARIAT


def _kept_ids(person: Any) -> set[int] | None:
    """None: every organisation (the secretariat)."""
    facts = memberships_of(person)
    if any(m.role == SECRETARIAT for m in facts):
        return None
    return {m.organisation_id for m in facts if m.role == ESTATES_LEAD}


def organisations_kept(person: Any) -> list[tuple[str, str]]:
    ids = _kept_ids(person)
    found = Organisation.objects.order_by("name")
    if ids is not None:
        found = found.filter(pk__in=ids)
    return list(found.values_list("key", "name"))


def partnerships_offered() -> list[tuple[str, str]]:
    return list(Partnership.objects.order_by("name").values_list("key", "name"))


def _sites_kept(person: Any) -> QuerySet[Site]:
    ids = _kept_ids(person)
    sites = Site.objects.select_related("partnership").order_by("partnership__name", "name")
    return sites if ids is None else sites.filter(owner_id__in=ids)


def sites_kept(person: Any) -> list[tuple[str, str]]:
    """(ref, name) of the sites a case may name: its keeper's organisations'."""
    return [(s.ref, f"{s.name} ({s.ref})") for s in _sites_kept(person)]


def sites_to_dispose(person: Any) -> list[tuple[str, str]]:
    """("partnership/ref", name) of the kept sites that are surplus or for disposal and
    have no disposal yet."""
    sites = (
        _sites_kept(person)
        .filter(status__in=(Status.SURPLUS, Status.FOR_DISPOSAL))
        .exclude(pk__in=Disposal.objects.values("site_id"))
    )
    return [(f"{s.partnership.key}/{s.ref}", f"{s.name} ({s.partnership.name})") for s in sites]
