"""Every read the meetings pages share: meetings and their record for staff, what the
public may see of them, the central log of declarations and rulings, and a person's
actions. Each page's queries are a fixed number, whatever the rows (QUALITY P4)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from devolution.governance.models import Board
from devolution.partners.models import Organisation

from .models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Declaration,
    ItemParty,
    Meeting,
    Minutes,
    Paper,
)

CONFIDENTIAL_ITEM = "A confidential item"
WITHHELD = "Withheld: the item is confidential"


def meeting_list(*, board: str | None = None, status: str | None = None) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("board")
    if board:
        meetings = meetings.filter(board__key=board)
    if status:
        meetings = meetings.filter(status=status)
    return meetings.order_by("-date", "board__name")


def meeting_boards() -> QuerySet[Board]:
    """The boards that have meetings, for the list's filter."""
    return Board.objects.filter(pk__in=Meeting.objects.values("board")).order_by("name")


def meeting_get(key: str) -> Meeting:
    """A meeting with its board and its minutes (and the meeting that approved them)."""
    meeting: Meeting = get_object_or_404(
        Meeting.objects.select_related(
            "board__current_phase", "minutes__approved_at_meeting__board"
        ),
        key=key,
    )
    return meeting


def board_meeting_get(board_key: str, key: str) -> Meeting:
    meeting: Meeting = get_object_or_404(
        Meeting.objects.select_related("board"), key=key, board__key=board_key
    )
    return meeting


def minutes_of(meeting: Meeting) -> Minutes | None:
    """The meeting's minutes, if drafted. Needs meeting_get's select_related."""
    return getattr(meeting, "minutes", None)


def item_list(meeting: Meeting, *, public_only: bool = False) -> list[AgendaItem]:
    """The agenda in order, each item with everything the staff page shows of it. With
    public_only, confidential items are not read at all, so nothing of them can show."""
    items = AgendaItem.objects.filter(meeting=meeting)
    if public_only:
        items = items.filter(public=True)
    return list(
        items.select_related("decision", "function", "gateway_phase")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=ItemParty.objects.select_related("organisation", "partnership"),
            ),
            "places",
            "commitments",
            Prefetch("papers", queryset=Paper.objects.order_by("id")),
            Prefetch(
                "flags",
                queryset=ConflictFlag.objects.select_related("person", "ruling__ruled_by").order_by(
                    "person__full_name"
                ),
            ),
            "decision__taking_part",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner", "owner_organisation"),
            ),
        )
        .order_by("order", "id")
    )


def confidential_items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting, public=False).order_by("order", "id"))


def public_item_list(meeting: Meeting) -> list[AgendaItem]:
    """The public items only, with their papers and decisions: no flags, no actions."""
    return list(
        AgendaItem.objects.filter(meeting=meeting, public=True)
        .select_related("decision")
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.order_by("id")),
            "decision__taking_part",
        )
        .order_by("order", "id")
    )


def attendance_list(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "organisation")
        .order_by("kind", "-is_chair", "-is_deputy", "person__full_name")
    )


def declaration_list(meeting: Meeting) -> list[Declaration]:
    return list(
        Declaration.objects.filter(meeting=meeting)
        .select_related("person", "item", "interest__organisation", "interest__partnership")
        .order_by("recorded_at", "id")
    )


def later_meetings(meeting: Meeting) -> list[Meeting]:
    """The meetings of the same board after this one: where its minutes may be approved."""
    return list(
        Meeting.objects.filter(board_id=meeting.board_id, date__gt=meeting.date)
        .select_related("board")
        .order_by("date")
    )


def organisation_choices() -> list[tuple[str, str]]:
    return list(Organisation.objects.order_by("name").values_list("key", "name"))


def paper_get(paper_id: int) -> Paper:
    paper: Paper = get_object_or_404(
        Paper.objects.select_related("item__meeting__board"), pk=paper_id
    )
    return paper


def my_actions(person_id: int) -> QuerySet[Action]:
    """A person's actions, soonest due first, those without a due date last."""
    return (
        Action.objects.filter(owner_id=person_id)
        .select_related("item__meeting__board", "owner_organisation")
        .order_by("done_on", "due", "id")
    )


def board_calendar_meetings(board: Board) -> QuerySet[Meeting]:
    """The board's meetings whose day is known, with their public items' titles."""
    return (
        Meeting.objects.filter(board=board, date_precision="day")
        .select_related("board")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.filter(public=True).order_by("order", "id"),
                to_attr="public_items",
            )
        )
        .order_by("date")
    )


def board_get(key: str) -> Board:
    board: Board = get_object_or_404(Board, key=key)
    return board


@dataclass(frozen=True)
class LogRow:
    """One line of the central log: a declaration made, or a ruling on a flagged conflict.

    For a confidential item the item is not named and the words written about it (the
    declaration, the flag's reasons, the ruling's reason) are withheld: they could name
    what it is about."""

    meeting: Meeting
    item: str
    member: str
    kind: str  # "Declaration" | "Ruling"
    what: str
    ruling: str
    reason: str
    ruled_by: str
    at: dt.datetime


def _item_words(item: AgendaItem | None) -> str:
    if item is None:
        return "The whole meeting"
    return item.title if item.public else CONFIDENTIAL_ITEM


def conflict_log() -> list[LogRow]:
    """Every declaration and every ruling, newest meeting first."""
    rows = []
    for d in Declaration.objects.select_related("meeting__board", "person", "item"):
        open_ = d.item is None or d.item.public
        rows.append(
            LogRow(
                d.meeting,
                _item_words(d.item),
                str(d.person),
                "Declaration",
                d.text if open_ else WITHHELD,
                "",
                "",
                "",
                d.recorded_at,
            )
        )
    flags = ConflictFlag.objects.filter(ruling__isnull=False).select_related(
        "item__meeting__board", "person", "ruling__ruled_by"
    )
    for f in flags:
        ruling = f.ruling
        open_ = f.item.public
        rows.append(
            LogRow(
                f.item.meeting,
                _item_words(f.item),
                str(f.person),
                "Ruling",
                "; ".join(f.reasons) if open_ else WITHHELD,
                ruling.get_outcome_display(),
                ruling.reason if open_ else WITHHELD,
                str(ruling.ruled_by),
                ruling.ruled_at,
            )
        )
    rows.sort(key=lambda r: (r.meeting.date, r.meeting.key, r.at), reverse=True)
    return rows
