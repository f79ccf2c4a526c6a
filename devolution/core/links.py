"""Links that an area offers on another area's page.

A lower area's page may show what a higher one keeps about its object (a board's work
programme, later its meetings and its funding rounds) without importing it: the higher area
offers a link provider when its app is ready, and the page asks for the links by name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageLink:
    text: str
    url: str


Provider = Callable[[Any], list[PageLink]]
_providers: dict[str, list[Provider]] = {}


def links_offer(page: str, provider: Provider) -> None:
    """Offer links on every `page` ("board", ...); offering the same provider twice is one."""
    offered = _providers.setdefault(page, [])
    if provider not in offered:
        offered.append(provider)


def links_for(page: str, obj: Any) -> list[PageLink]:
    """Every link the areas offer on this page for this object, in the order offered."""
    return [link for provider in _providers.get(page, []) for link in provider(obj)]
