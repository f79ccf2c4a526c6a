"""What capital offers on the pages of the areas below it (core.links): the capital plan
and the estates strategy's figures on the reports index."""

from typing import Any

from devolution.core.links import ReportEntry
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
