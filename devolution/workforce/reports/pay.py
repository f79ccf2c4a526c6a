"""Seed 001's pay comparison as one report (core.reports): page, PDF and spreadsheet. The
seed's table as it gives it, then each of its figures beside the calculated one, with the
difference in words and how far each is from the living wages."""

from django.template.loader import render_to_string

from devolution.core.reports import DASH, Report, Section, Table, html_pdf

from ..rules.money import money
from ..rules.pay import above_or_below
from ..rules.supplements import ZONES
from ..selectors.pay import PayComparison, pay_comparison

TITLE = "Health and care pay against the living wages"


def pay_report() -> Report:
    return report_of(pay_comparison())


def report_of(data: PayComparison) -> Report:
    table = data.table
    columns = tuple(table.columns) if table else ("Role", "Hourly rate", "Annual salary")
    seed = Table(
        caption=table.title if table else "The paper's table",
        sheet="As the paper gives it",
        columns=(*columns, "Where in the paper"),
        widths=(60, 30, 40, 40),
        rows=tuple((*[c or "" for c in row.cells], row.location) for row in data.rows),
        empty="The paper's table is not loaded.",
    )
    lines = [c for _, c in data.lines]
    zones = [ZONES.get(c.line.zone or "", "All London") for c in lines]
    # Three tables, not one of ten columns: the figures side by side, then the words that
    # explain them, then how far each is from the living wages (each fits a page's width).
    worked = Table(
        caption="The paper's figures beside the calculated ones",
        sheet="Calculated",
        columns=(
            "Role",
            "Zone",
            "Paper: hourly",
            "Paper: annual",
            "Calculated: hourly",
            "Calculated: annual",
        ),
        widths=(40, 14, 12, 14, 12, 14),
        row_header=True,
        rows=tuple(
            (
                c.line.role,
                zone,
                money(c.line.seed_hourly) if c.line.seed_hourly is not None else "not given",
                money(c.line.seed_annual) if c.line.seed_annual is not None else "not given",
                money(c.hourly),
                money(c.annual),
            )
            for c, zone in zip(lines, zones, strict=True)
        ),
    )
    explained = Table(
        caption="How each figure is calculated, and why it differs from the paper's",
        sheet="Explained",
        columns=("Role", "Zone", "How it is calculated", "The difference"),
        widths=(40, 14, 50, 60),
        print_widths=(22, 10, 30, 38),
        row_header=True,
        rows=tuple(
            (c.line.role, zone, c.how, c.difference) for c, zone in zip(lines, zones, strict=True)
        ),
    )
    wages = Table(
        caption="Each role against the living wages (calculated hourly rate)",
        sheet="Living wages",
        columns=(
            "Role",
            "Zone",
            "Against the National Living Wage",
            "Against the London Living Wage",
        ),
        widths=(40, 14, 30, 30),
        row_header=True,
        rows=tuple(
            (
                c.line.role,
                zone,
                above_or_below(c.against_nlw, "National Living Wage"),
                above_or_below(c.against_llw, "London Living Wage"),
            )
            for c, zone in zip(lines, zones, strict=True)
        ),
    )
    intro = (
        "The Integration technical pack (December 2017) compares what health and care "
        "roles in London were paid in 2016/17 with "
        f"the National Living Wage ({money(data.nlw.value)} an hour) and the London Living "
        f"Wage ({money(data.llw.value)} an hour). Its figures are kept as it gives them. "
        "Beside each is a figure worked from the rates of 1 April 2016: an hourly rate x "
        "1,950 hours (37.5 hours a week for 52 weeks), or an Agenda for Change basic salary "
        "plus the high cost area supplement for the zone, over 1,950 hours for the hourly "
        "rate. Where they differ, the difference is said in words."
    )
    return Report(
        slug="pay-against-living-wage",
        title=TITLE,
        intro=intro,
        sections=(Section(None, "", (seed, worked, explained, wages)),),
        sources=((table.source.title, table.source.link),) if table else (),
        label_sections=False,
        dated="2016/17, with the rates in effect on 1 April 2016",
    )


def pay_pdf(report: Report) -> bytes:
    html = render_to_string("commitments/report_print.jinja", {"report": report, "dash": DASH})
    return html_pdf(html)
