"""Regulation's reports (SPEC §14, §15), each one structure shown as a page, a PDF and a
spreadsheet (core.reports) so the three agree: the regulator matrix, an organisation's
reporting calendar and the data items asked for by more than one regulator."""

import datetime as dt

from django.template.loader import render_to_string

from devolution.core.reports import DASH, Report, Section, Table, date_text, html_pdf, sources_of

from .models import Return
from .rules.calendar import CalendarEntry, Duplicate
from .rules.matrix import cell_words
from .selectors import Matrix, OrganisationCalendar, type_label

DEMO = "Invented demo data: "
DEMO_INTRO = (
    " Returns marked as invented demo data are made up to show the page working: no "
    "regulator asks for them as given."
)


def _sources_of_returns(keys: set[str]) -> tuple[tuple[str, str], ...]:
    """Where the returns a report lists come from: the register's entries' sources."""
    return sources_of(Return.objects.filter(key__in=keys).values_list("source_id", flat=True))


def matrix_report(m: Matrix) -> Report:
    tables = []
    for columns, caption, sheet, lead in (
        (m.activities, "Regulatory and oversight activity category", "Activities", "Activity"),
        (m.bodies, "Regulated body", "Regulated bodies", "Regulated body"),
    ):
        rows = []
        for r in m.regulators:
            cells: list[str] = []
            for c in columns:
                cell = m.cell(r, c)
                cells.append(
                    "unknown" if cell is None else cell_words(cell.covered, cell.qualification)
                )
            rows.append((r.name, *cells))
        tables.append(
            Table(
                caption=f"Regulatory body or party by {caption.lower()}",
                sheet=sheet,
                columns=("Regulatory body or party", *[c.label for c in columns]),
                widths=(28, *[30 for _ in columns]),
                rows=tuple(rows),
                row_header=True,
                empty=f"No {lead.lower()} is recorded.",
            )
        )
    ids = [r.source_id for r in m.regulators] + [c.source_id for c in m.cells.values()]
    return Report(
        slug="regulator-matrix",
        title="Regulator matrix",
        intro=(
            "Which regulator covers which regulatory and oversight activity, and which kinds "
            "of body, as the Integration technical pack (December 2017) sets them out ('most "
            "health and care organisations are held accountable by multiple bodies'). Covered "
            "means the pack ticks the cell; words in brackets are the pack's own qualification."
        ),
        sections=(Section(None, "", tuple(tables)),),
        sources=sources_of(ids),
        label_sections=False,
    )


def calendar_report(cal: OrganisationCalendar) -> Report:
    rows = []
    for e in cal.entries:
        items = tuple(
            f"{i.item.name}: also asked by {', '.join(i.also_asked_by)}"
            if i.duplicate
            else i.item.name
            for i in e.items
        )
        rows.append(
            (
                date_text(e.due),
                e.ret.regulator_name,
                (DEMO if e.ret.is_demo else "") + e.ret.name,
                e.period,
                items,
                e.duplicates,
            )
        )
    table = Table(
        caption="Returns due, in date order",
        sheet="Calendar",
        columns=("Due", "Regulator", "Return", "Period", "Data items", "Asked twice"),
        widths=(14, 24, 36, 14, 60, 10),
        rows=tuple(rows),
        empty="No return in the register is due from this organisation in these dates.",
    )
    twice = Table(
        caption="Data items asked for by more than one regulator",
        sheet="Asked twice",
        columns=("Data item", "Regulators"),
        widths=(40, 50),
        rows=tuple((name, ", ".join(regs)) for _, name, regs in cal.duplicate_items),
        empty="No data item is asked of this organisation by more than one regulator.",
    )
    org = cal.organisation
    return Report(
        slug=f"reporting-calendar-{org.key}",
        title=f"Reporting calendar: {org.name}",
        intro=(
            f"Every return due from {org.name} ({type_label(org.type)}) to each regulator from "
            f"{date_text(cal.start)} to {date_text(cal.end)}, merged in date order, from the "
            "reporting-requirements register. A data item asked for by more than one "
            "regulator is flagged: the 'aligned reporting requirements and sharing of data' "
            "the Integration technical pack (December 2017) asks for."
            + (DEMO_INTRO if cal.demo else "")
        ),
        sections=(Section(None, "", (table, twice)),),
        sources=_sources_of_returns({e.ret.key for e in cal.entries}),
        label_sections=False,
        dated=str(date_text(cal.start)),  # the period is in the title's sentence
    )


# A landscape page holds a year of months beside a return's name, and a year from a day in
# a month touches thirteen months.
PRINT_MONTHS = 13
ASKED_TWICE_MARK = "*"


def named(e: CalendarEntry) -> str:
    return (DEMO if e.ret.is_demo else "") + e.ret.name


def calendar_print_report(cal: OrganisationCalendar) -> Report:
    """The calendar laid out for a board's papers: a grid of the returns due (a row each,
    by regulator) against the months of the dates (a column each, a year to a grid), each
    cell the day or days of the month it is due; then each return once with how often it
    is due and its data items, those another regulator asks of this organisation too
    marked; then those items, each with the regulators asking it.

    Every due date is there, as in the spreadsheet, but not every data item under every
    date: a trust of an England-sized register has well over a thousand returns due in a
    year, each asking a dozen items, and a line for each would make a document of over a
    hundred pages, and minutes to make, that says the same thing twelve times."""
    by_month: dict[str, dict[dt.date, list[str]]] = {}
    returns: dict[str, CalendarEntry] = {}
    for e in cal.entries:
        returns.setdefault(e.ret.key, e)
        by_month.setdefault(f"{e.due:%B %Y}", {}).setdefault(e.due, []).append(
            f"{e.ret.regulator_name}: {named(e)} ({e.period})"
        )
    ordered = sorted(returns.values(), key=lambda e: (e.ret.regulator_name, e.ret.name, e.ret.key))
    sections = [
        Section(
            month,
            "",
            (
                Table(
                    caption=f"Returns due in {month}, by day",
                    sheet="Calendar",
                    columns=("Due", "Returns due (regulator: return, the period it covers)"),
                    widths=(14, 120),
                    rows=tuple((date_text(day), "; ".join(due)) for day, due in days.items()),
                ),
            ),
        )
        for month, days in by_month.items()
    ]
    if not sections:
        sections.append(
            Section(
                None,
                "No return in the register is due from this organisation in these dates.",
                (),
            )
        )
    sections.append(
        Section(
            "The returns and their data items",
            f"Each return above once, with the data items it asks for; an item marked "
            f"{ASKED_TWICE_MARK} is asked of this organisation by another regulator too "
            "(listed next).",
            (
                Table(
                    caption="The data items each return asks for",
                    sheet="Returns",
                    columns=("Return", "Regulator", "How often", "Data items"),
                    widths=(30, 18, 12, 80),
                    rows=tuple(
                        (
                            named(e),
                            e.ret.regulator_name,
                            e.ret.rule.frequency.capitalize(),
                            "; ".join(
                                i.item.name + (ASKED_TWICE_MARK if i.duplicate else "")
                                for i in e.items
                            )
                            or DASH,
                        )
                        for e in ordered
                    ),
                    empty="No return is due in these dates.",
                ),
            ),
        )
    )
    by_regulators: dict[tuple[str, ...], list[str]] = {}
    for _, name, regs in cal.duplicate_items:
        by_regulators.setdefault(regs, []).append(name)
    sections.append(
        Section(
            "Data items asked for by more than one regulator",
            "The items marked above, grouped by the regulators asking each of them.",
            (
                Table(
                    caption="Data items asked of this organisation by more than one regulator",
                    sheet="Asked twice",
                    columns=("Regulators asking", "Data items"),
                    widths=(30, 110),
                    rows=tuple(
                        (", ".join(regs), "; ".join(names))
                        for regs, names in sorted(by_regulators.items())
                    ),
                    empty="No data item is asked of this organisation by more than one regulator.",
                ),
            ),
        )
    )
    whole = calendar_report(cal)
    return Report(
        slug=whole.slug,
        title=whole.title,
        intro=whole.intro,
        sections=tuple(sections),
        sources=whole.sources,
        label_sections=False,
        dated=whole.dated,
        facts=(
            ("Returns due", str(len(cal.entries))),
            ("Returns", str(len(returns))),
            ("Data items asked twice", str(len(cal.duplicate_items))),
        ),
    )


def duplicates_report(found: list[Duplicate], demo: bool) -> Report:
    rows = tuple(
        (
            d.item.name,
            ", ".join(d.regulators),
            # One line of text, not a list: an England-sized register's item is asked by
            # a dozen returns, and a list item for each makes its PDF slow to lay out.
            "; ".join(f"{a.regulator_name}: {a.return_name}" for a in d.askers),
        )
        for d in found
    )
    return Report(
        slug="data-items-asked-twice",
        title="Data items asked for by more than one regulator",
        intro=(
            "Each data item of the reporting-requirements register that more than one "
            "regulator asks for, with the returns asking it: evidence a partnership can take "
            "to the regulators for 'greater alignment of reporting requirements and sharing "
            "of data' (Integration technical pack, December 2017)." + (DEMO_INTRO if demo else "")
        ),
        sections=(
            Section(
                None,
                "",
                (
                    Table(
                        caption="Data items asked twice or more",
                        sheet="Asked twice",
                        columns=("Data item", "Regulators", "Returns asking it"),
                        widths=(40, 40, 70),
                        rows=rows,
                        empty="No data item in the register is asked for by more than one "
                        "regulator.",
                    ),
                ),
            ),
        ),
        sources=_sources_of_returns({a.return_key for d in found for a in d.askers}),
        label_sections=False,
    )


def report_html(report: Report) -> str:
    return render_to_string("commitments/report_print.jinja", {"report": report, "dash": DASH})


def report_pdf(report: Report) -> bytes:
    return html_pdf(report_html(report))
