"""What funding's fair-share part offers on the reports index: allocations by place with
the fair-share guide."""

from typing import Any

from devolution.core.links import ReportEntry
from devolution.core.offers import report_formats, report_routes

from . import GROUP

ROUTE = "funding:allocations-by-place-report"


def places_reports(partnership: Any) -> list[ReportEntry]:
    return [
        ReportEntry(
            GROUP,
            "Allocations by place with the fair-share guide",
            "What bids asked, and what the board recommended and allocated, for each "
            "place, beside each place's share of the fund by population, with a chart and "
            "a map.",
            report_routes(ROUTE),
            report_formats(ROUTE),
        )
    ]
