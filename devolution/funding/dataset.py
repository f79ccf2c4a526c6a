"""Funds, the six assurances, NHS England's conditions for closing beds, the fair-share
guide and the partners' contributions, declared for the one loader (core.loading).

Loaded after places and partners, governance and meetings: funds name their board and
function, and a year's contributions the agenda item that set them out.
"""

from pathlib import Path
from typing import Any

from devolution.core.loading import DataFile, Model, Ref, Row, Value
from devolution.core.models import Source
from devolution.governance.models import Board, Function, GatewayCriterion
from devolution.meetings.models import AgendaItem
from devolution.partners.models import Level, Organisation, Partnership, Place

from .models import (
    Assurance,
    BedCondition,
    Category,
    CategoryYear,
    Contribution,
    ContributionYear,
    FairShareBasis,
    FrameworkGateway,
    Fund,
    FundYear,
)

DATA = Path(__file__).parent / "data"

SOURCE = Ref("source", Source, required=True)
QUOTE = Value("quote")


def _position(row: Row) -> Any:
    return row.position


def _item_key(row: Row) -> Any:
    """An agenda item is named as <meeting key>:<item key>."""
    value = row.get("item")
    return value.partition(":")[2] if isinstance(value, str) else value


def _item_meeting(row: Row) -> dict[str, Any] | None:
    value = row.get("item")
    return {"meeting__key": value.partition(":")[0]} if isinstance(value, str) else None


def _criterion_key(row: Row) -> Any:
    """A gateway criterion is named as <phase key>:<criterion key> of the board's phases."""
    value = row.get("criterion")
    return value.partition(":")[2] if isinstance(value, str) else value


def _criterion_phase(row: Row) -> dict[str, Any] | None:
    value, board = row.get("criterion"), row.get("board")
    if not isinstance(value, str) or not isinstance(board, str):
        return None
    return {"phase__key": value.partition(":")[0], "phase__model__boards__key": board}


CATEGORY_YEARS = Model(
    "years",
    CategoryYear,
    key=("category", "year"),
    parent="category",
    what="category years",
    fields=(
        Value("year", required=True, label="financial year"),
        Value("amount"),
        Value("amount_note"),
        Value("restrictions"),
        Ref("source", Source),
        QUOTE,
    ),
)
CATEGORIES = Model(
    "categories",
    Category,
    key=("fund", "key"),
    parent="fund",
    what="fund categories",
    children=(CATEGORY_YEARS,),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("order", read=_position),
        Value("restrictions"),
        Value("open_to_bids"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)
FUND_YEARS = Model(
    "years",
    FundYear,
    key=("fund", "year"),
    parent="fund",
    what="fund years",
    fields=(
        Value("year", required=True, label="financial year"),
        Value("amount"),
        Value("amount_note"),
        Ref("source", Source),
        QUOTE,
    ),
)
FAIR_SHARES = Model(
    "fair_shares",
    FairShareBasis,
    key=("fund", "level"),
    parent="fund",
    what="fair-share guides",
    fields=(
        Ref("level", Level, required=True),
        Value("description"),
        SOURCE,
        QUOTE,
    ),
)
FUNDS = Model(
    "funds",
    Fund,
    key=("key",),
    required=True,
    children=(FUND_YEARS, CATEGORIES, FAIR_SHARES),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Ref("partnership", Partnership, required=True),
        Value("kind", required=True, label="fund kind"),
        Ref("owner", Organisation),
        Ref("board", Board),
        Ref("function", Function),
        Value("amount"),
        Value("amount_note"),
        Ref("place", Place, by="code"),
        Value("description"),
        Value("note"),
        Value("order", read=_position),
        SOURCE,
        QUOTE,
    ),
)
ASSURANCES = Model(
    "assurances",
    Assurance,
    key=("partnership", "key"),
    required=True,
    fields=(
        Ref("partnership", Partnership, required=True),
        Value("key", required=True),
        Value("order", read=_position),
        Value("title", required=True),
        Value("words", required=True),
        Value("bed_rule"),
        SOURCE,
        QUOTE,
    ),
)
BED_CONDITIONS = Model(
    "bed_conditions",
    BedCondition,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Value("order", read=_position),
        Value("text", required=True),
        SOURCE,
        QUOTE,
    ),
)
CONTRIBUTION_ROWS = Model(
    "rows",
    Contribution,
    key=("year", "key"),
    parent="year",
    what="partner contributions",
    fields=(
        Value("key", required=True),
        Value("order", read=_position),
        Value("partner", required=True),
        Ref("organisations", Organisation, many=True),
        Ref("board", Board),
        Ref("via", Organisation),
        Value("amount"),
        Value("amount_text"),
        Value("in_kind"),
        Value("notes"),
        Value("prior_agreement"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)
CONTRIBUTIONS = Model(
    "contributions",
    ContributionYear,
    key=("partnership", "year"),
    what="contribution years",
    children=(CONTRIBUTION_ROWS,),
    fields=(
        Ref("partnership", Partnership, required=True),
        Value("year", required=True, label="financial year"),
        Value("title"),
        Value("stated_total"),
        Value("stated_total_text"),
        Value("planned_costs"),
        Value("planned_costs_note"),
        Value("later_note"),
        Value("later_note_date"),
        Ref("item", AgendaItem, read=_item_key, within=_item_meeting, label="agenda item"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)

FRAMEWORK_GATEWAY = Model(
    "framework_gateway",
    FrameworkGateway,
    key=("board", "criterion"),
    what="gateway criteria an investment framework meets",
    fields=(
        Ref("board", Board, required=True),
        Ref(
            "criterion",
            GatewayCriterion,
            required=True,
            read=_criterion_key,
            within=_criterion_phase,
            label="gateway criterion",
        ),
        Value("order", read=_position),
        SOURCE,
        QUOTE,
    ),
)

LONDON = DataFile(
    DATA / "london.yaml",
    models=(FUNDS, ASSURANCES, BED_CONDITIONS, CONTRIBUTIONS, FRAMEWORK_GATEWAY),
)
