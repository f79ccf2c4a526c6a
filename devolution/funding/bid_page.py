"""What a bid's page shows beside the bid itself: each part of funding (assurance,
scores, its way to a meeting and its allocation) adds a section, registered from
FundingConfig.ready(), so the bid page knows none of them.

    bid_section("funding/_bid_scores.jinja", scores_section)

A provider takes the bid and the person reading (None when signed out) and gives the
template its context as `section`, or None to show nothing.
"""

from collections.abc import Callable
from typing import Any

Provider = Callable[[Any, Any], dict[str, Any] | None]

_SECTIONS: list[tuple[str, Provider]] = []


def bid_section(template: str, provider: Provider) -> None:
    if (template, provider) not in _SECTIONS:
        _SECTIONS.append((template, provider))


def bid_sections(bid: Any, reader: Any) -> list[tuple[str, dict[str, Any]]]:
    """Each registered section's template and context, in the order registered; in the
    template: {% for template, section in sections %}{% include template %}{% endfor %}."""
    shown = []
    for template, provider in _SECTIONS:
        context = provider(bid, reader)
        if context is not None:
            shown.append((template, context))
    return shown
