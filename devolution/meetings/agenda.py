"""Scheduling a meeting and drafting its agenda from the board's work programme (SPEC §7,
§8): the items planned for that meeting, and the missed items carried to it."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from devolution.commitments.models import PlannedMeeting, WorkItem
from devolution.core.errors import InvalidInput, NotAllowed, Problem
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.models import Board
from devolution.partners.access import memberships_of
from devolution.partners.rules import may_keep_registers

from .models import AgendaItem, Meeting

# What an item of the forward plan asks of the board, by its kind.
PURPOSE_BY_KIND = {
    "decision": "decide",
    "gateway_move": "decide",
    "report": "note",
    "update": "note",
}


def _secretariat(actor: User) -> None:
    if not may_keep_registers(memberships_of(actor)).allowed:
        raise NotAllowed("The secretariat schedules meetings and builds their agendas.")


def meeting_schedule(
    *, actor: User, board_key: str, date: dt.date, place: str = "", quorum: int | None = None
) -> Meeting:
    _secretariat(actor)
    board = Board.objects.filter(key=board_key).first()
    problems = []
    if board is None:
        problems.append(Problem(f"no board {board_key!r}", field="board"))
    if quorum is not None and quorum < 1:
        problems.append(Problem("a quorum is at least 1", field="quorum"))
    if problems or board is None:
        raise InvalidInput(problems)
    key = f"{board.key}-{date:%Y-%m-%d}"
    if Meeting.objects.filter(key=key).exists():
        raise InvalidInput([Problem("the board already has a meeting on that day", field="date")])
    with transaction.atomic():
        meeting = Meeting.objects.create(
            key=key, board=board, date=date, place=place.strip(), quorum=quorum
        )
        audit_record(
            actor=actor,
            action="schedule",
            obj=meeting,
            before=None,
            after=snapshot(meeting, ["key", "board", "date", "place", "quorum"]),
        )
    return meeting


def _planned_meeting(meeting: Meeting) -> PlannedMeeting | None:
    """The forward plan's meeting this one is: the same day, else the same month."""
    plans = PlannedMeeting.objects.filter(programme__board=meeting.board)
    return (
        plans.filter(date=meeting.date).first()
        or plans.filter(date__year=meeting.date.year, date__month=meeting.date.month).first()
    )


def agenda_draft(*, actor: User, meeting_key: str) -> list[AgendaItem]:
    """Start the agenda from the work programme: every item planned for this meeting that
    has not been taken yet, in the plan's order of areas. Running it again adds nothing
    twice."""
    _secretariat(actor)
    meeting = Meeting.objects.select_related("board").filter(key=meeting_key).first()
    if meeting is None:
        raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
    planned = _planned_meeting(meeting)
    if planned is None:
        raise InvalidInput(
            [Problem("the board's work programme plans nothing for this meeting", field="meeting")]
        )
    items = (
        WorkItem.objects.filter(meeting=planned, status=WorkItem.Status.PLANNED)
        .select_related("commitment", "phase", "gateway_criterion__phase")
        .order_by("id")
    )
    created = []
    with transaction.atomic():
        order = meeting.items.count()
        for work in items:
            key = slugify(work.reference)[:80]
            if (
                AgendaItem.objects.filter(meeting=meeting)
                .filter(Q(key=key) | Q(title=work.title))
                .exists()
            ):
                continue  # already on the agenda
            order += 1
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                key=key,
                title=work.title,
                purpose=PURPOSE_BY_KIND.get(work.kind, "consider"),
                gateway_phase=work.phase if work.kind == "gateway_move" else None,
                source=work.source,
                quote=work.quote,
            )
            if work.commitment_id:
                item.commitments.add(work.commitment_id)
            audit_record(
                actor=actor,
                action="draft_agenda",
                obj=item,
                before=None,
                after={"title": item.title, "from_work_item": work.reference},
            )
            created.append(item)
    return created
