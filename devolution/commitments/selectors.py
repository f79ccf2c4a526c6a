"""Every read of commitments, progress and work programmes that pages, reports and the
API share. Flags (blocked, overdue, stale) are computed here by the pure rules."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from devolution.core.links import PageLink
from devolution.core.parameters import parameter_at
from devolution.partners.models import Partnership
from devolution.partners.selectors import PARTNERSHIPS_OFFERED

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

M = TypeVar("M", bound=Model)

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


def milestone_fact(m: Milestone, on: dt.date | None = None) -> MilestoneFact:
    """The milestone as the tracking rules see it as at `on` (now, for None): one
    completed on a later day was not complete then; one the seeds call complete without
    a day of completion is complete whenever it is read."""
    if on is not None and m.completed_on is not None and m.completed_on > on:
        return MilestoneFact(m.title, m.due, None, False, m.date_precision or "day")
    return MilestoneFact(m.title, m.due, m.completed_on, m.is_complete, m.date_precision or "day")


def milestone_state_of(m: Milestone, today: dt.date | None = None) -> str:
    """complete, overdue, due or undated (rules/tracking.py), as at `today`."""
    today = today or timezone.localdate()
    return milestone_state(milestone_fact(m, today), today)


# ---------------------------------------------------------------- as at a day (issue 12)


def in_the_past(on: dt.date | None) -> bool:
    """Whether the registers must be read from their history to be shown as at `on`: a
    day before today. Today's (or a later) view is the records as they stand: no status
    change, update or completion can be recorded for a day still to come."""
    return on is not None and on < timezone.localdate()


def _end_of(on: dt.date) -> dt.datetime:
    """The first moment after `on` where the partnership is."""
    return timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))


def rating_at(field: str, on: dt.date, commitment: str = "pk") -> Any:
    """The commitment's `field` (status or rag) as at the end of `on`, as an expression:
    the latest change recorded on or before that day; else, where its history begins
    later, what its first later change records it held before (a seed's status a person
    changed); "" (not recorded) where that was not kept; else, with no history at all,
    the value the data set gives it."""
    end = _end_of(on)
    changes = StatusChange.objects.filter(commitment=OuterRef(commitment))
    before = changes.filter(at__lt=end).order_by("-at", "-id").values(field)[:1]
    after = changes.filter(at__gte=end)
    held = after.order_by("at", "id").values(f"{field}_before")[:1]
    return Coalesce(
        Subquery(before),
        Subquery(held),
        Case(When(Exists(after), then=Value("")), default=F(field)),
    )


def rating_of(c: Commitment) -> tuple[str, str]:
    """The commitment's (status, rag) as at the day commitment_list read it as at."""
    return getattr(c, "status_at", c.status), getattr(c, "rag_at", c.rag)


def latest_updates(
    as_of: dt.date | None = None, to_attr: str = "latest_updates"
) -> "Prefetch[Any]":
    """Each commitment's latest progress update (by `as_of`, if given), the newest by
    date then by id, as the list `latest_updates`: one query for every commitment of a
    page, however many updates each has had.

    A subquery rather than a kept `latest_update` reference on the commitment: updates
    arrive by the service, the loader, the register's import and bulk data alike, and a
    reference every one of them had to keep would be wrong the day one forgot; the
    subquery is always right, and the index on (commitment, date, id) makes it one
    index lookup a commitment."""
    newest = ProgressUpdate.objects.filter(commitment=OuterRef("commitment"))
    if as_of is not None:
        newest = newest.filter(date__lte=as_of)
    return Prefetch(
        "updates",
        queryset=ProgressUpdate.objects.filter(
            pk=Subquery(newest.order_by("-date", "-id").values("pk")[:1])
        ).select_related("author", "author_organisation", "source"),
        to_attr=to_attr,
    )


def latest_update(c: Commitment) -> ProgressUpdate | None:
    """The commitment's latest update: from `latest_updates` (commitment_list's
    prefetch), else one query for the newest."""
    found: list[ProgressUpdate] | None = getattr(c, "latest_updates", None)
    if found is None:
        return c.updates.order_by("-date", "-id").first()
    return found[0] if found else None


def commitment_flags(c: Commitment, today: dt.date | None = None) -> Flags:
    """Needs `commitment_list`'s prefetches. A complete commitment is done: nothing
    blocks it, none of its milestones is overdue and its updates are not stale."""
    today = today or timezone.localdate()
    latest = latest_update(c)
    if rating_of(c)[0] == Commitment.Status.COMPLETE:
        return Flags(latest=latest)
    cadence = c.board.cadence if c.board else None
    cadence_days = parameter_at(CADENCE_PARAMETER.format(cadence), today) if cadence else None
    return Flags(
        blocked_by=blocked_by(tuple(_dependency_fact(d, today) for d in c.dependencies.all())),
        overdue=overdue(tuple(milestone_fact(m, today) for m in c.milestones.all()), today),
        stale=stale(
            latest.date if latest else None,
            cadence,
            int(cadence_days.value) if cadence_days else None,
            today,
        ),
        latest=latest,
    )


def in_partnership(
    rows: QuerySet[M], partnership: Partnership | None, path: str = ""
) -> QuerySet[M]:
    """Rows of the partnership's commitments (`path` leads from the row to its
    commitment); every row where no partnership is in view (a small data set with no
    default partnership). A commitment no partnership claims (one recorded by the
    register's import, which names none) is the default partnership's: the deployment's
    own."""
    if partnership is None:
        return rows
    mine = Q(**{f"{path}partnership": partnership})
    if partnership.is_default:
        mine |= Q(**{f"{path}partnership__isnull": True})
    return rows.filter(mine)


def partnerships_with_commitments(in_view: Partnership | None) -> list[tuple[str, str]]:
    """(key, name) of the partnerships that have commitments, by name, the first
    PARTNERSHIPS_OFFERED of them, and the one in view whatever it has: what a page about
    "the commitments" offers to show instead (never every partnership of the country).
    One query."""
    offered: Any = (
        Partnership.objects.filter(pk__in=Commitment.objects.values("partnership"))
        .order_by("name", "key")
        .values_list("key", "name")[:PARTNERSHIPS_OFFERED]
    )
    choices: list[tuple[str, str]] = list(offered)
    if in_view is not None and in_view.key not in {key for key, _ in choices}:
        choices.append((in_view.key, in_view.name))
    return choices


def commitment_list(
    *,
    partnership: Partnership | None = None,
    theme: str | None = None,
    owner: str | None = None,
    board: str | None = None,
    status: str | None = None,
    q: str | None = None,
    as_at: dt.date | None = None,
) -> QuerySet[Commitment]:
    """The partnership's commitments (every one for None), filtered, each with what its
    flags need: a fixed number of queries however long its history. As at a past day
    (`as_at`), each carries its status and rating then (rating_of) and its latest update
    on or before that day; filtered by status, by its status then."""
    rows = Commitment.objects.select_related(
        "theme__parent", "lead_owner", "board", "level", "source", "partnership"
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
        latest_updates(as_at if in_the_past(as_at) else None),
    )
    rows = in_partnership(rows, partnership)
    if as_at is not None and in_the_past(as_at):
        rows = rows.annotate(status_at=rating_at("status", as_at), rag_at=rating_at("rag", as_at))
    if theme:
        rows = rows.filter(Q(theme__key=theme) | Q(theme__parent__key=theme))
    if owner:
        rows = rows.filter(Q(lead_owner__key=owner) | Q(supporting__key=owner)).distinct()
    if board:
        rows = rows.filter(board__key=board)
    if status:
        rows = rows.filter(**{"status_at" if in_the_past(as_at) else "status": status})
    if q:
        rows = rows.filter(Q(text__icontains=q) | Q(reference__iexact=q))
    return rows.order_by("reference")


def commitment_get(reference: str, as_at: dt.date | None = None) -> Commitment:
    """One commitment with what its page shows but its histories, which are paged
    (commitment_updates, commitment_status_history); as at a past day `as_at`, with its
    status, rating and latest update then (commitment_list)."""
    return get_object_or_404(
        # The joins live inside each prefetch's queryset, so the number of queries is the
        # same whether or not a commitment has rows of that kind (QUALITY P4).
        commitment_list(as_at=as_at).prefetch_related(
            Prefetch(
                "work_items",
                queryset=WorkItem.objects.select_related("meeting", "programme__board"),
            ),
        ),
        reference=reference,
    )


def commitment_partnership(reference: str) -> Partnership | None:
    """The partnership whose commitment this is, in one query: the one whose declared day
    its page is shown as at (partners.as_at). A commitment no partnership claims is the
    default partnership's (in_partnership)."""
    found = Partnership.objects.filter(commitments__reference=reference).first()
    return found if found is not None else Partnership.objects.filter(is_default=True).first()


def commitment_updates(c: Commitment) -> QuerySet[ProgressUpdate]:
    """Its progress updates, newest first (by date, then as posted): for a page of them."""
    return (
        ProgressUpdate.objects.filter(commitment=c)
        .select_related("author", "author_organisation", "source")
        .order_by("-date", "-id")
    )


def page_of(rows: QuerySet[M], number: int, size: int) -> tuple[list[M], int]:
    """Page `number` (from 1) of `rows`, and how many rows there are, in one query (a
    window counts them beside the page's rows), whether there are none or thousands;
    a page past the last costs one more query, for the count."""
    window = list(rows.annotate(row_total=Window(Count("pk")))[(number - 1) * size : number * size])
    if window:
        return window, int(getattr(window[0], "row_total"))  # noqa: B009 (an annotation)
    return [], (int(rows.count()) if number > 1 else 0)


def commitment_status_history(c: Commitment) -> QuerySet[StatusChange]:
    """Its changes of status and rating, newest first: for a page of them."""
    return StatusChange.objects.filter(commitment=c).select_related("by").order_by("-at", "-id")


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


def implementation_plan_list(
    partnership: Partnership | None = None,
) -> QuerySet[ImplementationPlan]:
    """The implementation plans; where a partnership is in view, those proposed to its
    boards (and those the sources give no board)."""
    plans = ImplementationPlan.objects.select_related("theme", "board", "source").prefetch_related(
        "owners"
    )
    if partnership is not None:
        plans = plans.filter(Q(board__partnership=partnership) | Q(board__isnull=True))
    return plans


def work_programme_get(board_key: str) -> WorkProgramme:
    return get_object_or_404(
        WorkProgramme.objects.select_related(
            "board__partnership", "presented_to", "source"
        ).prefetch_related(
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


def work_programme_grid(programme: WorkProgramme, as_at: dt.date | None = None) -> dict[str, Any]:
    """Seed 004 Annex A's grid: areas down, meetings across, items in the cells; items of a
    meeting past as at `as_at` (today for None) still planned are flagged as missed."""
    today = as_at or timezone.localdate()
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


def progress_report_rows(
    *, partnership: Partnership | None = None, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    """Seed 000's table: each of the partnership's commitments with progress reported (by
    `as_of`, if given), by theme, with its latest update's three columns."""
    reported = ProgressUpdate.objects.filter(commitment=OuterRef("pk"))
    if as_of:
        reported = reported.filter(date__lte=as_of)
    commitments = commitment_list(partnership=partnership, as_at=as_of).filter(Exists(reported))
    rows = []
    for c in commitments.order_by("theme__order", "reference"):
        # The flags are as at the same day as the update shown (today for the latest).
        flags = commitment_flags(c, as_of)
        update = flags.latest
        rows.append({"commitment": c, "theme": c.theme, "update": update, "flags": flags})
    return rows


def commitment_count(partnership: Partnership | None) -> int:
    return int(in_partnership(Commitment.objects.all(), partnership).count())


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
    """The board page's link to its work programme and its report, where it has one."""
    if not WorkProgramme.objects.filter(board_id=board.pk).exists():
        return []
    route = "commitments:work-programme-report"
    return [
        PageLink(
            "The work programme: what the board plans to take at each meeting",
            reverse("commitments:work-programme", args=[board.key]),
            group="Work programme",
        ),
        PageLink(
            "Work programme",
            reverse(route, args=[board.key]),
            group="Reports",
            formats=(
                PageLink("PDF", reverse(f"{route}-pdf", args=[board.key])),
                PageLink("Spreadsheet", reverse(f"{route}-xlsx", args=[board.key])),
            ),
        ),
    ]


def work_programme_boards(partnership: Partnership | None) -> list[tuple[str, str]]:
    """(key, name) of the partnership's boards that have a work programme (every one's
    while none is in view), by name. One query."""
    programmes = WorkProgramme.objects.all()
    if partnership is not None:
        programmes = programmes.filter(board__partnership=partnership)
    return list(
        programmes.order_by("board__name", "board__key").values_list("board__key", "board__name")
    )


# --- Aggregates: counted by the database, a grouped query each, whatever the number of
# commitments (the dashboard, its charts and the reports' counts).


def commitment_counts(
    partnership: Partnership | None, as_at: dt.date | None = None
) -> list[dict[str, Any]]:
    """The partnership's commitments counted by broad theme (a theme's parent, else the
    theme), status and rating (as at `as_at`, if a past day): rows of theme_order,
    theme_name (None for no theme), status, rag and n."""
    rows = in_partnership(Commitment.objects.all(), partnership)
    if as_at is not None and in_the_past(as_at):
        rating = {"status": rating_at("status", as_at), "rag": rating_at("rag", as_at)}
    else:
        rating = {"status": F("status"), "rag": F("rag")}
    groups = (
        rows.order_by()
        .values(
            status_at=rating["status"],
            rag_at=rating["rag"],
            theme_order=Coalesce("theme__parent__order", "theme__order"),
            theme_name=Coalesce("theme__parent__name", "theme__name"),
        )
        .annotate(n=Count("id"))
    )
    return [
        {
            "status": g["status_at"],
            "rag": g["rag_at"],
            "theme_order": g["theme_order"],
            "theme_name": g["theme_name"],
            "n": g["n"],
        }
        for g in groups
    ]


def milestone_counts(
    partnership: Partnership | None, as_at: dt.date | None = None
) -> list[dict[str, Any]]:
    """The partnership's milestones counted by due date, its precision and whether they
    are done (complete by status or by a day of completion; as at `as_at`, completed on
    or before it): rows of due (None for undated), date_precision, done and n. Whether a
    due one is overdue is the tracking rule's to say, on each group."""
    if as_at is not None and in_the_past(as_at):
        completed = Q(completed_on__lte=as_at) | Q(
            completed_on__isnull=True, status=Milestone.Status.COMPLETE
        )
    else:
        completed = Q(status=Milestone.Status.COMPLETE) | Q(completed_on__isnull=False)
    done = Case(
        When(completed, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    rows = in_partnership(Milestone.objects.all(), partnership, "commitment__")
    return list(
        rows.order_by()
        .annotate(done=done)
        .values("due", "date_precision", "done")
        .annotate(n=Count("id"))
    )


def commitment_counts_by(partnership: Partnership | None, field: str) -> list[tuple[Any, int]]:
    """(value of `field`, number of the partnership's commitments), grouped by the
    database; ordered by the value."""
    rows = in_partnership(Commitment.objects.all(), partnership)
    return [
        (r[field], r["n"])
        for r in rows.order_by().values(field).annotate(n=Count("id")).order_by(field)
    ]


def commitment_light_list(partnership: Partnership | None) -> QuerySet[Commitment]:
    """The partnership's commitments with their theme and lead owner only: for pages that
    list them by name, not by their flags."""
    return in_partnership(
        Commitment.objects.select_related("theme", "lead_owner"), partnership
    ).order_by("reference")
