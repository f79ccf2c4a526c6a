"""Funding's 360Giving publication on the reports index."""

from typing import Any

from devolution.core.links import PageLink, ReportEntry, fixed_url

from . import GROUP


def giving_reports(partnership: Any) -> list[ReportEntry]:
    """The grants published in the 360Giving Data Standard: a page explaining them, the
    JSON package and the spreadsheet."""
    route = "funding:giving-report"
    return [
        ReportEntry(
            GROUP,
            "Grants in the 360Giving Data Standard",
            "The money the boards have allocated, as open data in the standard UK funders "
            "publish their grants in.",
            (route, f"{route}-json", f"{route}-xlsx"),
            (
                PageLink("Web page", fixed_url(route)),
                PageLink("JSON", fixed_url(f"{route}-json")),
                PageLink("Spreadsheet", fixed_url(f"{route}-xlsx")),
            ),
        )
    ]
