"""The London Workforce Board's view as a report (core.reports): the rates over time for
all organisations and by STP, as the page's tables, a PDF and a spreadsheet, so the three
agree."""

from decimal import Decimal

from django.template.loader import render_to_string

from devolution.core.reports import DASH, Report, Section, Table, html_pdf, sources_of

from ..rules.indicators import AGGREGATE_DEFINITION, TURNOVER_DEFINITION, VACANCY_DEFINITION
from ..selectors.indicators import Board, Point

TITLE = "Workforce: vacancy and turnover rates over time"
COLUMNS = (
    "Period ending",
    "Organisations",
    "Vacancy rate",
    "Staff in post",
    "Vacancies",
    "Turnover rate",
    "Leavers",
)


def _rate(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}%"


def _count(value: Decimal, rows: int) -> str | None:
    return f"{value.normalize():,f}" if rows else None


def _row(p: Point, with_group: bool) -> tuple[str | None, ...]:
    r = p.result
    return (
        *((p.group,) if with_group else ()),
        f"{p.period_end.day} {p.period_end:%B %Y}",
        str(max(r.vacancy_rows, r.turnover_rows)),
        _rate(r.vacancy_rate.value),
        _count(r.staff_in_post, r.vacancy_rows),
        _count(r.vacancies, r.vacancy_rows),
        _rate(r.turnover_rate.value),
        _count(r.leavers, r.turnover_rows),
    )


def board_report(board: Board) -> Report:
    group = board.staff_group or "all staff"
    overall = Table(
        caption=f"All organisations ({group}), by period",
        sheet="All organisations",
        columns=COLUMNS,
        widths=(16, 14, 14, 14, 12, 14, 12),
        rows=tuple(_row(p, False) for p in board.overall),
        empty="No organisation's counts are recorded.",
        row_header=True,
    )
    by_stp = Table(
        caption=f"By STP ({group}), by period",
        sheet="By STP",
        columns=("STP", *COLUMNS),
        widths=(40, 16, 14, 14, 14, 12, 14, 12),
        rows=tuple(_row(p, True) for p in board.by_stp),
        empty="No member of an STP has counts recorded.",
        row_header=True,
    )
    left_out = (
        f"{board.rate_only:,} row{'s' if board.rate_only != 1 else ''} giving a rate without "
        "its counts left out of these figures."
    )
    intro = " ".join(
        [
            VACANCY_DEFINITION,
            TURNOVER_DEFINITION,
            AGGREGATE_DEFINITION,
            left_out,
            "Demonstration figures, invented: not real." if board.demo else "",
        ]
    ).strip()
    return Report(
        slug="workforce-board",
        title=TITLE,
        intro=intro,
        sections=(Section(None, "", (overall, by_stp)),),
        sources=sources_of(board.source_ids),
        label_sections=False,
        facts=(("Staff group", group), ("Left out (rate only)", str(board.rate_only))),
    )


def board_pdf(report: Report) -> bytes:
    return html_pdf(
        render_to_string("commitments/report_print.jinja", {"report": report, "dash": DASH})
    )
