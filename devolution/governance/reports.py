"""The governance reports of SPEC §15, each one structure shown three ways: as a page, as
a PDF (WeasyPrint, from an HTML template) and as a spreadsheet (openpyxl).

A `Report` holds sections of tables of plain values, so the three can never disagree:
gateway criteria (seed 004 §6.1's table) and governance progression (seed 000's
overview).
"""

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.template.loader import render_to_string

from devolution.core.models import Source
from devolution.core.reports import (
    DASH,
    Cell,
    Report,
    Section,
    Table,
    date_text,
    html_pdf,
    report_xlsx,
    sources_of,
)
from devolution.core.source_tables import source_tables_report
from devolution.partners import selectors as partner_selectors

from . import selectors
from .forms import power_label
from .models import Board, GatewayCriterion, Phase, PhaseMove

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

# The report's structure and its spreadsheet are devolution.core.reports', shared with
# every app's reports; named here too, as this module's callers know them.
__all__ = [
    "DASH",
    "Cell",
    "Report",
    "Section",
    "Table",
    "gateway_report",
    "progressing_governance_report",
    "progression_report",
    "report_html",
    "report_pdf",
    "report_xlsx",
    "spectrum_report",
]


def move_date(move: PhaseMove) -> str:
    """The resolution's date as precisely as the source gives it."""
    return date_text(move.resolution_date, move.date_precision)


def criterion_status(criterion: GatewayCriterion) -> str:
    """The normalised status the gateway's logic reads; an inferred one says so."""
    return criterion.status_label


def criterion_words(criterion: GatewayCriterion) -> str:
    """The status in the source's own words (seed 004 §6.1's "Status" column)."""
    return criterion.status_text or "The sources give none"


def criterion_note(criterion: GatewayCriterion) -> str:
    """The criterion's note, after the data set's reasoning where its status is inferred."""
    parts = [f"Inferred: {criterion.inferred_reason}"] if criterion.inferred else []
    return " ".join([*parts, criterion.note] if criterion.note else parts)


def _sources(
    ids: Iterable[int | None], known: Iterable[Source] | None = None
) -> tuple[tuple[str, str], ...]:
    """The sources of these ids, as (title, reference), in the sources' own order: read
    by their ids, not from every source the data set has."""
    wanted = list(ids)
    if known is None:
        known = sorted(partner_selectors.sources_by_id(wanted).values(), key=lambda s: s.key)
    return sources_of(wanted, known)


# ----------------------------------------------------------------------- gateway criteria

GATEWAY_COLUMNS = (
    "No.",
    "Criterion",
    "Status in the source's words",
    "Status for the gateway",
    "Owner",
    "Evidence",
    "Note",
)
GATEWAY_WIDTHS = (5, 60, 30, 16, 20, 40, 50)


def gateway_report(board_key: str, as_at: dt.date | None = None) -> Report:
    """The criteria of the gateway into the phase after the one the board was in as at
    `as_at` (from its dated phase history; for None, the day its partnership's data set
    describes, else today) (seed 004 §6.1). The criteria's statuses are as last
    recorded: their history is not kept."""
    board, day, phase, target, criteria = selectors.gateway_table_at(board_key, as_at)
    current = phase.name if phase else None
    if target is None:
        why = (
            f"{board.name} has no phases recorded."
            if board.phase_model_id is None
            else f"{board.name} was in its last phase ({current}) on {date_text(day)}: "
            "there is no gateway ahead."
        )
        return Report(
            slug=f"gateway-criteria-{board.key}",
            title=f"Gateway criteria: {board.name}",
            intro=why,
            sections=(),
            sources=_sources([board.source_id]),
            dated=date_text(day),
            facts=(("Phase as at", f"{date_text(day)}: {current or 'none recorded'}"),),
        )
    met = sum(1 for c in criteria if c.is_met)
    inferred = sum(1 for c in criteria if c.inferred)
    rows = tuple(
        (
            n,
            c.text,
            criterion_words(c),
            criterion_status(c),
            c.owner or None,
            c.evidence or None,
            criterion_note(c),  # no note is no note, not an unknown one
        )
        for n, c in enumerate(criteria, start=1)
    )
    table = Table(
        caption=f"Gateway criteria for {board.short_name or board.name} to enter {target.name}",
        sheet="Gateway criteria",
        columns=GATEWAY_COLUMNS,
        widths=GATEWAY_WIDTHS,
        rows=rows,
        empty="The sources give no criteria for this gateway.",
    )
    return Report(
        slug=f"gateway-criteria-{board.key}",
        title=f"Gateway criteria: {board.name} to {target.name}",
        intro=(
            f"What {board.name} must meet before it may move "
            + (f"from {current} " if current else "")
            + f"to {target.name}: {met} of {len(criteria)} criteria met. "
            + (
                f"The status of {inferred} is inferred by this data set, not stated in the "
                "sources, and is not counted as met. "
                if inferred
                else ""
            )
            + "Each status is given in the source's own words, beside the status the "
            "gateway reads. "
            "The board moves only by a resolution at one of its meetings, and only when "
            "every criterion is met."
        ),
        sections=(Section(None, "", (table,)),),
        sources=_sources([target.source_id, *(c.source_id for c in criteria)]),
        dated=date_text(day),
        facts=(
            ("Phase as at", f"{date_text(day)}: {current or 'none recorded'}"),
            ("Criteria", "each status as last recorded"),
        ),
    )


# -------------------------------------------------------------- governance progression

PHASE_COLUMNS = ("Order", "Phase", "What the board may do", "Current", "Gateway criteria")
PHASE_WIDTHS = (7, 32, 36, 16, 70)
MOVE_COLUMNS = ("Date", "From", "To", "Resolution", "Recorded by or source")
MOVE_WIDTHS = (16, 28, 28, 70, 40)


def _gateway_cell(phase: Phase) -> Cell:
    criteria = list(phase.criteria.all())
    if not criteria:
        return "None recorded"
    met = sum(1 for c in criteria if c.is_met)
    return (
        f"{met} of {len(criteria)} met",
        *(
            f"{c.text} {DASH} "
            + (f"{c.status_text} ({criterion_status(c)})" if c.status_text else criterion_status(c))
            for c in criteria
        ),
    )


def _recorded(move: PhaseMove, sources: dict[int, str]) -> Cell:
    if move.recorded_by_id is not None:
        return f"Recorded by {move.recorded_by}"
    return sources.get(move.source_id or 0)


def progression_report(partnership: "Partnership | None" = None) -> Report:
    """Each board of the partnership with a phase model: its phases in order with what it
    may do in each, the current one marked, its moves between phases and its gateways
    (seed 000)."""
    overview = selectors.progression_overview(partnership)
    titles = {
        pk: s.title
        for pk, s in partner_selectors.sources_by_id(
            m.source_id for row in overview for m in row["moves"]
        ).items()
    }
    sections = []
    source_ids: list[int | None] = []
    for row in overview:
        board: Board = row["board"]
        phases: list[Phase] = row["phases"]
        moves: list[PhaseMove] = row["moves"]
        names = {p.pk: p.name for p in phases}
        phase_rows = tuple(
            (
                p.order,
                p.name,
                tuple(power_label(k) for k in p.powers) or None,
                "Yes" if p.pk == board.current_phase_id else "",
                _gateway_cell(p),
            )
            for p in phases
        )
        move_rows = tuple(
            (
                move_date(m),
                names.get(m.from_phase_id or 0, DASH),
                names.get(m.to_phase_id, str(m.to_phase)),
                m.resolution,
                _recorded(m, titles),
            )
            for m in moves
        )
        current = board.current_phase.name if board.current_phase else "none recorded"
        short = board.short_name or board.name
        sections.append(
            Section(
                heading=board.name,
                intro=f"Current phase: {current}.",
                tables=(
                    Table(f"Phases of {short}", "Phases", PHASE_COLUMNS, PHASE_WIDTHS, phase_rows),
                    Table(
                        f"Moves between phases of {short}",
                        "History",
                        MOVE_COLUMNS,
                        MOVE_WIDTHS,
                        move_rows,
                        empty="No moves recorded.",
                    ),
                ),
            )
        )
        source_ids += [board.phase_model.source_id if board.phase_model else None]
        source_ids += [p.source_id for p in phases]
        source_ids += [c.source_id for p in phases for c in p.criteria.all()]
        source_ids += [m.source_id for m in moves]
    return Report(
        slug="governance-progression"
        + (f"-{partnership.key}" if partnership and not partnership.is_default else ""),
        title="Governance progression",
        intro=(
            "Each board "
            + (f"of {partnership.name} " if partnership else "")
            + "that progresses through phases: what it may do in each phase, "
            "where it is now, how it got there, and how far it is through the gateway "
            "criteria of each phase."
        ),
        sections=tuple(sections),
        sources=_sources(source_ids),
    )


# ------------------------------------------------- seed 000's and seed 001's own tables


def progressing_governance_report() -> Report:
    """Seed 000's two governance tables as the seed gives them: December 2015 against
    May 2017, and the further progression of each of the six parts of the governance."""
    return source_tables_report(
        ("progressing-governance", "further-governance-progression"),
        slug="progressing-governance-may-2017",
        title="Progressing governance, December 2015 to May 2017",
        intro=(
            "How London's health and care governance had moved on between December 2015 "
            "and May 2017, and how far each part of it could go while the MoU was awaited, "
            "in the words of the Strategic Partnership Board's paper of 24 May 2017."
        ),
    )


def spectrum_report() -> Report:
    """Seed 001's table of NHS England's devolution spectrum: each model, its definition
    and its governance devolution criteria."""
    return source_tables_report(
        ("devolution-spectrum",),
        slug="devolution-spectrum",
        title="NHS England's devolution spectrum",
        intro=(
            "The four ways NHS England describes of handing on one of its functions, from "
            "a seat at the table to a full transfer: what each means, who stays "
            "accountable, and what governance must be in place first, as NHS England's "
            "Integration: Technical pack (December 2017) gives them. Each "
            "arrangement in the register names its step on this spectrum."
        ),
    )


# ------------------------------------------------------------------------- the formats


def report_html(report: Report) -> str:
    """The HTML the PDF is made from: A4, with its own print stylesheet."""
    return render_to_string("governance/report_print.jinja", {"report": report})


def report_pdf(report: Report) -> bytes:
    """The PDF of the report. Its HTML names no other file, so WeasyPrint fetches none."""
    return html_pdf(report_html(report))


# ------------------------------------------------------------------------ rules catalogue


def rules_report() -> Report:
    """Every rule of the legal framework with its source, the joint-working matrix and
    NHS England's devolution spectrum: what a governance lawyer reviews."""
    from .forms import form_label, type_label
    from .legal import governance_data, pairings, rule_catalogue, spectrum_citation

    rules = Table(
        caption="Rules",
        sheet="Rules",
        columns=("Rule", "Rule in words", "Source", "Effect"),
        widths=(44, 80, 80, 24),
        rows=tuple(
            (
                r["title"],
                r["text"],
                tuple(
                    ("Inferred from: " if r.get("inferred") else "") + f"“{c.words()}” ({c.text()})"
                    for c in r["citations"]
                ),
                ("Refuses" if r["refuses"] else "Warns")
                + (" (inferred)" if r.get("inferred") else ""),
            )
            for r in rule_catalogue()
        ),
    )
    pairs = Table(
        caption="Joint working: the options the source lists between organisation types",
        sheet="Joint working",
        columns=("Between", "Options the source lists", "Not available", "Source"),
        widths=(34, 80, 50, 60),
        rows=tuple(
            (
                tuple(f"{type_label(a)} and {type_label(b)}" for a, b in p["types"]),
                tuple(
                    f"{form_label(o.form)}: “{o.source.words()}”"
                    + (f" ({o.source.statute})" if o.source.statute else "")
                    for o in p["options"]
                )
                or None,
                tuple(f"{form_label(c.form)}: {rule.title}" for c, rule in p["closed"]) or None,
                p["source"].text(),
            )
            for p in pairings()
        ),
    )
    spectrum = Table(
        caption="NHS England's devolution spectrum",
        sheet="Spectrum",
        columns=("Step", "Who is accountable", "Criteria to meet"),
        widths=(36, 70, 70),
        rows=tuple(
            (
                s["name"],
                s.get("accountability") or None,
                tuple(str(c) for c in s.get("criteria") or ()) or None,
            )
            for s in governance_data()["legal"]["spectrum"]
        ),
    )
    where = spectrum_citation()
    return Report(
        slug="legal-framework-rules",
        title="The legal framework: rules and their sources",
        intro="Every rule the arrangement checker applies, with its source, and the facts it "
        "reads: which forms of joint working are open between which organisation "
        "types, and NHS England's devolution spectrum.",
        sections=(
            Section(None, "", (rules,)),
            Section("Joint working", "", (pairs,)),
            Section("The devolution spectrum", "", (spectrum,)),
        ),
        sources=((f"{where.title} ({where.date})", ""),),
        section_label="Part",
    )
