"""Regulation's reference data, declared for the one loader (core.loading): seed 001's
regulator matrix cell by cell and its timeline. The seeds name no return, so London
loads no reporting requirement (a demo set is invented by demo.py)."""

from pathlib import Path

from devolution.core.loading import DataFile, Model, Ref, Value
from devolution.core.models import Source
from devolution.partners.models import Organisation

from .models import MatrixCell, MatrixColumn, Regulator, TimelineEntry

DATA = Path(__file__).parent / "data"

REGULATORS = Model(
    "regulators",
    Regulator,
    key=("key",),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("short_name"),
        Ref("organisation", Organisation, label="organisation"),
        Value("order"),
        Ref("source", Source, required=True),
        Value("quote"),
    ),
)
MATRIX_COLUMNS = Model(
    "matrix_columns",
    MatrixColumn,
    key=("key",),
    what="regulator matrix columns",
    fields=(
        Value("key", required=True),
        Value("table", required=True),
        Value("label", required=True),
        Value("organisation_types"),
        Value("order"),
        Ref("source", Source, required=True),
    ),
)
MATRIX_CELLS = Model(
    "matrix_cells",
    MatrixCell,
    key=("regulator", "column"),
    what="regulator matrix cells",
    fields=(
        Ref("regulator", Regulator, required=True),
        Ref("column", MatrixColumn, required=True),
        Value("covered", required=True),
        Value("qualification"),
        Ref("source", Source, required=True),
        Value("quote"),
    ),
)
TIMELINE = Model(
    "timeline",
    TimelineEntry,
    key=("key",),
    what="regulation timeline entries",
    fields=(
        Value("key", required=True),
        Value("date", required=True),
        Value("date_precision", required=True),
        Value("title", required=True),
        Ref("regulators", Regulator, many=True, label="regulator"),
        Ref("source", Source, required=True),
        Value("quote", required=True),
        Value("cites"),
    ),
)

LONDON = DataFile(DATA / "london.yaml", models=(REGULATORS, MATRIX_COLUMNS, MATRIX_CELLS, TIMELINE))
