"""Funding's funds and partner contributions on the reports index."""

from typing import Any

from devolution.core.links import ReportEntry
from devolution.core.offers import partnership_query, report_formats, report_routes

from . import GROUP


def funds_reports(partnership: Any) -> list[ReportEntry]:
    query = partnership_query(partnership)
    return [
        ReportEntry(
            GROUP,
            "Fund position by category",
            "Each category of the partnership's transformation funding, year by year: what "
            "it has, what board decisions have recommended and allocated, what has been "
            "spent and what is left.",
            report_routes("funding:fund-position-report"),
            report_formats("funding:fund-position-report", query=query),
        ),
        ReportEntry(
            GROUP,
            "Partner contributions",
            "What each partner contributes to the collaborative programme, in cash and in "
            "kind, as the Strategic Partnership Board's paper of 10 August 2017 sets out, "
            "with its total and the shortfall.",
            report_routes("funding:partner-contributions-report"),
            report_formats("funding:partner-contributions-report", query=query),
        ),
    ]
