"""What regulation offers on the pages of the areas below it (core.links): its reports on
the reports index, and each organisation's reporting calendar on the organisation's page."""

from typing import Any

from django.urls import reverse

from devolution.core.links import PageLink, ReportEntry
from devolution.core.offers import report_formats

GROUP = "Regulation"


def regulation_reports(_: Any) -> list[ReportEntry]:
    matrix = reverse("regulation:index")
    return [
        ReportEntry(
            GROUP,
            "Regulator matrix",
            "Which regulator covers which activity and which bodies, as the Integration "
            "technical pack (December 2017) shows it.",
            ("regulation:index", "regulation:matrix-pdf", "regulation:matrix-xlsx"),
            (
                PageLink("Web page", f"{matrix}#matrix"),
                PageLink("PDF", reverse("regulation:matrix-pdf")),
                PageLink("Spreadsheet", reverse("regulation:matrix-xlsx")),
            ),
        ),
        ReportEntry(
            GROUP,
            "Data items asked for by more than one regulator",
            "Each data item the reporting-requirements register shows more than one "
            "regulator asking for, with the returns that ask for it.",
            ("regulation:duplicates", "regulation:duplicates-pdf", "regulation:duplicates-xlsx"),
            report_formats("regulation:duplicates"),
        ),
    ]


def organisation_calendar(organisation: Any) -> list[PageLink]:
    """An organisation's reporting calendar, on its page."""
    return [
        PageLink(
            "Reporting calendar: the returns it makes to its regulators",
            reverse("regulation:calendar", args=[organisation.key]),
        )
    ]
