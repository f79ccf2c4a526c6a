"""Dated, cited parameters, declared for the one loader: any area's data file may hold a
`parameters` list in this shape (e.g. commitments/data/parameters.yaml), and any a
`source_tables` list: tables as the seeds give them (e.g. governance/data/progression.yaml)."""

from .loading import Model, Ref, Row, Value
from .models import Parameter, ParameterValue, Source, SourceTable, SourceTableRow

VALUES = Model(
    "values",
    ParameterValue,
    key=("parameter", "effective_from"),
    parent="parameter",
    what="parameter values",
    fields=(
        Value("from", attr="effective_from", required=True, label="date it takes effect"),
        Value("value", required=True),
        Ref("source", Source, required=True),
        Value("quote"),
        Value("note"),
    ),
)
PARAMETERS = Model(
    "parameters",
    Parameter,
    key=("key",),
    required=True,
    children=(VALUES,),
    fields=(
        Value("key", required=True),
        Value("label", required=True),
        Value("unit", required=True),
        Value("description"),
    ),
)


# ------------------------------------------------------------------ a source's tables


def _cells_fit(row: Row) -> list[tuple[str, str]]:
    """Each cell is the source's words as one text, as lines (a list of texts), or null
    where the source leaves it empty; a row has one cell per column of its table."""
    cells = row.get("cells")
    if not isinstance(cells, list):
        return []  # the field's own check says "must be a list"
    problems = []
    for n, cell in enumerate(cells):
        if cell is None or isinstance(cell, str):
            continue
        if isinstance(cell, list) and all(isinstance(line, str) for line in cell):
            continue
        problems.append((f"cells[{n}]", "must be a text, a list of texts (lines) or null"))
    table = row.parent
    if table is not None and len(cells) != len(table.columns):
        problems.append(
            (
                "cells",
                f"has {len(cells)} cells but the table has {len(table.columns)} columns "
                f"({', '.join(table.columns)})",
            )
        )
    return problems


def _columns_fit(row: Row) -> list[tuple[str, str]]:
    columns = row.get("columns")
    if isinstance(columns, list) and columns and all(isinstance(c, str) for c in columns):
        return []
    return [("columns", "must be a list of the table's column headings (texts)")]


TABLE_ROWS = Model(
    "rows",
    SourceTableRow,
    key=("table", "key"),
    parent="table",
    what="source table rows",
    checks=(_cells_fit,),
    fields=(
        Value("key", required=True, label="row key"),
        Value("order", read=lambda r: r.position),
        Value("cells", required=True),
        Ref("source", Source, required=True),
        Value("location", required=True, label="slide, page or section"),
        Value("note"),
    ),
)
SOURCE_TABLES = Model(
    "source_tables",
    SourceTable,
    key=("key",),
    required=True,
    what="source tables",
    children=(TABLE_ROWS,),
    checks=(_columns_fit,),
    fields=(
        Value("key", required=True),
        Value("title", required=True),
        Value("columns", required=True),
        Value("intro"),
        Ref("source", Source, required=True),
        Value("location", required=True, label="slide, page or section"),
        Value("note"),
    ),
)
