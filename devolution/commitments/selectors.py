"""Every read of commitments, progress and work programmes that pages, reports and the
API share. Flags (blocked, overdue, stale) are computed here by the pure rules."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from devolution.core.links import PageLink
from devolution.core.parameters import parameter_at

from .models import (
    Commitment,
    Dependency,
    ImplementationPlan,
    Milestone,
    PlannedMeeting,
    ProgressUpdate,
    StatusChange,
    Theme,
    WorkItem,
    WorkProgramme,
)
from .rules.tracking import (
    DependencyFact,
    MilestoneFact,
    blocked_by,
    milestone_state,
    overdue,
    stale,
)

# The dated parameter giving how many days a board's cadence lets an update stand.
CADENCE_PARAMETER = "cadence-{}"


@dataclass
class Flags:
    blocked_by: tuple[str, ...] = ()
    overdue: tuple[MilestoneFact, ...] = ()
    stale: str | None = None
    latest: ProgressUpdate | None = None
    history: list[Any] = field(default_factory=list)


def _dependency_fact(d: Dependency, today: dt.date) -> DependencyFact:
    if d.kind == Dependency.Kind.EVENT and d.event is not None:
        met = d.event.date is not None and d.event.date <= today
        return DependencyFact(f"{d.event.name} (event)", met)
    if d.kind == Dependency.Kind.BOARD_PHASE and d.board is not None and d.phase is not None:
        current = d.board.current_phase
        met = (
            current is not None
            and current.model_id == d.phase.model_id
            and (current.order >= d.phase.order)
        )
        return DependencyFact(f"{d.board.short_name or d.board.name} reaching {d.phase.name}", met)
    if d.kind == Dependency.Kind.COMMITMENT and d.on_commitment is not None:
        met = d.on_commitment.status == Commitment.Status.COMPLETE
        return DependencyFact(f"commitment {d.on_commitment.reference}", met)
    return DependencyFact(d.note or "an unrecorded dependency", False)


def milestone_fact(m: Milestone) -> MilestoneFact:
    return MilestoneFact(m.title, m.due, m.completed_on, m.is_complete, m.date_precision or "day")


def milestone_state_of(m: Milestone, today: dt.date | None = None) -> str:
    """complete, overdue, due or undated (rules/tracking.py)."""
    return milestone_state(milestone_fact(m), today or timezone.localdate())


def commitment_flags(c: Commitment, today: dt.date | None = None) -> Flags:
    """Needs `commitment_list`'s prefetches. A complete commitment is done: nothing
    blocks it, none of its milestones is overdue and its updates are not stale."""
    today = today or timezone.localdate()
    updates = list(c.updates.all())
    latest = updates[0] if updates else None
    if c.status == Commitment.Status.COMPLETE:
        return Flags(latest=latest)
    cadence = c.board.cadence if c.board else None
    cadence_days = parameter_at(CADENCE_PARAMETER.format(cadence), today) if cadence else None
    return Flags(
        blocked_by=blocked_by(tuple(_dependency_fact(d, today) for d in c.dependencies.all())),
        overdue=overdue(tuple(milestone_fact(m) for m in c.milestones.all()), today),
        stale=stale(
            latest.date if latest else None,
            cadence,
            int(cadence_days.value) if cadence_days else None,
            today,
        ),
        latest=latest,
    )


def commitment_list(
    *,
    theme: str | None = None,
    owner: str | None = None,
    board: str | None = None,
    status: str | None = None,
    q: str | None = None,
) -> QuerySet[Commitment]:
    rows = Commitment.objects.select_related(
        "theme__parent", "lead_owner", "board", "level", "source"
    ).prefetch_related(
        "supporting",
        Prefetch(
            "dependencies",
            queryset=Dependency.objects.select_related(
                "event", "board__current_phase", "phase", "on_commitment"
            ),
        ),
        Prefetch(
            "milestones",
            queryset=Milestone.objects.order_by(F("due").asc(nulls_first=True), "id"),
        ),
        Prefetch(
            "updates",
            queryset=ProgressUpdate.objects.select_related(
                "author", "author_organisation", "source"
            ).order_by("-date", "-id"),
        ),
    )
    if theme:
        rows = rows.filter(Q(theme__key=theme) | Q(theme__parent__key=theme))
    if owner:
        rows = rows.filter(Q(lead_owner__key=owner) | Q(supporting__key=owner)).distinct()
    if board:
        rows = rows.filter(board__key=board)
    if status:
        rows = rows.filter(status=status)
    if q:
        rows = rows.filter(Q(text__icontains=q) | Q(reference__iexact=q))
    return rows.order_by("reference")


def commitment_get(reference: str) -> Commitment:
    return get_object_or_404(
        # The joins live inside each prefetch's queryset, so the number of queries is the
        # same whether or not a commitment has rows of that kind (QUALITY P4).
        commitment_list().prefetch_related(
            Prefetch("status_history", queryset=StatusChange.objects.select_related("by")),
            Prefetch(
                "work_items",
                queryset=WorkItem.objects.select_related("meeting", "programme__board"),
            ),
        ),
        reference=reference,
    )


COMMITMENT_STATUS = Commitment.Status
# The values the API's fields and filters take, read from the models' choices.
COMMITMENT_STATUSES = tuple(Commitment.Status.values)
COMMITMENT_RAGS = tuple(Commitment.Rag.values)
COMMITMENT_KINDS = tuple(Commitment.Kind.values)
WORK_ITEM_STATUSES = tuple(WorkItem.Status.values)


def theme_exists(key: str) -> bool:
    return Theme.objects.filter(key=key).exists()


def theme_list() -> QuerySet[Theme]:
    return Theme.objects.select_related("parent", "source").order_by("order")


def implementation_plan_list() -> QuerySet[ImplementationPlan]:
    return ImplementationPlan.objects.select_related("theme", "board", "source").prefetch_related(
        "owners"
    )


def work_programme_get(board_key: str) -> WorkProgramme:
    return get_object_or_404(
        WorkProgramme.objects.select_related("board", "presented_to", "source").prefetch_related(
            Prefetch("meetings", queryset=PlannedMeeting.objects.order_by("date")),
            Prefetch(
                "items",
                queryset=WorkItem.objects.select_related(
                    "meeting", "commitment", "board_link", "gateway_criterion", "carried_from"
                ),
            ),
        ),
        board__key=board_key,
    )


def work_programme_grid(programme: WorkProgramme) -> dict[str, Any]:
    """Seed 004 Annex A's grid: areas down, meetings across, items in the cells; items of a
    past meeting not taken are flagged as missed."""
    today = timezone.localdate()
    meetings = list(programme.meetings.all())
    cells: dict[tuple[str, int], list[WorkItem]] = {}
    missed = []
    for item in programme.items.all():
        cells.setdefault((item.area, item.meeting_id), []).append(item)
        if item.status == WorkItem.Status.PLANNED and item.meeting.date < today:
            missed.append(item)
    rows = [
        {"area": area, "cells": [cells.get((area, m.pk), []) for m in meetings]}
        for area in programme.areas
    ]
    return {"meetings": meetings, "rows": rows, "missed": missed}


def progress_report_rows(*, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """Seed 000's table: every commitment with progress reported (by `as_of`, if given),
    by theme, with its latest update's three columns."""
    commitments = commitment_list().filter(updates__isnull=False).distinct()
    if as_of:
        commitments = commitments.filter(updates__date__lte=as_of)
    rows = []
    for c in commitments.order_by("theme__order", "reference"):
        updates = [u for u in c.updates.all() if as_of is None or u.date <= as_of]
        flags = commitment_flags(c)
        rows.append(
            {
                "commitment": c,
                "theme": c.theme,
                "update": updates[0] if updates else None,
                "flags": flags,
            }
        )
    return rows


def commitment_dependencies(
    c: Commitment, today: dt.date | None = None
) -> list[tuple[Dependency, DependencyFact]]:
    """Each of a commitment's dependencies with whether it is met, in the words of the
    blocked flag. Needs `commitment_list`'s prefetches."""
    today = today or timezone.localdate()
    return [(d, _dependency_fact(d, today)) for d in c.dependencies.all()]


def milestone_get(milestone_id: int) -> Milestone:
    return get_object_or_404(Milestone.objects.select_related("commitment"), pk=milestone_id)


def milestone_keyed_get(reference: str, number: int) -> Milestone:
    """A commitment's milestone by its number within the commitment (its key in the API);
    404 if the commitment has no milestone of that number."""
    return get_object_or_404(
        Milestone.objects.select_related("commitment"),
        commitment__reference=reference,
        number=number,
    )


def work_item_get(reference: str) -> WorkItem:
    return get_object_or_404(
        WorkItem.objects.select_related("programme__board", "meeting"), reference=reference
    )


def board_work_programme_link(board: Any) -> list[PageLink]:
    """The board page's link to its work programme, where the board has one."""
    if not WorkProgramme.objects.filter(board_id=board.pk).exists():
        return []
    name = board.short_name or board.name
    return [
        PageLink(
            f"{name}'s work programme", reverse("commitments:work-programme", args=[board.key])
        )
    ]
