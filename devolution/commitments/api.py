"""The JSON API for commitments, their progress updates and boards' work programmes."""

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Path, Query
from ninja.security import django_auth
from pydantic import BaseModel, ConfigDict

from devolution.core.api_contract import known
from devolution.core.pagination import BoundedLimitOffsetPagination
from devolution.core.people import signed_in_person
from devolution.governance.selectors import board_exists
from devolution.partners.as_at import AS_AT_HELP, as_at_or_default
from devolution.partners.selectors import (
    organisation_exists,
    partnership_in_view,
    partnership_with_key,
)

from . import lists, selectors, services

if TYPE_CHECKING:
    from .models import Commitment, ProgressUpdate

router = Router(tags=["Commitments"])
UNKNOWN = "; a key nothing has is a 422 naming the parameter"
# The day an operation shows the registers as at (partners.as_at); not a day is a 422.
AS_AT_QUERY = Query(None, description=AS_AT_HELP)

# The values fields and filters take are the models' own choices (a Literal built at run
# time, inline in the schema; mypy sees plain strings).
if TYPE_CHECKING:
    CommitmentStatus: TypeAlias = str
    CommitmentRag: TypeAlias = str
    CommitmentKind: TypeAlias = str
    WorkItemStatus: TypeAlias = str
else:
    CommitmentStatus = Literal[selectors.COMMITMENT_STATUSES]
    CommitmentRag = Literal[selectors.COMMITMENT_RAGS]
    CommitmentKind = Literal[selectors.COMMITMENT_KINDS]
    WorkItemStatus = Literal[selectors.WORK_ITEM_STATUSES]


class Row(BaseModel):
    """A schema read from a row of plain data by pydantic alone (lists.CommitmentRow): a
    ninja Schema reads each field through its resolvers and a getter, some 30 µs a row,
    which a page of a list cannot pay (QUALITY P1)."""

    model_config = ConfigDict(from_attributes=True)


class FlagsOut(Row):
    blocked_by: list[str]
    overdue_milestones: list[str]
    stale: str | None


def _as_at(c: "Commitment") -> dt.date | None:
    """The day the commitment_get operation reads the commitment as at."""
    return getattr(c, "as_at_day", None)


def _flags(c: "Commitment") -> dict[str, Any]:
    flags = selectors.commitment_flags(c, _as_at(c))
    return {
        "blocked_by": list(flags.blocked_by),
        "overdue_milestones": [m.title for m in flags.overdue],
        "stale": flags.stale,
    }


# A commitment of the list, from lists.CommitmentRow, whose keyed fields are keys already
# (CommitmentDetailOut reads them from the model).
class CommitmentOut(Row):
    reference: str
    text: str
    theme: str | None = None
    lead_owner: str | None = None
    supporting: list[str]
    board: str | None = None
    level: str | None = None
    kind: CommitmentKind | Literal[""] = Field(..., description="Empty where not given")
    status: CommitmentStatus | Literal[""] = Field(..., description="Empty where not given")
    rag: CommitmentRag | Literal[""] = Field(..., description="Empty when not rated")
    flags: FlagsOut
    version: int
    last_updated: dt.date | None = Field(
        None,
        description="The day of its latest progress update on or before the day it is "
        "shown as at (as_at); null for none.",
    )


class MadePagination(BoundedLimitOffsetPagination):
    """The API's pagination (the same limit and offset, the same answer) over rows the
    operation makes a page at a time: it returns a function of (offset, limit) giving
    that page's rows and how many the list has (lists.RowsPage), so that a page can be
    made once for a version of the data, not a queryset sliced at every request."""

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        made: lists.RowsPage = queryset(pagination.offset, pagination.limit)
        return {"items": made.rows, "count": made.total}


class DependencyOut(Schema):
    kind: str
    waits_on: str
    met: bool
    commitment: str | None
    board: str | None
    phase: str | None
    event: str | None
    note: str


NUMBER = "The milestone's number within its commitment: with the commitment's reference, its key"


class MilestoneOut(Schema):
    number: int = Field(..., description=NUMBER)
    title: str
    due: dt.date | None
    date_precision: str
    completed_on: dt.date | None = Field(
        None,
        description="The day it was completed, where known: a complete milestone may "
        "have none (the sources call it done without saying when).",
    )
    due_inferred: bool = Field(
        ..., description="The due date is the data set's reading, not stated in the sources."
    )
    due_inferred_reason: str
    completed_precision: str
    status: str = Field(..., description="not_started, ongoing, complete, or empty if unknown.")
    complete: bool
    overdue: bool = Field(..., description="Past its due date and not complete.")
    version: int


class UpdateOut(Schema):
    date: dt.date
    author: str | None
    author_organisation: str | None = Field(None, alias="author_organisation.key")
    progress_to_date: str
    next_steps: str
    challenges: str
    source: str | None = Field(None, alias="source.key")

    @staticmethod
    def resolve_author(obj: "ProgressUpdate") -> str | None:
        return obj.author.full_name if obj.author else None


class StatusChangeOut(Schema):
    at: dt.datetime
    status: str
    rag: str


class WorkItemRef(Schema):
    reference: str
    title: str
    board: str = Field(..., alias="programme.board.key")
    meeting: str = Field(..., alias="meeting.key")
    area: str
    status: WorkItemStatus


# A commitment's histories grow a row a week: its detail gives the latest (its page pages
# them all, and the register's export holds every update).
LATEST = 20


class CommitmentDetailOut(CommitmentOut, Schema):
    note: str
    source: str = Field(..., alias="source.key")
    quote: str
    dependencies: list[DependencyOut]
    milestones: list[MilestoneOut]
    updates: list[UpdateOut] = Field(
        ...,
        description=f"Its latest {LATEST} progress updates, newest first (updates_count "
        "says how many it has had; the commitment's page and the register's export give "
        "every one).",
    )
    updates_count: int = Field(..., description="How many progress updates it has had.")
    status_history: list[StatusChangeOut] = Field(
        ..., description=f"Its latest {LATEST} changes of status or rating, newest first."
    )
    work_items: list[WorkItemRef]

    # The list's fields, from the model rather than from a row.
    @staticmethod
    def resolve_theme(obj: "Commitment") -> str | None:
        return obj.theme.key if obj.theme else None

    @staticmethod
    def resolve_lead_owner(obj: "Commitment") -> str | None:
        return obj.lead_owner.key if obj.lead_owner else None

    @staticmethod
    def resolve_board(obj: "Commitment") -> str | None:
        return obj.board.key if obj.board else None

    @staticmethod
    def resolve_level(obj: "Commitment") -> str | None:
        return obj.level.key if obj.level else None

    @staticmethod
    def resolve_supporting(obj: "Commitment") -> list[str]:
        return [o.key for o in obj.supporting.all()]

    @staticmethod
    def resolve_flags(obj: "Commitment") -> dict[str, Any]:
        return _flags(obj)

    @staticmethod
    def resolve_status(obj: "Commitment") -> str:
        return selectors.rating_of(obj)[0]

    @staticmethod
    def resolve_rag(obj: "Commitment") -> str:
        return selectors.rating_of(obj)[1]

    @staticmethod
    def resolve_last_updated(obj: "Commitment") -> dt.date | None:
        latest = selectors.latest_update(obj)
        return latest.date if latest else None

    @staticmethod
    def resolve_dependencies(obj: "Commitment") -> list[dict[str, Any]]:
        return [
            {
                "kind": d.kind,
                "waits_on": fact.label,
                "met": fact.met,
                "commitment": d.on_commitment.reference if d.on_commitment else None,
                "board": d.board.key if d.board else None,
                "phase": d.phase.key if d.phase else None,
                "event": d.event.key if d.event else None,
                "note": d.note,
            }
            for d, fact in selectors.commitment_dependencies(obj, _as_at(obj))
        ]

    @staticmethod
    def resolve_milestones(obj: "Commitment") -> list[dict[str, Any]]:
        today = _as_at(obj) or timezone.localdate()
        return [
            {
                "number": m.number,
                "title": m.title,
                "due": m.due,
                "date_precision": m.date_precision,
                "due_inferred": m.due_inferred,
                "due_inferred_reason": m.due_inferred_reason,
                "completed_on": m.completed_on,
                "completed_precision": m.completed_precision,
                "status": m.status,
                "complete": m.is_complete,
                "overdue": selectors.milestone_state_of(m, today) == "overdue",
                "version": m.version,
            }
            for m in obj.milestones.all()
        ]

    @staticmethod
    def resolve_updates(obj: "Commitment") -> list["ProgressUpdate"]:
        return list(selectors.commitment_updates(obj)[:LATEST])

    @staticmethod
    def resolve_updates_count(obj: "Commitment") -> int:
        return int(selectors.commitment_updates(obj).count())

    @staticmethod
    def resolve_status_history(obj: "Commitment") -> list[Any]:
        return list(selectors.commitment_status_history(obj)[:LATEST])

    @staticmethod
    def resolve_work_items(obj: "Commitment") -> list[Any]:
        return list(obj.work_items.all())


class UpdateIn(Schema):
    date: dt.date | None = None
    progress_to_date: str = Field(..., max_length=5000)
    next_steps: str = Field("", max_length=5000)
    challenges: str = Field("", max_length=5000)
    status: CommitmentStatus | None = None
    rag: CommitmentRag | None = None
    version: int | None = Field(
        None,
        description="The commitment's version the status or rating was chosen from; needed "
        "with either. If someone changed the commitment since, nothing is saved (409).",
    )


class PlannedMeetingOut(Schema):
    key: str
    label: str
    date: dt.date
    date_precision: str


class WorkItemOut(Schema):
    reference: str
    meeting: str = Field(..., alias="meeting.key")
    area: str
    title: str
    kind: str
    status: WorkItemStatus
    missed: bool
    commitment: str | None = Field(None, alias="commitment.reference")
    board_link: str | None = Field(None, alias="board_link.key")
    gateway_criterion: str | None = Field(None, alias="gateway_criterion.key")


class WorkProgrammeOut(Schema):
    board: str
    presented_to: str | None
    presented_on: dt.date | None
    areas: list[str]
    meetings: list[PlannedMeetingOut]
    items: list[WorkItemOut]
    source: str
    quote: str


@router.get(
    "/commitments",
    response=list[CommitmentOut],
    summary="Commitments, with their flags",
    description="The commitments of one partnership: the one named by `partnership`, else "
    "the deployment's default (every commitment where there is no default). "
    "Filter by theme (a theme's key; a broad theme takes in the themes under "
    "it), owner (an organisation's key: lead owner or supporting partner), board (the "
    "accountable board's key) and status. Each commitment's flags say what blocks it, "
    "which milestones are overdue, and why its latest update is stale. Every commitment "
    "is shown as at one day (as_at): its status and rating then, its latest update on or "
    "before it, and its flags then.",
)
@paginate(MadePagination)
def commitment_list(
    request: HttpRequest,
    partnership: str | None = Query(
        None,
        description="A partnership's key: its commitments; the default partnership's if "
        "not given" + UNKNOWN,
    ),
    theme: str | None = Query(None, description="A theme's key" + UNKNOWN),
    owner: str | None = Query(None, description="An organisation's key" + UNKNOWN),
    board: str | None = Query(None, description="A board's key" + UNKNOWN),
    status: CommitmentStatus | None = None,
    as_at: dt.date | None = AS_AT_QUERY,
) -> Any:
    known("theme", theme, bool(theme) and selectors.theme_exists(theme or ""), "theme")
    known("owner", owner, bool(owner) and organisation_exists(owner or ""), "organisation")
    known("board", board, bool(board) and board_exists(board or ""), "board")
    if partnership:
        shown = partnership_with_key(partnership)
        known("partnership", partnership, shown is not None, "partnership")
    else:
        shown = partnership_in_view(None)
    filters = lists.Filters(partnership=shown, theme=theme, owner=owner, board=board, status=status)
    return partial(lists.commitment_slice, filters, as_at=as_at_or_default(as_at, shown))


@router.get(
    "/commitments/{reference}",
    response=CommitmentDetailOut,
    summary="One commitment: dependencies, milestones, progress updates and flags",
    description="Its status, rating, milestones' states and flags as at one day (as_at); "
    "its histories in full.",
)
def commitment_get(
    request: HttpRequest,
    reference: str,
    as_at: dt.date | None = AS_AT_QUERY,
) -> Any:
    day = as_at_or_default(as_at, selectors.commitment_partnership(reference))
    found = selectors.commitment_get(reference, as_at=day)
    found.as_at_day = day  # type: ignore[attr-defined]
    return found


@router.post(
    "/commitments/{reference}/updates",
    response={201: UpdateOut},
    auth=django_auth,
    summary="Post a progress update (the commitment's owners, or the secretariat)",
    description="Always a new update: earlier ones are kept as they were. A status or "
    "rating given, with the commitment's version it was chosen from, goes into the "
    "commitment's status history.",
)
def commitment_post_update(request: HttpRequest, reference: str, payload: UpdateIn) -> Any:
    commitment = selectors.commitment_get(reference)
    update = services.progress_update_post(
        actor=signed_in_person(request),
        reference=commitment.reference,
        date=payload.date,
        data={
            "progress_to_date": payload.progress_to_date,
            "next_steps": payload.next_steps,
            "challenges": payload.challenges,
        },
        status=payload.status or None,
        rag=payload.rag or None,
        version=payload.version,
    )
    return Status(201, update)


class MilestoneCompleteIn(Schema):
    version: int = Field(..., description="The milestone's version it was seen at.")
    completed_on: dt.date | None = Field(None, description="Today if not given.")


class MilestoneDoneOut(Schema):
    number: int = Field(..., description=NUMBER)
    commitment: str = Field(..., alias="commitment.reference")
    title: str
    due: dt.date | None
    completed_on: dt.date | None
    version: int


@router.post(
    "/commitments/{reference}/milestones/{number}/complete",
    response=MilestoneDoneOut,
    auth=django_auth,
    summary="Mark a milestone complete (the commitment's owners, or the secretariat)",
    description="The milestone of that number in the commitment. From the version it was "
    "seen at: if someone changed it since, nothing is saved (409).",
)
def milestone_complete(
    request: HttpRequest,
    reference: str,
    number: int = Path(..., ge=1, le=2**31 - 1, description=NUMBER),
    *,
    payload: MilestoneCompleteIn,
) -> Any:
    milestone = selectors.milestone_keyed_get(reference, number)
    services.milestone_complete(
        actor=signed_in_person(request),
        milestone_id=milestone.pk,
        version=payload.version,
        completed_on=payload.completed_on or timezone.localdate(),
    )
    return selectors.milestone_get(milestone.pk)


class SettleIn(Schema):
    version: int = Field(..., description="The item's version it was seen at.")
    outcome: Literal["done", "carry_forward"] = Field(
        ..., description="Taken at its meeting, or carried forward to the plan's next meeting."
    )


class SettledOut(Schema):
    reference: str
    status: WorkItemStatus
    carried_to: str | None = Field(None, description="The new item, if carried forward.")


@router.post(
    "/work-items/{reference}/settle",
    response=SettledOut,
    auth=django_auth,
    summary="Record a work programme item as taken, or carry it forward (secretariat)",
)
def work_item_settle(request: HttpRequest, reference: str, payload: SettleIn) -> Any:
    selectors.work_item_get(reference)
    settled = services.work_item_settle(
        actor=signed_in_person(request),
        reference=reference,
        version=payload.version,
        outcome=payload.outcome,
    )
    item = selectors.work_item_get(reference)
    return {
        "reference": item.reference,
        "status": item.status,
        "carried_to": settled.reference if settled.pk != item.pk else None,
    }


@router.get(
    "/boards/{key}/work-programme",
    response=WorkProgrammeOut,
    summary="A board's work programme: meetings, areas and the items scheduled",
    description="As at one day (as_at): items of a meeting past by then that are still "
    "planned are marked missed: they "
    "are to be taken or carried forward.",
)
def work_programme_get(request: HttpRequest, key: str, as_at: dt.date | None = AS_AT_QUERY) -> Any:
    programme = selectors.work_programme_get(key)
    grid = selectors.work_programme_grid(
        programme, as_at_or_default(as_at, programme.board.partnership)
    )
    missed = {item.pk for item in grid["missed"]}
    items = []
    for item in programme.items.all():
        item_out: Any = item
        item_out.missed = item.pk in missed
        items.append(item_out)
    return {
        "board": programme.board.key,
        "presented_to": programme.presented_to.key if programme.presented_to else None,
        "presented_on": programme.presented_on,
        "areas": list(programme.areas),
        "meetings": grid["meetings"],
        "items": items,
        "source": programme.source.key,
        "quote": programme.quote,
    }
