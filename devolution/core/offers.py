"""What the areas' offers share: a report's formats as links, by its routes' names."""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from .links import PageLink

# Each format's link text, by the suffix of its route's name (`…-report-pdf`).
FORMATS = (("", "Web page"), ("-pdf", "PDF"), ("-xlsx", "Spreadsheet"), ("-csv", "CSV"))


def report_routes(route: str, suffixes: tuple[str, ...] = ("", "-pdf", "-xlsx")) -> tuple[str, ...]:
    return tuple(route + suffix for suffix in suffixes)


def report_formats(
    route: str,
    *args: Any,
    suffixes: tuple[str, ...] = ("", "-pdf", "-xlsx"),
    query: dict[str, str] | None = None,
) -> tuple[PageLink, ...]:
    """The report's links, one a format: the page at `route`, its PDF at `route-pdf`,
    its spreadsheet at `route-xlsx`; `query` kept on each (the partnership chosen)."""
    words = dict(FORMATS)
    tail = f"?{urlencode(query)}" if query else ""
    return tuple(
        PageLink(words[suffix], reverse(route + suffix, args=args or None) + tail)
        for suffix in suffixes
    )


def partnership_query(partnership: Any) -> dict[str, str]:
    """The query that shows a report of this partnership: none for the deployment's
    default, which the report shows unasked."""
    if partnership is None or getattr(partnership, "is_default", False):
        return {}
    return {"partnership": partnership.key}
