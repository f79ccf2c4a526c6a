"""The commitments reports of SPEC §15, each one structure shown three ways: as a page, as
a PDF and as a spreadsheet (devolution.core.reports).

- progress against MoU themes: seed 000's table, one row per commitment with progress
  reported, from its latest update;
- a board's work programme: seed 004 Annex A's grid, areas down, meetings across;
- commitments by owner and by accountable board, with their flags (SPEC §6).
"""

import datetime as dt
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from devolution.core.models import Source
from devolution.core.parameters import parameter_values, shown
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
from devolution.core.selectors import source_table_list
from devolution.core.source_tables import (
    source_name,
    source_tables_report,
    source_tables_section,
    table_source_ids,
)
from devolution.governance.models import Board
from devolution.partners.as_at import as_at_default
from devolution.partners.models import Organisation, Partnership

from . import selectors
from .models import Commitment, Milestone, Theme, WorkItem

__all__ = [
    "NO_BOARD",
    "NO_OWNER",
    "by_board_report",
    "by_owner_report",
    "opportunities_report",
    "pledges_report",
    "progress_report",
    "report_html",
    "report_pdf",
    "report_xlsx",
    "work_programme_report",
]

NO_OWNER = "Owner not recorded in the sources"
NO_BOARD = "Board not recorded in the sources"


def lines(text: str) -> Cell:
    """Text kept one line per bullet, as seed 000's cells are: one line is plain text,
    several are a list, none is an empty cell."""
    parts = tuple(p.strip() for p in (text or "").splitlines() if p.strip())
    if not parts:
        return ""
    return parts[0] if len(parts) == 1 else parts


def _seed_name(source: Source | None) -> str | None:
    """A source by its document's title, with who issued it and when."""
    return source_name(source) if source is not None else None


def _detail(reference: str) -> str:
    return reverse("commitments:commitment-detail", args=[reference])


def _sources(ids: Iterable[int | None]) -> tuple[tuple[str, str], ...]:
    """The sources of these ids only: reading every source of the country to name a
    partnership's few would grow with the country."""
    wanted = {i for i in ids if i is not None}
    return sources_of(wanted, Source.objects.filter(pk__in=wanted))


def _whose(partnership: Partnership | None) -> tuple[tuple[str, str], ...]:
    """The fact that says whose commitments a report shows (none where all are shown)."""
    return (("Partnership", partnership.name),) if partnership is not None else ()


# ---------------------------------------------------------------- progress (seed 000)

PROGRESS_COLUMNS = (
    "MoU theme",
    "Progress to date",
    "Available next steps",
    "Challenges facing further implementation",
)
PROGRESS_WIDTHS = (30, 60, 55, 75)
PROGRESS_PRINT = (16, 28, 24, 32)
ROW_SOURCE_COLUMNS = ("Reference", "MoU theme", "Update of", "Reported by", "Source")
ROW_SOURCE_WIDTHS = (14, 40, 16, 30, 24)


def progress_report(
    as_of: dt.date | None = None, *, partnership: Partnership | None = None
) -> Report:
    """Progress against MoU themes (seed 000): each of the partnership's commitments with
    progress reported by `as_of` (or ever), by theme, with its latest update's three
    columns."""
    rows = selectors.progress_report_rows(partnership=partnership, as_of=as_of)
    reported = [(r["commitment"], r["update"]) for r in rows if r["update"] is not None]
    sources = {
        s.pk: s
        for s in Source.objects.filter(
            pk__in={u.source_id or c.source_id for c, u in reported} - {None}
        )
    }
    table_rows: list[tuple[Cell, ...]] = []
    where: list[tuple[Cell, ...]] = []
    source_ids: list[int | None] = []
    for c, u in reported:
        theme = c.theme.name if c.theme else None
        table_rows.append(
            (theme, lines(u.progress_to_date), lines(u.next_steps), lines(u.challenges))
        )
        source_id = u.source_id or c.source_id
        source_ids.append(source_id)
        by = u.author_organisation or u.author
        where.append(
            (
                c.reference,
                theme,
                date_text(u.date),
                str(by) if by else "Not recorded in the sources",
                _seed_name(sources.get(source_id)),
            )
        )
    latest = max((u.date for _, u in reported), default=None)
    if as_of is not None:
        dated = date_text(as_of)
    elif latest is not None:
        dated = date_text(latest)
    else:
        dated = ""
    total = selectors.commitment_count(partnership)
    table = Table(
        caption="Progress against MoU themes",
        sheet="MoU progress",
        columns=PROGRESS_COLUMNS,
        widths=PROGRESS_WIDTHS,
        rows=tuple(table_rows),
        empty=(
            f"No progress was reported by {date_text(as_of)}."
            if as_of
            else "No progress has been reported."
        ),
        links=tuple(_detail(c.reference) for c, _ in reported),
        print_widths=PROGRESS_PRINT,
    )
    where_table = Table(
        caption="Where each row comes from",
        sheet="Row sources",
        columns=ROW_SOURCE_COLUMNS,
        widths=ROW_SOURCE_WIDTHS,
        rows=tuple(where),
        empty="No rows.",
        links=tuple(_detail(c.reference) for c, _ in reported),
    )
    return Report(
        slug=f"mou-progress-as-at-{as_of:%Y-%m-%d}" if as_of else "mou-progress",
        title="Overview of progress against MoU themes",
        intro=(
            "Each commitment with progress reported"
            + (f" by {date_text(as_of)}" if as_of else "")
            + ", in the order of its MoU theme, from its latest progress update: the "
            "progress to date, the next steps available, and the challenges facing further "
            "implementation."
        ),
        sections=(Section(None, "", (table, where_table)),),
        sources=sources_of(source_ids, sources.values()),
        dated=dated,
        facts=(
            *_whose(partnership),
            ("Progress as at", dated or "no progress reported"),
            ("Latest update reported", date_text(latest) if latest else "none"),
            ("Commitments", f"{len(reported)} with progress reported, of {total}"),
        ),
    )


# ----------------------------------------------------------- work programme (seed 004)

ITEM_COLUMNS = ("Meeting", "Area", "Item", "Kind", "Status", "Links to")
ITEM_WIDTHS = (22, 16, 60, 14, 28, 50)
ITEM_PRINT = (15, 11, 34, 10, 14, 26)
MISSED = "Missed: still planned, its meeting past"
ITEM_KINDS = {
    "report": "Report",
    "update": "Update",
    "decision": "Decision",
    "milestone": "Milestone",
    "gateway_move": "Gateway move",
}


def _item_title(item: WorkItem) -> str:
    if item.status == WorkItem.Status.PLANNED:
        return item.title
    return f"{item.title} ({item.get_status_display().lower()})"


def _item_links(item: WorkItem) -> Cell:
    links = []
    if item.commitment:
        links.append(f"Commitment {item.commitment.reference}")
    if item.board_link:
        links.append(f"Board: {item.board_link.short_name or item.board_link.name}")
    if item.gateway_criterion:
        links.append(f"Gateway criterion: {item.gateway_criterion.text}")
    if item.carried_from:
        links.append(f"Carried forward from {item.carried_from.meeting.label}")
    return tuple(links)


def work_programme_report(board_key: str, as_at: dt.date | None = None) -> Report:
    """A board's forward plan (seed 004 Annex A) as at `as_at` (for None, the day its
    partnership's data set describes, else today): its areas down, its meetings across
    and the items in the cells; then each item with what it links to, those of meetings
    past by then and still planned marked missed."""
    programme = selectors.work_programme_get(board_key)
    today = as_at or as_at_default(programme.board.partnership)
    grid = selectors.work_programme_grid(programme, today)
    board = programme.board
    short = board.short_name or board.name
    meetings = grid["meetings"]
    missed = {item.pk for item in grid["missed"]}
    grid_rows = tuple(
        (row["area"], *(tuple(_item_title(i) for i in cell) for cell in row["cells"]))
        for row in grid["rows"]
    )
    grid_table = Table(
        caption=f"Work programme of {short}: areas against meetings",
        sheet="Work programme",
        columns=("Area", *(m.label for m in meetings)),
        widths=(16, *(34 for _ in meetings)),
        rows=grid_rows,
        empty="No meetings are planned.",
        row_header=True,
        print_widths=(14, *(20 for _ in meetings)),
    )
    items = [i for row in grid["rows"] for cell in row["cells"] for i in cell]
    order = {m.pk: n for n, m in enumerate(meetings)}
    items.sort(key=lambda i: order.get(i.meeting_id, len(order)))
    item_rows = tuple(
        (
            date_text(i.meeting.date, i.meeting.date_precision),
            i.area,
            i.title,
            ITEM_KINDS.get(i.kind, i.kind) or None,
            MISSED if i.pk in missed else str(i.get_status_display()),
            _item_links(i),
        )
        for i in items
    )
    item_table = Table(
        caption=f"Items of the work programme of {short}",
        sheet="Items",
        columns=ITEM_COLUMNS,
        widths=ITEM_WIDTHS,
        rows=item_rows,
        print_widths=ITEM_PRINT,
        empty="No items are scheduled.",
    )
    presented_to = programme.presented_to.name if programme.presented_to else None
    presented_on = date_text(programme.presented_on) if programme.presented_on else None
    presented = ""
    if presented_to:
        presented = f" It is presented to the {presented_to}" + (
            f" on {presented_on}." if presented_on else "."
        )
    return Report(
        slug=f"work-programme-{board.key}",
        title=f"Work programme: {board.name}",
        intro=(
            f"The forward plan of the {board.name}: {len(items)} "
            f"item{'s' if len(items) != 1 else ''} scheduled against {len(meetings)} "
            f"meeting{'s' if len(meetings) != 1 else ''}, by area.{presented}"
            + (
                f" {len(missed)} item{'s' if len(missed) != 1 else ''} of meetings past by "
                f"{date_text(today)} "
                f"{'are' if len(missed) != 1 else 'is'} still planned: each must be taken "
                "or carried forward."
                if missed
                else ""
            )
        ),
        sections=(Section(None, "", (grid_table, item_table)),),
        sources=_sources([programme.source_id, *(i.source_id for i in items)]),
        dated=date_text(today),
        facts=(
            ("Board", board.name),
            ("Presented to", presented_to or "Not recorded in the sources"),
            ("Presented on", presented_on or "Not recorded in the sources"),
            (
                "Meetings",
                "; ".join(f"{m.label}: {date_text(m.date, m.date_precision)}" for m in meetings)
                or "None planned",
            ),
            ("Items", str(len(items))),
        ),
    )


# ------------------------------------------------------- commitments by owner and board

FLAG_COLUMNS = (
    "Status",
    "RAG",
    "Blocked by",
    "Overdue milestones",
    "Stale update",
    "Last updated",
)
FLAG_WIDTHS = (12, 10, 36, 44, 30, 16)
FLAG_PRINT = (8, 6, 15, 22, 12, 9)  # relative widths across an A4 landscape page
OWNER_COLUMNS = ("Reference", "Commitment", "Role", "Theme", "Accountable board", *FLAG_COLUMNS)
OWNER_WIDTHS = (14, 70, 11, 30, 24, *FLAG_WIDTHS)
OWNER_PRINT = (10, 25, 9, 14, 11, *FLAG_PRINT)
BOARD_COLUMNS = ("Reference", "Commitment", "Theme", "Lead owner", *FLAG_COLUMNS)
BOARD_WIDTHS = (14, 70, 30, 24, *FLAG_WIDTHS)
BOARD_PRINT = (10, 28, 15, 14, *FLAG_PRINT)


def _flag_cells(c: Commitment, today: dt.date) -> tuple[Cell, ...]:
    """Status, RAG, the day of the latest update and the flags of SPEC §6 (blocked and by
    what, overdue milestones with their due dates, a stale update and why), all as at
    `today`. Needs `commitment_list`'s prefetches, read as at `today`."""
    flags = selectors.commitment_flags(c, today)
    status, rag = selectors.rating_of(c)
    late = {(m.title, m.due) for m in flags.overdue}
    overdue: list[Milestone] = [
        m
        for m in c.milestones.all()
        if (m.title, m.due) in late and not selectors.milestone_fact(m, today).done
    ]
    return (
        STATUS_LABELS.get(status, "Not recorded"),
        RAG_LABELS.get(rag, "Not rated"),
        flags.blocked_by,
        tuple(f"{m.title} (due {date_text(m.due, m.date_precision)})" for m in overdue),
        flags.stale[:1].upper() + flags.stale[1:] if flags.stale else "",
        date_text(flags.latest.date) if flags.latest else "No update",
    )


STATUS_LABELS = {k: str(v) for k, v in Commitment.Status.choices}
RAG_LABELS = {k: str(v) for k, v in Commitment.Rag.choices}


def _board_name(board: Board | None) -> str | None:
    return (board.short_name or board.name) if board else None


def _grouped(
    groups: Iterable[tuple[str, str, tuple[tuple[Cell, ...], ...], tuple[str, ...]]],
    columns: tuple[str, ...],
    widths: tuple[tuple[int, ...], tuple[int, ...]],
    sheet: str,
) -> tuple[Section, ...]:
    """A section for each group (name, intro, rows, links), its table on one sheet.
    `widths`: the spreadsheet's and the printed page's."""
    return tuple(
        Section(
            heading=name,
            intro=intro,
            tables=(
                Table(
                    caption=f"Commitments: {name}",
                    sheet=sheet,
                    columns=columns,
                    widths=widths[0],
                    rows=rows,
                    links=links,
                    print_widths=widths[1],
                ),
            ),
        )
        for name, intro, rows, links in groups
    )


def _count(n: int, what: str = "commitment") -> str:
    return f"{n} {what}{'s' if n != 1 else ''}"


def by_owner_report(partnership: Partnership | None = None, as_at: dt.date | None = None) -> Report:
    """Each of the partnership's commitments under each organisation that leads or
    supports it; those with no lead owner recorded under their own heading, last."""
    today = as_at or timezone.localdate()
    commitments = list(selectors.commitment_list(partnership=partnership, as_at=today))
    owners: dict[int, Organisation] = {}
    held: dict[int, list[tuple[Commitment, str]]] = {}
    unowned: list[Commitment] = []
    for c in commitments:
        if c.lead_owner is not None:
            owners[c.lead_owner.pk] = c.lead_owner
            held.setdefault(c.lead_owner.pk, []).append((c, "Lead"))
        else:
            unowned.append(c)
        for org in c.supporting.all():
            if org.pk != c.lead_owner_id:
                owners[org.pk] = org
                held.setdefault(org.pk, []).append((c, "Supporting"))
    groups = []
    for org in sorted(owners.values(), key=lambda o: o.name.casefold()):
        pairs = held[org.pk]
        leads = sum(1 for _, role in pairs if role == "Lead")
        groups.append(
            (
                org.name,
                f"{_count(len(pairs))}: leads {leads}, supports {len(pairs) - leads}.",
                tuple(
                    (
                        c.reference,
                        c.text,
                        role,
                        c.theme.name if c.theme else None,
                        _board_name(c.board),
                        *_flag_cells(c, today),
                    )
                    for c, role in pairs
                ),
                tuple(_detail(c.reference) for c, _ in pairs),
            )
        )
    if unowned:
        groups.append(
            (
                NO_OWNER,
                f"{_count(len(unowned))} with no lead owner recorded in the sources"
                " (a supporting partner, where recorded, is named in the Role column "
                "of its own heading).",
                tuple(
                    (
                        c.reference,
                        c.text,
                        "",
                        c.theme.name if c.theme else None,
                        _board_name(c.board),
                        *_flag_cells(c, today),
                    )
                    for c in unowned
                ),
                tuple(_detail(c.reference) for c in unowned),
            )
        )
    return Report(
        slug="commitments-by-owner",
        title="Commitments by owner",
        intro=(
            "Each MoU commitment under the organisation that leads it (its commitment "
            "owner) and under each partner supporting it, with its status, rating and "
            f"flags: blocked and by what, overdue milestones, and updates older than the "
            f"accountable board's cadence. {_count(len(commitments))}; "
            f"{_count(len(owners), 'owner')} recorded."
        ),
        sections=_grouped(
            groups, OWNER_COLUMNS, (OWNER_WIDTHS, OWNER_PRINT), "Commitments by owner"
        ),
        sources=_sources(c.source_id for c in commitments),
        section_label="Owner",
        label_sections=True,
        dated=date_text(today),
        facts=(
            *_whose(partnership),
            ("As at", date_text(today)),
            ("Commitments", str(len(commitments))),
            ("Without a recorded lead owner", str(len(unowned))),
        ),
    )


def by_board_report(partnership: Partnership | None = None, as_at: dt.date | None = None) -> Report:
    """Each of the partnership's commitments under the board accountable for it; those
    with none recorded under their own heading, last."""
    today = as_at or timezone.localdate()
    commitments = list(selectors.commitment_list(partnership=partnership, as_at=today))
    boards: dict[int, Board] = {}
    held: dict[int, list[Commitment]] = {}
    unheld: list[Commitment] = []
    for c in commitments:
        if c.board is None:
            unheld.append(c)
        else:
            boards[c.board.pk] = c.board
            held.setdefault(c.board.pk, []).append(c)
    groups = []
    for board in sorted(boards.values(), key=lambda b: b.name.casefold()):
        rows = held[board.pk]
        groups.append((board.name, f"{_count(len(rows))}.", rows))
    if unheld:
        groups.append(
            (NO_BOARD, f"{_count(len(unheld))} with no accountable board recorded.", unheld)
        )
    return Report(
        slug="commitments-by-board",
        title="Commitments by board",
        intro=(
            "Each MoU commitment under the board accountable for it, with its lead owner, "
            "status, rating and flags: blocked and by what, overdue milestones, and updates "
            f"older than the board's cadence. {_count(len(commitments))}; "
            f"{_count(len(boards), 'board')} accountable."
        ),
        sections=_grouped(
            (
                (
                    name,
                    intro,
                    tuple(
                        (
                            c.reference,
                            c.text,
                            c.theme.name if c.theme else None,
                            c.lead_owner.name if c.lead_owner else NO_OWNER,
                            *_flag_cells(c, today),
                        )
                        for c in rows
                    ),
                    tuple(_detail(c.reference) for c in rows),
                )
                for name, intro, rows in groups
            ),
            BOARD_COLUMNS,
            (BOARD_WIDTHS, BOARD_PRINT),
            "Commitments by board",
        ),
        sources=_sources(c.source_id for c in commitments),
        section_label="Board",
        label_sections=True,
        dated=date_text(today),
        facts=(
            *_whose(partnership),
            ("As at", date_text(today)),
            ("Commitments", str(len(commitments))),
            ("Without a recorded board", str(len(unheld))),
        ),
    )


# ---------------------------------------------- seed 004 §5's opportunities, the pledges


def opportunities_report() -> Report:
    """Seed 004 §5's opportunities, paragraph by paragraph, under the MoU themes the seed
    files them under, in the seed's words."""
    return source_tables_report(
        ("spb-opportunities",),
        slug="spb-opportunities",
        title="Opportunities the Strategic Partnership Board focuses on",
        intro=(
            "The opportunities the Strategic Partnership Board chose, in March 2018, to "
            "focus on for the coming year, under the themes of the devolution MoU, and "
            "what London will gain from them, in the words of the Board's paper of 22 March "
            "2018, section 5. Its work programme schedules the work against its meetings."
        ),
    )


PLEDGES = "mou-pledges"
PLEDGE_COLUMNS = ("Counted by", "Commitments in this data set")


def pledges_report(partnership: Partnership | None = None) -> Report:
    """The MoU's pledges as the seeds state them (their count, a cited parameter, and the
    seeds' sentences), set against the commitments the partnership holds, counted by
    the database by theme and by paper."""
    values = parameter_values(PLEDGES)
    pledges = values[-1] if values else None
    stated = shown(pledges.value) if pledges else None
    stated_in = pledges.source if pledges else None  # the source's title
    themes = {t.pk: t for t in Theme.objects.all()}
    counted_themes = selectors.commitment_counts_by(partnership, "theme")
    held = sum(n for _, n in counted_themes)
    against = (
        f"{held}, against the {stated} pledges"
        if stated
        else f"{held}; the pledges' count is unknown"
    )
    by_theme: dict[str, int] = {}
    for theme_id, n in sorted(
        counted_themes,
        key=lambda tn: (
            (themes[tn[0]].order, themes[tn[0]].name) if tn[0] in themes else (1 << 16, "")
        ),
    ):
        theme = themes.get(theme_id)
        name = theme.name if theme else "Theme not recorded in the sources"
        by_theme[name] = by_theme.get(name, 0) + n
    counted_sources = selectors.commitment_counts_by(partnership, "source")
    papers = {s.pk: s for s in Source.objects.filter(pk__in=[pk for pk, _ in counted_sources])}
    by_source: dict[str, int] = {}
    for source_id, n in sorted(counted_sources, key=lambda sn: papers[sn[0]].key):
        name = _seed_name(papers[source_id]) or ""
        by_source[name] = by_source.get(name, 0) + n
    tables = source_table_list((PLEDGES,))
    counts = Section(
        heading="Commitments in this data set",
        intro=(
            f"This data set holds {held} commitments against the MoU's "
            f"{stated or 'unknown number of'} pledges. The board papers give the number of "
            "pledges but not their list, so a commitment here is what a paper says London "
            "will do, and cannot be matched one for one to a pledge of the MoU."
        ),
        tables=(
            Table(
                caption="Commitments in this data set, by MoU theme",
                sheet="By theme",
                columns=("MoU theme", "Commitments"),
                widths=(70, 14),
                rows=(*tuple(by_theme.items()), ("All themes", held)),
            ),
            Table(
                caption="Commitments in this data set, by the paper they come from",
                sheet="By paper",
                columns=("Board paper", "Commitments"),
                widths=(90, 14),
                rows=(*tuple(by_source.items()), ("All papers", held)),
            ),
        ),
    )
    pledge_source = (
        list(Source.objects.filter(title=pledges.source).values_list("pk", flat=True))
        if pledges
        else []
    )
    return Report(
        slug="mou-pledges",
        title="The MoU's pledges and the commitments held",
        intro=(
            "How many pledges the London Health and Care Devolution MoU holds, as the "
            "board papers state it, and how many commitments this data set holds against "
            "them."
        ),
        sections=(
            *source_tables_section(tables, heading=False),
            counts,
        ),
        sources=_sources([*pledge_source, *table_source_ids(tables), *papers]),
        section_label="Part",
        label_sections=False,
        facts=(
            *_whose(partnership),
            ("Pledges in the MoU", f"{stated} ({stated_in})" if stated else "unknown"),
            ("Commitments in this data set", against),
        ),
    )


# ------------------------------------------------------------------------- the formats


def report_html(report: Report) -> str:
    """The HTML the PDF is made from: A4, with its own print stylesheet."""
    return render_to_string("commitments/report_print.jinja", {"report": report, "dash": DASH})


def report_pdf(report: Report) -> bytes:
    return html_pdf(report_html(report))
