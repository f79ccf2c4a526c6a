"""What commitments offers on the pages of the areas below it: its reports on the reports
index, and the register's import on a secretariat officer's own navigation."""

from typing import Any

from devolution.core.links import PageLink, ReportEntry, fixed_url
from devolution.core.offers import partnership_query, report_formats, report_routes
from devolution.partners.access import can_keep_registers

from . import selectors

GROUP = "Commitments and the work programme"


def commitments_reports(partnership: Any) -> list[ReportEntry]:
    query = partnership_query(partnership)
    programme = "commitments:work-programme-report"

    def scoped(title: str, description: str, route: str) -> ReportEntry:
        return ReportEntry(
            GROUP, title, description, report_routes(route), report_formats(route, query=query)
        )

    def fixed(title: str, description: str, route: str) -> ReportEntry:
        return ReportEntry(GROUP, title, description, report_routes(route), report_formats(route))

    return [
        scoped(
            "MoU progress",
            "Progress against each theme of the devolution agreement (the MoU), from each "
            "commitment's latest update.",
            "commitments:mou-progress-report",
        ),
        scoped(
            "The MoU's pledges",
            "How many pledges the MoU holds and the commitments recorded against them.",
            "commitments:pledges-report",
        ),
        fixed(
            "Opportunities",
            "The opportunities the Strategic Partnership Board chose to focus on, and what "
            "London will gain from them.",
            "commitments:opportunities-report",
        ),
        scoped(
            "Commitments by owner",
            "Each commitment under the organisation that leads it and those supporting it, "
            "with what is blocked, overdue or not updated.",
            "commitments:commitments-by-owner-report",
        ),
        scoped(
            "Commitments by board",
            "Each commitment under the board accountable for it, with what is blocked, "
            "overdue or not updated.",
            "commitments:commitments-by-board-report",
        ),
        ReportEntry(
            GROUP,
            "Work programme, board by board",
            "What each board plans to take at each of its meetings, by area of work.",
            report_routes(programme),
            per=tuple(
                (name, report_formats(programme, key))
                for key, name in selectors.work_programme_boards(partnership)
            ),
        ),
        ReportEntry(
            GROUP,
            "The commitments register",
            "Every commitment with its owner, status, rating and latest update, to work on "
            "in a spreadsheet.",
            ("commitments:export-csv", "commitments:export-xlsx"),
            report_formats("commitments:export", suffixes=("-csv", "-xlsx"), query=query),
        ),
    ]


def commitments_your_work(person: Any) -> list[PageLink]:
    """The register's import, for those who keep the registers."""
    if not can_keep_registers(person):
        return []
    return [PageLink("Import commitments", fixed_url("commitments:import"))]
