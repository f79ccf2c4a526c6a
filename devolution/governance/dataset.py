"""Boards, phases, gateways, functions and arrangements, declared for the one loader.

The places and partners data set is loaded first: this one finds its places,
organisations, levels and sources by their keys.
"""

from pathlib import Path
from typing import Any

from devolution.core.dataset import SOURCE_TABLES
from devolution.core.loading import DataFile, Model, Ref, Row, Value
from devolution.core.models import Source
from devolution.partners.models import Level, Organisation, Partnership, Place

from .models import (
    Arrangement,
    Board,
    BoardChair,
    BoardMember,
    Function,
    GatewayCriterion,
    Phase,
    PhaseModel,
    PhaseMove,
    SeatRule,
)

DATA = Path(__file__).parent / "data"

SOURCE = Ref("source", Source, required=True)
QUOTE = Value("quote")


def _position(row: Row) -> Any:
    return row.position


def _edited_by_people(record: Any) -> bool:
    """A record people have changed since it was loaded keeps their change."""
    return bool(record.version > 1)


GATEWAY = Model(
    "gateway",
    GatewayCriterion,
    key=("phase", "key"),
    parent="phase",
    what="gateway criteria",
    kept=_edited_by_people,
    fields=(
        Value("key", required=True),
        Value("order", read=_position),
        Value("text", required=True),
        Value("status", required=True, label="criterion status"),
        Value("status_text"),
        Value("inferred"),
        Value("inferred_reason"),
        Value("owner"),
        Value("evidence"),
        Value("note"),
        Value("external_event"),
        SOURCE,
    ),
)
PHASES = Model(
    "phases",
    Phase,
    key=("model", "key"),
    parent="model",
    children=(GATEWAY,),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("order", read=lambda r: r.get("order") or r.position),
        Value("powers"),
        Value("description"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)
PHASE_MODELS = Model(
    "phase_models",
    PhaseModel,
    key=("key",),
    what="phase models",
    required=True,
    children=(PHASES,),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)

CHAIRS = Model(
    "chairs",
    BoardChair,
    key=("board", "title"),
    parent="board",
    fields=(
        Value("title", required=True),
        Ref("organisation", Organisation),
        Value("role", required=True, label="chair's role"),
    ),
)
SEATS = Model(
    "seats",
    SeatRule,
    key=("board", "label"),
    parent="board",
    what="seat rules",
    fields=(
        Value("label", required=True),
        Value("order", read=_position),
        Value("count"),
        Value("organisation_types"),
        Ref("organisation", Organisation),
        Ref("per_level", Level, label="level"),
        # A data set knows of a seat only what its sources say: unless a source says the
        # seat is filled (or vacant), who fills it is not in the sources.
        Value(
            "occupancy",
            read=lambda r: r.get("occupancy") or SeatRule.Occupancy.UNKNOWN,
            label="seat occupancy",
        ),
        Ref("occupancy_source", Source, label="source"),
        Value("occupancy_location"),
        Value("occupancy_quote"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)
# People a source names in a board's seats, who hold no account: their name and title as
# the source gives them, with where in it.
MEMBERS = Model(
    "members",
    BoardMember,
    key=("board", "name"),
    parent="board",
    what="named board members",
    fields=(
        Value("name", required=True),
        Value("title"),
        Ref(
            "seat",
            SeatRule,
            by="label",
            attr="seat_rule",
            required=True,
            label="seat",
            within=lambda r: {"board": r.parent},
        ),
        Ref("organisation", Organisation),
        Ref("place", Place, by="code", label="place"),
        Value("office"),
        SOURCE,
        Value("location", required=True, label="where in the source"),
        QUOTE,
    ),
)


def _board_phases(row: Row) -> dict[str, Any] | None:
    board = row.parent
    return {"model": board.phase_model} if board.phase_model_id else None


PHASE_HISTORY = Model(
    "phase_history",
    PhaseMove,
    key=("board", "to_phase", "resolution_date"),
    parent="board",
    what="phase moves",
    # A move in a board's history is a fact of its past: once recorded it is never rewritten.
    kept=lambda move: True,
    fields=(
        Ref("phase", Phase, attr="to_phase", required=True, within=_board_phases),
        Value("date", attr="resolution_date", required=True, label="date of the resolution"),
        Value("date_precision"),
        Value("resolution", required=True),
        Ref(
            "from_phase",
            Phase,
            read=lambda r: r.previous and r.previous.to_phase.key,
            within=_board_phases,
        ),
        Value(
            "direction",
            read=lambda r: (
                PhaseMove.Direction.INITIAL if r.previous is None else PhaseMove.Direction.FORWARD
            ),
        ),
        SOURCE,
        QUOTE,
    ),
)
BOARDS = Model(
    "boards",
    Board,
    key=("key",),
    required=True,
    children=(CHAIRS, SEATS, MEMBERS, PHASE_HISTORY),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("short_name"),
        Ref("footprint", Place, by="code", label="place"),
        Ref("partnership", Partnership, label="partnership"),
        Ref("reports_to", Board, label="board"),
        Value("status", read=lambda r: r.get("status") or Board.Status.ACTIVE),
        Value("legal_form"),
        Value("cadence"),
        Value("cadence_note"),
        Ref("phase_model", PhaseModel, label="phase model"),
        Ref(
            "current_phase",
            Phase,
            label="phase",
            within=lambda r: {"model__key": r.get("phase_model")},
            initial_only=True,  # after loading, a board changes phase only by resolution
        ),
        Value("terms_of_reference"),
        Ref("terms_of_reference_source", Source, label="source"),
        Value("inferred"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
    not_loaded={
        "reports_to_quote": "a board keeps one source and quote; this one, for its "
        "reporting line, is in the file only",
        "reports_to_source": "a board keeps one source and quote; this one, for its "
        "reporting line, is in the file only",
        "chairs_quote": "a board keeps one source and quote; this one, for its chairs, "
        "is in the file only",
    },
)
FUNCTIONS = Model(
    "functions",
    Function,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("original_holder_type"),
        Ref("original_holder", Organisation),
        Value("legal_basis"),
        Value("budget_amount"),
        Value("budget_note"),
        Value("delegable"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)
ARRANGEMENTS = Model(
    "arrangements",
    Arrangement,
    key=("key",),
    required=True,
    fields=(
        Value("key", required=True),
        Ref("function", Function, required=True),
        Ref("from_organisation", Organisation),
        Value("to_organisation_types"),
        Ref("to_organisations", Organisation, many=True),
        Ref("to_board", Board, label="board"),
        Value("form"),
        Value("spectrum_step"),
        Value("status", required=True, label="arrangement status"),
        Ref("level", Level),
        Value("case_for_level"),
        Value("all_parties_agree"),
        Value("inferred"),
        Value("note"),
        SOURCE,
        QUOTE,
    ),
)

LONDON = DataFile(
    DATA / "london.yaml",
    models=(PHASE_MODELS, BOARDS, FUNCTIONS, ARRANGEMENTS),
    not_loaded={
        "legal": "the legal framework is read from this file by the arrangement checker "
        "(governance.legal), not stored as records",
    },
)

# Seed 000's "Further governance progression" and "Progressing governance" tables, and
# seed 001's devolution spectrum with its definitions, as the seeds give them (source
# tables: core/dataset.py).
PROGRESSION = DataFile(DATA / "progression.yaml", models=(SOURCE_TABLES,))
SPECTRUM = DataFile(DATA / "spectrum.yaml", models=(SOURCE_TABLES,))
