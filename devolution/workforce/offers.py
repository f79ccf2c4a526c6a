"""What workforce offers on the pages of the areas below it (core.links): its reports on
the reports index, and an organisation's workforce figures on the organisation's page."""

from typing import Any

from django.urls import reverse

from devolution.core.links import PageLink, ReportEntry
from devolution.core.offers import report_formats

GROUP = "Workforce"


def workforce_reports(_: Any) -> list[ReportEntry]:
    return [
        ReportEntry(
            GROUP,
            "Health and care pay against the living wages",
            "The board paper's comparison of health and care pay in London with the National "
            "and London Living Wages, each figure worked out beside it.",
            ("workforce:pay", "workforce:pay-pdf", "workforce:pay-xlsx"),
            report_formats("workforce:pay"),
        ),
        ReportEntry(
            GROUP,
            "Vacancies and turnover over time",
            "Vacancy and turnover rates over time, for all organisations and for each STP.",
            (
                "workforce:indicator-board",
                "workforce:indicator-board-pdf",
                "workforce:indicator-board-xlsx",
            ),
            report_formats("workforce:indicator-board"),
        ),
    ]


def organisation_figures(organisation: Any) -> list[PageLink]:
    """An organisation's workforce figures over time, on its page."""
    return [
        PageLink(
            "Workforce figures: staff, vacancies and turnover over time",
            reverse("workforce:indicator-organisation", args=[organisation.key]),
        )
    ]
