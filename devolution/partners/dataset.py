"""The places and partners of a data set, declared for the one loader (core.loading)."""

from pathlib import Path

from devolution.core.loading import DataFile, Model, Ref, Row, Value
from devolution.core.models import Source

from .models import GlossaryTerm, Level, Organisation, Partnership, Place

DATA = Path(__file__).parent / "data"

SOURCE = Ref("source", Source, required=True)


def _population_needs_its_source(row: Row) -> list[tuple[str, str]]:
    if row.get("population") is not None and not row.get("population_source"):
        return [("population_source", "a population needs the source it comes from")]
    return []


def _describes_needs_its_source(row: Row) -> list[tuple[str, str]]:
    if row.get("describes") is not None and not row.get("describes_source"):
        return [("describes_source", "the day a data set describes needs its source")]
    return []


SOURCES = Model(
    "sources",
    Source,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Value("title", required=True),
        Value("kind", required=True, label="source kind"),
        Value("reference"),
    ),
)
LEVELS = Model(
    "levels",
    Level,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("rank", required=True),
        Value("description"),
        SOURCE,
    ),
)
PLACES = Model(
    "places",
    Place,
    key=("code",),
    required=True,
    fields=(
        Value("code", required=True),
        Value("scheme", required=True),
        Value("name", required=True),
        Ref("level", Level, required=True),
        Ref("parent", Place, by="code", label="parent"),
        Ref("comprises", Place, by="code", many=True, label="place"),
        Value("population"),
        Value("population_note"),
        Ref("population_source", Source),
        SOURCE,
    ),
    checks=(_population_needs_its_source,),
)
ORGANISATIONS = Model(
    "organisations",
    Organisation,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("short_name"),
        Value("type", required=True, label="organisation type"),
        Value("ods_code"),
        Value("gss_code"),
        Value("companies_house"),
        Value("charity_number"),
        Value("description"),
        Value("note"),
        Ref("serves", Place, by="code", many=True, label="place"),
        SOURCE,
    ),
)
PARTNERSHIPS = Model(
    "partnerships",
    Partnership,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("short_name"),
        Value("kind", required=True, label="partnership kind"),
        Value("description"),
        Ref("footprint", Place, by="code", many=True, label="place"),
        Ref("members", Organisation, many=True, label="organisation"),
        Value("is_default", read=lambda r: bool(r.get("is_default"))),
        Value("describes"),
        Ref("describes_source", Source, label="source"),
        SOURCE,
    ),
    checks=(_describes_needs_its_source,),
)

LONDON = DataFile(
    DATA / "london.yaml", models=(SOURCES, LEVELS, PLACES, ORGANISATIONS, PARTNERSHIPS)
)


GLOSSARY_TERMS = Model(
    "glossary",
    GlossaryTerm,
    key=("key",),
    required=True,
    what="glossary terms",
    fields=(
        Value("key", required=True),
        Value("abbreviation", required=True),
        Value("expansion", required=True),
        Value("meaning", required=True),
        SOURCE,
        Value("location", required=True, label="where in the source"),
        Value("quote"),
        Value("order", read=lambda r: r.position),
    ),
)
GLOSSARY = DataFile(DATA / "glossary.yaml", models=(GLOSSARY_TERMS,))
