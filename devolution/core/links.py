"""Links and sections that an area offers on another area's page.

A lower area's page may show what a higher one keeps about its object (a board's work
programme, its meetings and their calendar) without importing it: the higher area offers
a provider when its app is ready, and the page asks for what is offered by name. The same
registry holds the reports each area makes (the reports index lists them), the pages a
signed-in person's role lets them use ("Your work"), and the sections of the home page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any


@dataclass(frozen=True)
class PageLink:
    """A link; `group` is the heading a page shows it under, `note` what it shows beside
    it (a date, a count), `formats` the same thing in other formats (a PDF, a
    spreadsheet)."""

    text: str
    url: str
    group: str = ""
    note: str = ""
    formats: tuple["PageLink", ...] = ()


Provider = Callable[[Any], list[PageLink]]
_providers: dict[str, list[Provider]] = {}


def links_offer(page: str, provider: Provider) -> None:
    """Offer links on every `page` ("board", "your-work"); offering the same provider
    twice is one."""
    offered = _providers.setdefault(page, [])
    if provider not in offered:
        offered.append(provider)


@cache
def fixed_url(route: str) -> str:
    """The address of a route that takes no arguments, reversed once a process: the links a
    page shows on every request ("Your work") need not pay for reverse() each time."""
    from django.urls import reverse

    return reverse(route)


def links_for(page: str, obj: Any) -> list[PageLink]:
    """Every link the areas offer on this page for this object, in the order offered."""
    return [link for provider in _providers.get(page, []) for link in provider(obj)]


# ------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class ReportEntry:
    """One report on the reports index: what it shows in a line, its formats (a link
    each, "Web page", "PDF", "Spreadsheet", "CSV"), or for a report made per board,
    `per` (each board's name and formats). `routes` are the names of the routes the
    entry covers, so that a report no entry names can be found."""

    group: str
    title: str
    description: str
    routes: tuple[str, ...]
    formats: tuple[PageLink, ...] = ()
    per: tuple[tuple[str, tuple[PageLink, ...]], ...] = ()


ReportProvider = Callable[[Any], list[ReportEntry]]
_report_providers: list[ReportProvider] = []


def reports_offer(provider: ReportProvider) -> None:
    """Offer reports on the reports index: `provider(partnership)` gives the reports of
    the partnership in view (None: every one); offering the same provider twice is one."""
    if provider not in _report_providers:
        _report_providers.append(provider)


def reports_for(partnership: Any) -> list[ReportEntry]:
    return [entry for provider in _report_providers for entry in provider(partnership)]


# ------------------------------------------------------------------------ the home page


@dataclass(frozen=True)
class HomeItem:
    """A line of a home section: its link, what it shows beside it, and links under it
    (a meeting's papers)."""

    link: PageLink
    note: str = ""
    children: tuple[PageLink, ...] = ()


@dataclass(frozen=True)
class HomeSection:
    """A section of the home page: its heading, how many there are in all (`items` may
    be the first few), what it says when there are none, and where to see them all."""

    key: str
    title: str
    count: int
    items: tuple[HomeItem, ...]
    empty: str
    more: PageLink | None = None
    intro: str = ""


HomeProvider = Callable[[Any, Any], list[HomeSection]]
_home_providers: dict[str, list[HomeProvider]] = {}


def home_offer(audience: str, provider: HomeProvider) -> None:
    """Offer sections on the home page: `audience` "person" for a signed-in person's own
    (`provider(person, today)`), "everyone" for what everyone sees (`provider(None,
    today)`); offering the same provider twice is one."""
    offered = _home_providers.setdefault(audience, [])
    if provider not in offered:
        offered.append(provider)


def home_sections(audience: str, person: Any, today: Any) -> list[HomeSection]:
    return [s for provider in _home_providers.get(audience, []) for s in provider(person, today)]


# ------------------------------------------------------------------ under an agenda item


@dataclass(frozen=True)
class ItemPanel:
    """What a higher area shows of an agenda item wherever it is decided (a proposal's
    assurance, SPEC §11): `line`, a sentence for the agenda's list; `section`, the HTML the
    offering area made for the item's own view, its decision and the public page."""

    line: str
    section: Any  # markupsafe.Markup


# A meeting's pages spend their whole budget of queries already (QUALITY P4), so what a
# higher area shows under an item is read in the items' own query: the area offers
# columns (query expressions, made afresh for each query) that the meetings' item lists
# annotate their items with, and a provider that makes each item's panel from its
# columns, with no query of its own: provider(items, public) -> {item_id: ItemPanel}.
ItemProvider = Callable[[list[Any], bool], dict[int, ItemPanel]]
_item_providers: list[ItemProvider] = []
_item_columns: dict[str, Callable[[], Any]] = {}


def item_offer(provider: ItemProvider, columns: dict[str, Callable[[], Any]]) -> None:
    """Offer panels under agenda items, with the columns they read (by the attribute each
    gives an item); offering the same provider twice is one."""
    _item_columns.update(columns)
    if provider not in _item_providers:
        _item_providers.append(provider)


def item_columns() -> dict[str, Any]:
    """The columns offered, as annotations of a query of agenda items."""
    return {name: make() for name, make in _item_columns.items()}


def item_panels(items: list[Any], *, public: bool) -> dict[int, list[ItemPanel]]:
    """Every offered panel of these items (read with item_columns()), by item's id;
    `public` for what the public may read. No queries."""
    panels: dict[int, list[ItemPanel]] = {}
    if not items:
        return panels
    for provider in _item_providers:
        for item_id, panel in provider(items, public).items():
            panels.setdefault(item_id, []).append(panel)
    return panels
