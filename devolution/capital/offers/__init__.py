"""What capital offers on the pages of the areas below it (core.links): the capital plan
and the estates strategy's figures on the reports index."""

from typing import Any

from devolution.core.links import PageLink, ReportEntry, fixed_url
from devolution.core.offers import report_formats, report_routes

GROUP = "Estates"


def capital_reports(partnership: Any) -> list[ReportEntry]:
    return [
        ReportEntry(
            GROUP,
            "Capital plan",
            "Capital business cases by financial year and source of money: capital "
            "receipts, national capital and local money.",
            report_routes("capital:plan"),
            report_formats("capital:plan"),
        )
    ]


def estates_pages(_: Any) -> list[PageLink]:
    """The capital pages, beside the register's on each estates page."""
    return [
        PageLink("Capital business cases", fixed_url("capital:case-list")),
        PageLink("Disposals and receipts", fixed_url("capital:disposal-list")),
        PageLink("Estates strategy: the KPIs", fixed_url("capital:strategy")),
        PageLink("Capital plan", fixed_url("capital:plan")),
    ]
