"""Dated, cited parameters, declared for the one loader: any area's data file may hold a
`parameters` list in this shape (e.g. commitments/data/parameters.yaml)."""

from .loading import Model, Ref, Value
from .models import Parameter, ParameterValue, Source

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
