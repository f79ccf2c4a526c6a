"""The partners' pages in the secretariat's "Your work"."""

from typing import Any

from devolution.core.links import PageLink, fixed_url

from .access import can_keep_registers


def partners_your_work(person: Any) -> list[PageLink]:
    """The secretariat: the people waiting for a new authenticator app, to approve."""
    if not can_keep_registers(person):
        return []
    return [PageLink("New authenticator apps", fixed_url("partners:authenticator-reset-list"))]
