"""MoU commitments, progress, implementation plans and work programmes, declared for the one
loader. Boards, organisations, levels and sources are found by their keys in the data sets
loaded before this one."""

from pathlib import Path
from typing import Any

from devolution.core.dataset import PARAMETERS as PARAMETER_LIST
from devolution.core.dataset import SOURCE_TABLES
from devolution.core.loading import DataFile, Model, Ref, Row, Value
from devolution.core.models import Source
from devolution.governance.models import Board, GatewayCriterion, Phase
from devolution.partners.models import Level, Organisation, Partnership

from .models import (
    Commitment,
    Dependency,
    Event,
    ImplementationPlan,
    Milestone,
    PlannedMeeting,
    ProgressUpdate,
    Theme,
    WorkItem,
    WorkProgramme,
)

DATA = Path(__file__).parent / "data"

SOURCE = Ref("source", Source, required=True)
QUOTE = Value("quote")
NO_MODEL = "no record holds this yet; it stays in the file"
# A record's `note` in the file is for the data's maintainers (why a value is what it is):
# it is not loaded, so no page shows it. A dependency's note says why a commitment waits,
# in a reader's words, and is loaded.
MAINTAINERS = "a note for the data's maintainers: it stays in the file"


def _edited_by_people(record: Any) -> bool:
    """A record people have changed since it was loaded keeps their change."""
    return bool(record.version > 1)


def _phases_of(board_field: str) -> Any:
    def within(row: Row) -> dict[str, Any] | None:
        board = row.get(board_field)
        return {"model__boards__key": board} if board else None

    return within


EVENTS = Model(
    "events",
    Event,
    key=("key",),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("date"),
        Value("date_precision"),
        SOURCE,
        QUOTE,
    ),
    not_loaded={"note": MAINTAINERS},
)
THEMES = Model(
    "themes",
    Theme,
    key=("key",),
    fields=(
        Value("key", required=True),
        Value("name", required=True),
        Value("order"),
        Ref("parent", Theme, label="theme"),
        SOURCE,
        QUOTE,
    ),
    not_loaded={
        "note": MAINTAINERS,
        "names_in_seeds": "the names each seed gives the theme: " + NO_MODEL,
    },
)
DEPENDENCIES = Model(
    "dependencies",
    Dependency,
    # The seeds give a dependency no key of its own: its quote, or its place in the list.
    key=("commitment", "quote"),
    parent="commitment",
    fields=(
        Value("quote", read=lambda r: r.get("quote") or str(r.position - 1)),
        Value("kind", required=True, label="dependency kind"),
        Ref("reference", Commitment, by="reference", attr="on_commitment", label="commitment"),
        Ref("board", Board),
        Ref("phase", Phase, within=_phases_of("board")),
        Ref("event", Event),
        Value("note"),
        # The file gives a dependency's source only where it differs from its commitment's.
        Ref("source", Source, read=lambda r: r.get("source") or r.parent_data.get("source")),
    ),
)
MILESTONES = Model(
    "milestones",
    Milestone,
    key=("commitment", "title"),
    parent="commitment",
    kept=_edited_by_people,
    fields=(
        Value("title", required=True),
        Value("due"),
        Value("date_precision"),
        Value("due_inferred"),
        Value("due_inferred_reason"),
        # A milestone the seeds call done is complete, on the day (or month) they give,
        # or with its day unknown; it is never overdue.
        Value("status", label="milestone status"),
        Value("completed_on"),
        Value("completed_precision"),
        Ref("source", Source),
        QUOTE,
    ),
    not_loaded={"note": MAINTAINERS},
)
COMMITMENTS = Model(
    "commitments",
    Commitment,
    key=("reference",),
    children=(DEPENDENCIES, MILESTONES),
    fields=(
        Value("reference", required=True),
        Value("text", required=True),
        Ref("theme", Theme),
        Ref("lead_owner", Organisation, label="organisation"),
        Ref("supporting", Organisation, many=True, label="organisation"),
        Ref("partnership", Partnership, label="partnership"),
        Ref("board", Board),
        Ref("level", Level),
        Value("kind", label="commitment kind"),
        # The seeds' status and rating; later ones are people's, kept with their history.
        Value("status", label="commitment status", initial_only=True),
        Value("rag", label="rating", initial_only=True),
        SOURCE,
        QUOTE,
    ),
    not_loaded={
        "note": MAINTAINERS,
        "details": "the numbered points under a commitment in its seed: " + NO_MODEL,
        "kind_quote": "the seed's words for the commitment's kind: " + NO_MODEL,
        "part_of": "the larger commitment this one belongs to: " + NO_MODEL,
        "related": "commitments the seeds relate to this one: " + NO_MODEL,
        "arrangement": "the arrangement a commitment concerns: " + NO_MODEL,
    },
)
PROGRESS_UPDATES = Model(
    "progress_updates",
    ProgressUpdate,
    key=("commitment", "date", "source"),
    what="progress updates",
    fields=(
        Ref("commitment", Commitment, by="reference", required=True),
        Value("date", required=True),
        Ref("source", Source),
        Ref("author_organisation", Organisation, label="organisation"),
        Value("progress_to_date", required=True),
        Value("next_steps"),
        Value("challenges"),
    ),
    not_loaded={"theme_as_in_seed": "the theme heading the seed files it under: " + NO_MODEL},
)
IMPLEMENTATION_PLANS = Model(
    "implementation_plans",
    ImplementationPlan,
    key=("reference",),
    what="implementation plans",
    fields=(
        Value("reference", required=True),
        Ref("theme", Theme, required=True),
        Value("name", required=True),
        Ref("board", Board),
        Value("proposed_on"),
        Value("agreed_on"),
        Ref("owners", Organisation, many=True, label="organisation"),
        SOURCE,
        QUOTE,
    ),
    not_loaded={"note": MAINTAINERS},
)
PLANNED_MEETINGS = Model(
    "meetings",
    PlannedMeeting,
    key=("programme", "key"),
    parent="programme",
    what="planned meetings",
    fields=(
        Value("key", required=True),
        Value("label", required=True),
        Value("date", required=True),
        Value("date_precision"),
    ),
)
WORK_ITEMS = Model(
    "items",
    WorkItem,
    key=("reference",),
    parent="programme",
    what="work items",
    kept=_edited_by_people,
    fields=(
        Value("reference", required=True),
        Ref(
            "meeting",
            PlannedMeeting,
            required=True,
            label="planned meeting",
            within=lambda r: {"programme": r.parent},
        ),
        Value("area", required=True),
        Ref("theme", Theme),
        Value("title", required=True),
        Value("kind", label="work item kind"),
        Ref("board_link", Board, label="board"),
        Ref("commitment", Commitment, by="reference"),
        Ref("gateway_criterion", GatewayCriterion, label="gateway criterion"),
        Ref("phase", Phase, within=_phases_of("board_link")),
        Ref("source", Source),
        QUOTE,
    ),
    not_loaded={
        "note": MAINTAINERS,
        "opportunities": "the seed 004 §5 opportunities an item delivers: " + NO_MODEL,
    },
)
WORK_PROGRAMMES = Model(
    "work_programme",
    WorkProgramme,
    key=("board",),
    what="work programmes",
    children=(PLANNED_MEETINGS, WORK_ITEMS),
    fields=(
        Ref("board", Board, required=True),
        Ref("presented_to", Board, label="board"),
        Value("presented_on"),
        Value("areas"),
        SOURCE,
        QUOTE,
    ),
    not_loaded={
        "note": MAINTAINERS,
        "area_themes": "which theme each area of the grid stands for: " + NO_MODEL,
        "status": "the programme's status in its seed: " + NO_MODEL,
    },
)

LONDON = DataFile(
    DATA / "london.yaml",
    models=(
        EVENTS,
        THEMES,
        COMMITMENTS,
        PROGRESS_UPDATES,
        IMPLEMENTATION_PLANS,
        WORK_PROGRAMMES,
    ),
    not_loaded={"opportunities": "seed 004 §5's opportunities for London: " + NO_MODEL},
)

# The day counts of the boards' cadences, by which an update is stale (rules/tracking.py).
PARAMETERS = DataFile(DATA / "parameters.yaml", models=(PARAMETER_LIST,))

# Seed 004 §5's opportunities, as the seed gives them (a source table: core/dataset.py).
OPPORTUNITIES = DataFile(DATA / "opportunities.yaml", models=(SOURCE_TABLES,))

# The MoU's pledges as the seeds state them: their count (a parameter) and the sentences.
PLEDGES = DataFile(DATA / "pledges.yaml", models=(PARAMETER_LIST, SOURCE_TABLES))
