"""What the assurance part of funding offers on other pages (SPEC §11): a proposal's
assurance under the agenda item where it is decided (core.links.item_offer: meetings shows
it without importing funding), its summary on a bid's page, and its report on the reports
index."""

from typing import Any

from django.template.loader import render_to_string
from markupsafe import Markup

from devolution.core.links import ItemPanel, PageLink, ReportEntry, fixed_url
from devolution.core.offers import report_formats
from devolution.partners.access import memberships_of

from ..rules import assurances as rules
from ..selectors import assurance as selectors
from . import GROUP


def item_assurance(items: list[Any], public: bool) -> dict[int, ItemPanel]:
    """The assurance of the proposal decided at each of these items, from the columns they
    were read with (selectors.ITEM_COLUMNS): no query."""
    panels = {}
    for item in items:
        ref = getattr(item, "funding_proposal_ref", None)
        if not ref:
            continue
        kept = getattr(item, "funding_assurance", None) or {}
        summary = {
            "overall": kept.get("overall") or "Not yet assessed against the assurances.",
            "lines": kept.get("lines", []),
        }
        section = render_to_string(
            "funding/_item_assurance.jinja",
            {
                "item_id": item.pk,
                "ref": ref,
                "title": kept.get("title", ""),
                "summary": summary,
                "public": public,
            },
        )
        panels[item.pk] = ItemPanel(
            line=f"The Mayor's six assurances: {summary['overall']}",
            section=Markup(section),  # noqa: S704 - a Jinja template's output, escaped by it
        )
    return panels


def bid_assurance(bid: Any, reader: Any) -> dict[str, Any] | None:
    """A bid's page: the assurance of the bid's proposal, and the way to assess it."""
    proposal = getattr(bid, "proposal", None)
    if proposal is None:
        return None
    return {
        "summary": selectors.summary_of(proposal),
        "ref": proposal.ref,
        "may_assess": rules.may_assess(m.role for m in memberships_of(reader)),
    }


def assurance_reports(partnership: Any) -> list[ReportEntry]:
    """The assurance report, of every proposal; each proposal's own is linked from it
    and from the proposal's page. For partnership staff."""
    route = "funding:assurance-report"
    return [
        ReportEntry(
            GROUP,
            "Proposals against the Mayor's six assurances",
            "Each proposal assessed against the six assurances the Mayor of London set on "
            "12 September 2017: met, partly met or not met, with the rule on hospital beds "
            "applied. For partnership staff.",
            (route, f"{route}-pdf", f"{route}-xlsx"),
            report_formats(route),
        )
    ]


def assurance_your_work(person: Any) -> list[PageLink]:
    if not memberships_of(person):
        return []
    return [PageLink("Proposals and assurance", fixed_url("funding:proposal-list"))]
