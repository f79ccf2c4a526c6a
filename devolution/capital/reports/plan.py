"""The capital plan (SPEC §12, seed 004 5.13): cases by financial year and funding source,
one report shown as a page, a PDF and a spreadsheet (core.reports), so the three agree."""

from typing import Any

from django.template.loader import render_to_string

from devolution.core.reports import DASH, Report, Section, Table, html_pdf

from ..rules.money import pounds
from ..selectors.strategy import Plan, capital_plan

TITLE = "Capital plan"
DEMO = "Invented demo data: "


def plan_report(person: Any, partnership_id: int | None = None) -> Report:
    plan = capital_plan(person, partnership_id)
    return report_of(plan)


def report_of(plan: Plan) -> Report:
    kinds = plan.kinds
    grid_rows = []
    for year in plan.years:
        amounts = [plan.grid.get((year, k), 0) for k, _ in kinds]
        grid_rows.append((year, *[pounds(a) if a else DASH for a in amounts], pounds(sum(amounts))))
    if plan.years:
        totals = [sum(plan.grid.get((y, k), 0) for y in plan.years) for k, _ in kinds]
        grid_rows.append(("All years", *[pounds(t) for t in totals], pounds(sum(totals))))
    by_year = Table(
        caption="Money by financial year and source",
        sheet="By year and source",
        columns=("Financial year", *[label for _, label in kinds], "Total"),
        widths=(14, *[18 for _ in kinds], 18),
        rows=tuple(grid_rows),
        row_header=True,
        empty="No case in the plan has its funding recorded.",
    )
    cases = Table(
        caption="Each case's money by year and source",
        sheet="Cases",
        columns=("Case", "Sponsor", "Stage", "State", "Financial year", "Source", "Amount"),
        widths=(40, 30, 22, 12, 14, 18, 14),
        rows=tuple(
            (
                (DEMO if line.is_demo else "") + f"{line.case_title} ({line.case_ref})",
                line.sponsor,
                line.stage,
                line.state,
                line.year,
                line.kind,
                pounds(line.amount),
            )
            for line in plan.lines
        ),
        empty="No case is in the plan.",
    )
    who = (
        "approved cases (the public reads only those)"
        if plan.public_only
        else "cases submitted, advised on or approved"
    )
    intro = (
        f"The {who}, with what each will spend in each financial year and where the money "
        "comes from: capital receipts, national capital or local money. A draft, rejected "
        "or withdrawn case is not in the plan. Cases marked as invented demo data are not "
        "real."
    )
    return Report(
        slug="capital-plan",
        title=TITLE,
        intro=intro,
        sections=(Section(None, "", (by_year, cases)),),
        sources=(),
        label_sections=False,
    )


def plan_html(report: Report) -> str:
    return render_to_string("commitments/report_print.jinja", {"report": report, "dash": DASH})


def plan_pdf(report: Report) -> bytes:
    return html_pdf(plan_html(report))
