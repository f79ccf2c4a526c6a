"""Capital's reference data, declared for the one loader (core.loading): the rule on
retaining a surplus asset's capital receipt (seed 000). The seeds give no business cases
and no disposals, so London loads none (a demo set is invented by demo.py)."""

from pathlib import Path

from devolution.core.loading import DataFile, Model, Ref, Value
from devolution.core.models import Source

from .models import RetentionWindow

DATA = Path(__file__).parent / "data"

RETENTION_WINDOWS = Model(
    "retention_windows",
    RetentionWindow,
    key=("valid_from",),
    what="capital receipt retention windows",
    fields=(
        Value("from", attr="valid_from", required=True, label="the day it takes effect"),
        Value("months", required=True),
        Value("runs_from", required=True),
        Value("note"),
        Ref("source", Source, required=True),
        Value("quote"),
    ),
)

LONDON = DataFile(DATA / "london.yaml", models=(RETENTION_WINDOWS,))
