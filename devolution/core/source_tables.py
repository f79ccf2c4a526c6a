"""Tables as the seeds give them (SourceTable, loaded from each area's data files), as a
report of devolution.core.reports: one section per table, each row the source's own words
with where in the source it stands."""

from collections.abc import Iterable, Sequence

from .models import Source, SourceTable, SourceTableRow
from .reports import Cell, Report, Section, Table, sources_of
from .selectors import source_table_list

WHERE = "Where in the source"


def source_name(source: Source) -> str:
    """A source as a person can follow it: its document's title, with who issued it and when
    (a board paper's file name or number means nothing to a reader)."""
    return source.title


def citation(row: SourceTableRow) -> str:
    return f"{source_name(row.source)}, {row.location}"


def _cell(value: object) -> Cell:
    """The source's words: one text, or its lines; a cell the source leaves empty is
    empty (nothing there), never "unknown"."""
    if value is None:
        return ""
    if isinstance(value, list):
        return tuple(str(line) for line in value)
    return str(value)


def source_table(table: SourceTable, *, caption: str = "") -> Table:
    """The table as its source gives it, with a last column citing each row."""
    rows = list(table.rows.all())
    columns = tuple(table.columns)
    widths = tuple(12 if n == 0 and len(columns) > 1 else 70 for n in range(len(columns)))
    return Table(
        caption=caption or table.title,
        sheet=table.key[:31],
        columns=(*columns, WHERE),
        widths=(*widths, 40),
        rows=tuple((*(_cell(c) for c in r.cells), citation(r)) for r in rows),
        empty="The source gives no rows for this table.",
        row_header=len(columns) > 1,  # the first cell names its row (a number, a level)
        print_widths=(*(8 if w == 12 else 40 for w in widths), 16),
    )


def source_tables_section(tables: Sequence[SourceTable], heading: bool) -> tuple[Section, ...]:
    return tuple(
        Section(
            heading=t.title if heading else None,
            intro=t.intro if heading else "",
            tables=(source_table(t, caption=f"{t.title} ({source_name(t.source)}, {t.location})"),),
        )
        for t in tables
    )


def table_source_ids(tables: Iterable[SourceTable]) -> list[int | None]:
    ids: list[int | None] = []
    for t in tables:
        ids.append(t.source_id)
        ids += [r.source_id for r in t.rows.all()]
    return ids


def source_tables_report(
    keys: Sequence[str],
    *,
    slug: str,
    title: str,
    intro: str,
    facts: tuple[tuple[str, str], ...] = (),
) -> Report:
    """The source tables of these keys as one report, each table a section."""
    tables = source_table_list(keys)
    return Report(
        slug=slug,
        title=title,
        intro=intro,
        sections=source_tables_section(tables, heading=len(tables) > 1),
        sources=sources_of(table_source_ids(tables)),
        section_label="Table",
        facts=facts,
    )
