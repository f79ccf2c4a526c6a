"""London's meetings and decisions as the seeds record them, declared for the one loader.

Historical decisions are recorded as the seeds give them (outcome and source); their
phase moves are already in the boards' histories.
"""

from pathlib import Path
from typing import Any

from devolution.commitments.models import Commitment
from devolution.core.dataset import SOURCE_TABLES
from devolution.core.loading import DataFile, Model, Ref, Row, Value
from devolution.core.models import Source
from devolution.governance.models import Board, Function, Phase

from .models import AgendaItem, Decision, Meeting, Paper

DATA = Path(__file__).parent / "data"

NO_MODEL = "no record holds this yet; it stays in the file"


def _item_source(row: Row) -> Any:
    """A paper or decision cites its item's source unless the seed gives one of its own."""
    return row.get("outcome_source") or row.parent_data.get("source")


def _authors(row: Row) -> Any:
    authors = row.get("author")
    return "; ".join(authors) if isinstance(authors, list) else authors


PAPER = Model(
    "paper",
    Paper,
    key=("item", "title"),
    parent="item",
    what="papers",
    single=True,
    fields=(
        Value("title", required=True),
        # Several authors are a list in the file, each as the seed names them.
        Value("author", read=_authors),
        Value("date_completed"),
        Value("purpose"),
        Value("executive_summary"),
        Value("action_required"),
        Ref("source", Source, read=_item_source),
        Value("source_file", attr="quote"),
    ),
    not_loaded={"author_organisations": "the organisations behind the paper: " + NO_MODEL},
)
DECISION = Model(
    "decision",
    Decision,
    key=("item",),
    parent="item",
    what="decisions",
    single=True,
    when=lambda decision: bool(decision.get("outcome")),
    read_by_parent=("asked", "function"),
    not_loaded={"note": "a note for the data's maintainers, never the decision's text"},
    fields=(
        Value("outcome", required=True, label="decision outcome"),
        Value("how", label="how the decision was reached"),
        # `text` is the decision as minuted; the seeds give no minutes, so it stays empty.
        Value("text"),
        Value("binding"),
        Ref("outcome_source", Source, attr="source", read=_item_source),
        Value(
            "outcome_quote",
            attr="quote",
            read=lambda r: r.get("outcome_quote") or r.parent_data.get("quote"),
        ),
    ),
)
ITEMS = Model(
    "items",
    AgendaItem,
    key=("meeting", "key"),
    parent="meeting",
    what="agenda items",
    children=(PAPER, DECISION),
    fields=(
        Value("key", required=True),
        Value("order", read=lambda r: r.position),
        Value("title", required=True),
        Value("purpose", label="item purpose"),
        Value("decision.asked", attr="recommendation"),
        Value("note"),
        Value("presenter"),
        Value("public", read=lambda r: r.data.get("public", True) is not False),
        Ref("decision.function", Function, attr="function"),
        Ref(
            "gateway_move.to_phase",
            Phase,
            attr="gateway_phase",
            within=lambda r: {"model__boards__key": r.get("gateway_move.board")},
        ),
        Ref("commitments", Commitment, by="reference", many=True),
        Ref("source", Source),
        Value("quote"),
    ),
    not_loaded={
        "basis": "what the item rests on, in the seed's words: " + NO_MODEL,
        "board_link": "the board an item concerns: " + NO_MODEL,
        "gateway_criteria": "the gateway criteria an item reviews: " + NO_MODEL,
        "implementation_plans": "the implementation plans an item concerns: " + NO_MODEL,
        "later_note": "what a later seed says of the item: " + NO_MODEL,
        "opportunities": "the seed 004 §5 opportunities an item concerns: " + NO_MODEL,
        "questions": "the questions put to the board: " + NO_MODEL,
        "related_papers": "papers the item refers to: " + NO_MODEL,
        "work_programme_item": "the work programme item taken: " + NO_MODEL,
    },
)
MEETINGS = Model(
    "meetings",
    Meeting,
    key=("key",),
    children=(ITEMS,),
    fields=(
        Value("key", required=True),
        Ref("board", Board, required=True),
        Value("date", required=True),
        Value("date_precision"),
        Value("place"),
        Value("status", required=True, label="meeting status"),
        Value("note"),
        Ref("source", Source),
        Value("quote"),
    ),
    not_loaded={
        "form": "whether the meeting was in shadow form: " + NO_MODEL,
        "attendance": "the seeds name no attendees; people's attendance is recorded at the meeting",
        "apologies": "the seeds name no apologies; they are recorded at the meeting",
        "status_source": "a meeting keeps one source and quote; this one, for its status, "
        "is in the file only",
        "status_quote": "a meeting keeps one source and quote; this one, for its status, "
        "is in the file only",
    },
)

LONDON = DataFile(
    DATA / "london.yaml",
    models=(MEETINGS,),
    not_loaded={
        "interests_policy": "the conflicts of interest policy of seed 004 §7: " + NO_MODEL,
        "quorum": "no board's quorum rule is in the seeds",
        "quorum_note": "no board's quorum rule is in the seeds",
    },
)

# Seed 004 §7's conflicts of interest, as the seed gives it (a source table: core/dataset.py).
CONFLICTS_OF_INTEREST = DataFile(DATA / "conflicts_of_interest.yaml", models=(SOURCE_TABLES,))
