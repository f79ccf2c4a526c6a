"""Estates' pages in an estates lead's and the secretariat's "Your work"."""

from typing import Any

from devolution.core.links import PageLink, fixed_url
from devolution.partners.access import memberships_of

from .rules.access import may_keep_register


def estates_your_work(person: Any) -> list[PageLink]:
    """Those who keep the asset register: the register, its import and the ranked sites."""
    if not may_keep_register(memberships_of(person)).allowed:
        return []
    return [
        PageLink("The asset register", fixed_url("estates:site-list")),
        PageLink("Import the asset register", fixed_url("estates:site-import")),
        PageLink("Prioritised site list", fixed_url("estates:ranking")),
    ]
