"""What governance offers on the pages of the areas below it: its reports on the reports
index, each board's gateway report on the board's page."""

from typing import Any

from devolution.core.links import PageLink, ReportEntry, fixed_url
from devolution.core.offers import partnership_query, report_formats, report_routes
from devolution.partners.access import is_staff

from . import selectors

GROUP = "Governance"


def governance_reports(partnership: Any) -> list[ReportEntry]:
    gateway = "governance:gateway-report"
    return [
        ReportEntry(
            GROUP,
            "Gateway criteria, board by board",
            "What each board must meet before it may move into its next phase, and how "
            "far it has got.",
            report_routes(gateway),
            per=tuple(
                (name, report_formats(gateway, key))
                for key, name in selectors.board_names(partnership, with_phases=True)
            ),
        ),
        ReportEntry(
            GROUP,
            "Governance progression",
            "Each board's phases, the phase it is in now and how it got there.",
            report_routes("governance:progression-report"),
            report_formats("governance:progression-report", query=partnership_query(partnership)),
        ),
        ReportEntry(
            GROUP,
            "Progressing governance, December 2015 to May 2017",
            "The steps the partnership planned to take its governance from agreement to "
            "shadow running, as the sources set them out.",
            report_routes("governance:progressing-governance-report"),
            report_formats("governance:progressing-governance-report"),
        ),
        ReportEntry(
            GROUP,
            "NHS England's devolution spectrum",
            "The steps from collaboration to full devolution, and what each allows.",
            report_routes("governance:spectrum-report"),
            report_formats("governance:spectrum-report"),
        ),
        ReportEntry(
            GROUP,
            "The legal framework",
            "The rules the law sets on who may decide what, with the statute or guidance "
            "each comes from.",
            report_routes("governance:rules-report"),
            report_formats("governance:rules-report"),
        ),
    ]


def board_reports(board: Any) -> list[PageLink]:
    """The board page's link to its gateway report, where the board passes through phases."""
    if board.phase_model_id is None:
        return []
    page, *others = report_formats("governance:gateway-report", board.key)
    return [
        PageLink(
            "Gateway criteria into the next phase",
            page.url,
            group="Reports",
            formats=tuple(others),
        )
    ]


def governance_your_work(person: Any) -> list[PageLink]:
    """The checker of proposed arrangements, for partnership staff."""
    if not is_staff(person):
        return []
    return [PageLink("Check an arrangement", fixed_url("governance:arrangement-checker"))]
