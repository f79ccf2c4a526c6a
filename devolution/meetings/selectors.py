"""Every read the meetings pages share: meetings and their record for staff, what the
public may see of them, the central log of declarations and rulings, and a person's
actions. Each page's queries are a fixed number, whatever the rows (QUALITY P4).

What a reader may see is decided by visibility.py alone: every read of items, papers,
minutes and declarations here takes the reader (`reader_of`) and filters by it."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from django.db.models import (
    CharField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator

from devolution.core.links import item_columns
from devolution.core.models import AuditEvent, User
from devolution.core.rules import Verdict
from devolution.core.versions import cached, data_version
from devolution.governance.models import Board, BoardMember
from devolution.governance.rules.access import CHAIR_OFFICES, DEPUTY_OFFICES
from devolution.governance.selectors import board_facts
from devolution.partners.access import memberships_of
from devolution.partners.models import Organisation, Partnership, Place
from devolution.partners.rules import may_keep_registers, may_read_staff_pages

from .interests.selectors import declaration_words
from .models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    Declaration,
    ItemParty,
    Meeting,
    Minutes,
    Paper,
    Ruling,
)
from .rules import conflicts as conflict_rules
from .rules.access import may_read_confidential
from .visibility import (
    PUBLIC,
    Reader,
    minutes_visible,
    visible_flag,
    withheld_words,
)

# The choices pages and the API name at run time, read here so that they import no model.
MEETING_STATUS = Meeting.Status
MINUTES_STATUS = Minutes.Status
# The values the API's fields and filters take, read from the models' choices.
MEETING_STATUSES = tuple(Meeting.Status.values)
# The moves the API's status endpoint makes; the minutes' own statuses follow the minutes.
MEETING_STATUS_MOVES = tuple(
    s.value
    for s in (
        Meeting.Status.SCHEDULED,
        Meeting.Status.AGENDA_PUBLISHED,
        Meeting.Status.HELD,
        Meeting.Status.CANCELLED,
    )
)
RULING_OUTCOMES = tuple(Ruling.Outcome.values)
DECISION_OUTCOMES = tuple(Decision.Outcome.values)
DECISION_HOWS = tuple(Decision.How.values)
ITEM_PURPOSES = tuple(AgendaItem.Purpose.values)
ATTENDANCE_KINDS = tuple(Attendance.Kind.values)
ATTENDANCE_KIND_WORDS = tuple(Attendance.Kind.choices)
# A meeting in one of these statuses has been held.
HELD_STATUSES = (
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_DRAFTED,
    Meeting.Status.MINUTES_APPROVED,
)


def reader_of(person: User | None, board_id: int | None = None) -> Reader:
    """Who reads, for visibility.py: the public, staff, or the secretariat; asked about a
    board (a meeting's), whether they read its confidential business (its seats say)."""
    memberships = memberships_of(person)
    if person is None or not may_read_staff_pages(memberships).allowed:
        return PUBLIC
    if may_keep_registers(memberships).allowed:
        return Reader(staff=True, secretariat=True)
    seated = board_id is not None and (
        may_read_confidential(memberships, board_facts(board_id), person.pk).allowed
    )
    return Reader(staff=True, boards=frozenset({board_id}) if seated and board_id else frozenset())


def meeting_list(
    *,
    board: str | None = None,
    status: str | None = None,
    partnership: Partnership | None = None,
) -> QuerySet[Meeting]:
    """Meetings, newest first: those of one partnership's boards where one is given."""
    meetings = Meeting.objects.select_related("board")
    if partnership is not None:
        meetings = meetings.filter(board__partnership=partnership)
    if board:
        meetings = meetings.filter(board__key=board)
    if status:
        meetings = meetings.filter(status=status)
    return meetings.order_by("-date", "board__name")


def meeting_rows(
    *,
    board: str | None = None,
    status: str | None = None,
    partnership: Partnership | None = None,
    upcoming_from: dt.date | None = None,
    past_before: dt.date | None = None,
) -> QuerySet[Meeting]:
    """meeting_list with only the columns the list page shows (when, which board, where,
    its status): a page of rows is read quickly (QUALITY P1). With `upcoming_from`, the
    meetings from that day on, the soonest first; with `past_before`, those before it,
    the latest first."""
    rows = meeting_list(board=board, status=status, partnership=partnership).only(
        "key",
        "date",
        "date_precision",
        "starts_at",
        "ends_at",
        "place",
        "status",
        "board__name",
    )
    if upcoming_from is not None:
        rows = rows.filter(date__gte=upcoming_from).order_by("date", "board__name")
    if past_before is not None:
        rows = rows.filter(date__lt=past_before)
    return rows


def meeting_boards(partnership: Partnership | None = None) -> list[Any]:
    """The boards of the partnership (every board, with none) that have meetings, for the
    list's filter: their key and names only. One partnership's boards are a dozen or two;
    England's are hundreds, and grow with every partnership."""
    boards = Board.objects.filter(Exists(Meeting.objects.filter(board=OuterRef("pk"))))
    if partnership is not None:
        boards = boards.filter(partnership=partnership)
    return list(boards.order_by("name").values_list("key", "name", "short_name", named=True))


def partnership_named(key: str) -> Partnership | None:
    """The partnership of this key (the filters' `partnership`), or None for a key no
    partnership has: the form says so beside its field."""
    found: Partnership | None = Partnership.objects.filter(key=key).first()
    return found


def default_partnership() -> Partnership | None:
    """The deployment's default partnership, whose meetings the lists show unless asked."""
    from devolution.partners.selectors import partnership_in_view

    return partnership_in_view(None)


def meeting_get(key: str) -> Meeting:
    """A meeting with its board and its minutes (and the meeting that approved them): the
    minutes are shown through minutes_of, for a reader."""
    meeting: Meeting = get_object_or_404(
        Meeting.objects.select_related(
            "board__current_phase",
            "board__partnership",
            "minutes__approved_at_meeting__board",
        ),
        key=key,
    )
    return meeting


def meeting_with_board_get(key: str) -> Meeting:
    """A meeting with its board only, as the API shows it."""
    meeting: Meeting = get_object_or_404(Meeting.objects.select_related("board"), key=key)
    return meeting


def meeting_row_get(key: str) -> Meeting:
    """A meeting alone, or not found: for the doors that only check that it exists."""
    meeting: Meeting = get_object_or_404(Meeting, key=key)
    return meeting


def meeting_exists(key: str) -> bool:
    return Meeting.objects.filter(key=key).exists()


def board_meeting_get(board_key: str, key: str) -> Meeting:
    meeting: Meeting = get_object_or_404(
        Meeting.objects.select_related("board"), key=key, board__key=board_key
    )
    return meeting


def minutes_of(meeting: Meeting, reader: Reader) -> Minutes | None:
    """The meeting's minutes if the reader may read them (visibility.minutes_visible):
    approved ones, or a draft for the board's members and the secretariat. Needs
    meeting_get's select_related."""
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    if minutes is None or not minutes_visible(reader, minutes.status, meeting.board_id):
        return None
    return minutes


def minutes_drafted(meeting: Meeting) -> bool:
    """Whether the meeting has minutes at all, to say a draft exists without showing it.
    Needs meeting_get's select_related."""
    return getattr(meeting, "minutes", None) is not None


def item_list(meeting: Meeting, reader: Reader) -> list[AgendaItem]:
    """The agenda in order as the reader may see it, each item with everything the staff
    page shows of it. Items withheld from the reader are not read at all."""
    return list(
        AgendaItem.objects.visible_to(reader)
        .filter(meeting=meeting)
        .select_related("decision", "function", "gateway_phase", "gateway_criterion", "minutes_of")
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
        # What higher areas show under an item, read in this query (core.links.item_offer).
        .annotate(**item_columns())
        .order_by("order", "id")
    )


def item_get(meeting_key: str, item_key: str) -> AgendaItem:
    """An item by its meeting's key and its own, whoever reads (the writes check access)."""
    item: AgendaItem = get_object_or_404(AgendaItem, meeting__key=meeting_key, key=item_key)
    return item


def item_numbers(meeting: Meeting | int) -> dict[int, int]:
    """Each item's number on the agenda (1, 2, 3 … in the agenda's order), by item id:
    the same for every reader, the staff page, the public page, the minutes and the pack,
    so a confidential item keeps its number where it is withheld."""
    ids = AgendaItem.objects.filter(meeting=meeting).order_by("order", "id")
    return {pk: number for number, pk in enumerate(ids.values_list("pk", flat=True), start=1)}


T_Item = TypeVar("T_Item", bound=AgendaItem)


def agenda_numbered(
    meeting: Meeting, reader: Reader = PUBLIC, items: Iterable[T_Item] | None = None
) -> list[tuple[int, T_Item]]:
    """The agenda as the reader may see it, each item with its number (item_numbers):
    `items` where the caller has read them already (in the agenda's order), else the
    items the reader may see."""
    if items is not None and reader.staff and reader.reads_confidential(meeting.board_id):
        # Those who read the board's confidential business see every item: their agenda's
        # order is the numbering itself, with no query.
        return list(enumerate(items, start=1))
    numbers = item_numbers(meeting)
    rows: Iterable[Any] = (
        items
        if items is not None
        else AgendaItem.objects.visible_to(reader).filter(meeting=meeting).order_by("order", "id")
    )
    return [(numbers[item.pk], item) for item in rows]


def item_of(meeting: Meeting, item_id: int) -> AgendaItem:
    """An item of this meeting by its id; one of another meeting is not found."""
    item: AgendaItem = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    return item


def item_find(meeting: Meeting, item_key: str) -> AgendaItem | None:
    """An item of this meeting by its key, or None: for a field naming it."""
    return AgendaItem.objects.filter(meeting=meeting, key=item_key).first()


def item_visible_get(meeting: Meeting, item_key: str, reader: Reader) -> AgendaItem:
    """An item as the reader may see it, with what it names; one withheld is not found."""
    item: AgendaItem = get_object_or_404(
        AgendaItem.objects.visible_to(reader).select_related(
            "meeting", "function", "gateway_phase", "gateway_criterion__phase", "decision"
        ),
        meeting=meeting,
        key=item_key,
    )
    return item


def item_decided_list(meeting: Meeting, reader: Reader) -> list[AgendaItem]:
    """The agenda in order as the reader may see it, each item with its decision: the API's."""
    return list(
        AgendaItem.objects.visible_to(reader)
        .filter(meeting=meeting)
        .select_related("decision")
        .order_by("order")
    )


def flag_list_for_items(items: Iterable[AgendaItem]) -> list[ConflictFlag]:
    """The conflict flags on these items, each with its person and ruling."""
    return list(
        ConflictFlag.objects.filter(item__in=items).select_related("person", "ruling__ruled_by")
    )


def flag_list_for_item(item: AgendaItem) -> list[ConflictFlag]:
    return flag_list_for_items([item])


def item_flag_get(meeting_key: str, item_key: str, person_email: str) -> ConflictFlag:
    """A flag on an item, by the meeting's and the item's keys and the person's email."""
    flag: ConflictFlag = get_object_or_404(
        ConflictFlag,
        item__meeting__key=meeting_key,
        item__key=item_key,
        person__email__iexact=person_email,
    )
    return flag


def flag_get(flag_id: int) -> ConflictFlag:
    flag: ConflictFlag = get_object_or_404(ConflictFlag, pk=flag_id)
    return flag


def meeting_flag_get(meeting: Meeting, flag_id: int) -> ConflictFlag:
    """A flag on an item of this meeting, with its person and item; any other not found."""
    flag: ConflictFlag = get_object_or_404(
        ConflictFlag.objects.select_related("person", "item"), pk=flag_id, item__meeting=meeting
    )
    return flag


def confidential_items(meeting: Meeting, reader: Reader) -> list[AgendaItem]:
    """The confidential items the reader may see: none, unless they read the board's."""
    return list(
        AgendaItem.objects.visible_to(reader)
        .filter(meeting=meeting, public=False)
        .order_by("order", "id")
    )


def public_item_list(meeting: Meeting) -> list[AgendaItem]:
    """The published items only, with their papers and decisions: no flags, no actions."""
    return list(
        AgendaItem.objects.published()
        .filter(meeting=meeting)
        .select_related("decision")
        .prefetch_related(
            Prefetch("papers", queryset=Paper.objects.order_by("id")),
            "decision__taking_part",
        )
        .annotate(**item_columns())
        .order_by("order", "id")
    )


def attendance_list(meeting: Meeting) -> list[Attendance]:
    """Who attended and who sent apologies, each row with `seated_chair` and
    `seated_deputy`: whether the board's seats name the person a chair (or co-chair) or a
    deputy, read with the rows rather than in a query of their own (QUALITY P4)."""
    seats = BoardMember.objects.filter(board_id=meeting.board_id, person_id=OuterRef("person_id"))
    return list(
        Attendance.objects.filter(meeting=meeting)
        .annotate(
            seated_chair=Exists(seats.filter(office__in=CHAIR_OFFICES)),
            seated_deputy=Exists(seats.filter(office__in=DEPUTY_OFFICES)),
        )
        .select_related("person", "organisation")
        .order_by("kind", "-is_chair", "-is_deputy", "person__full_name")
    )


def attendance_rows(key: str) -> list[dict[str, Any]]:
    """A meeting's attendance as the API gives it, as plain rows in attendance_list's
    order, kept until the next write (core.versions.cached): the meeting's rows are read
    once a version, not on every request (QUALITY P1). Not found for a meeting no one
    has (nothing is kept)."""

    def build() -> list[dict[str, Any]]:
        meeting = meeting_row_get(key)
        rows = (
            Attendance.objects.filter(meeting=meeting)
            .order_by("kind", "-is_chair", "-is_deputy", "person__full_name")
            .values(
                "kind",
                "is_chair",
                "is_deputy",
                "name",
                "organisation_name",
                "deputy_name",
                **{"person.email": F("person__email"), "organisation.key": F("organisation__key")},
            )
        )
        return [dict(row) for row in rows]

    return cached(f"meetings:attendance:{key}", build)


def chair_seats(board_id: int) -> tuple[tuple[int | None, str, str], ...]:
    """The board's chairs, co-chairs and deputy chairs as (person id, name, office): who
    rules on a chair's own conflict (rules.conflicts.who_rules_instead)."""
    return tuple(
        (m.person_id, m.holder, m.office)
        for m in BoardMember.objects.filter(
            board_id=board_id, office__in=CHAIR_OFFICES | DEPUTY_OFFICES
        )
        .select_related("person")
        .order_by("id")
    )


def roll_call_seats(meeting: Meeting) -> list[BoardMember]:
    """The board's seats for the roll-call, in the order of its seat rules, each with its
    holder, their organisation and the seat's label."""
    return list(
        BoardMember.objects.filter(board_id=meeting.board_id)
        .select_related("person", "organisation", "seat_rule")
        .order_by("seat_rule__order", "id")
    )


def ruling_verdict(attendance: Iterable[Attendance], ruler_id: int) -> Callable[[int], Verdict]:
    """Whether `ruler_id` may rule on the flag of each person at this meeting, by the rule
    the ruling service applies (rules.conflicts.may_rule), over `attendance` as
    attendance_list reads it: who is present, and which of them the board's seats name
    chair or deputy. Only a present chair or deputy rules, so the seats of those present
    are all the rule needs, and no query is made here."""
    present = [
        (a, a.person_id)
        for a in attendance
        if a.kind == Attendance.Kind.PRESENT and a.person_id is not None
    ]
    present_ids = frozenset(p for _, p in present)
    chair_ids = frozenset(p for a, p in present if getattr(a, "seated_chair", False))
    deputy_ids = frozenset(p for a, p in present if getattr(a, "seated_deputy", False))

    def verdict(flagged_id: int) -> Verdict:
        return conflict_rules.may_rule(
            ruler_id=ruler_id,
            flagged_id=flagged_id,
            present_ids=present_ids,
            chair_ids=chair_ids,
            deputy_ids=deputy_ids,
        )

    return verdict


def action_get(action_id: int) -> Action:
    """An action with its owning organisation, for the rule on who marks it done."""
    action: Action = get_object_or_404(
        Action.objects.select_related("owner_organisation"), pk=action_id
    )
    return action


def action_keyed_get(meeting_key: str, item_key: str, number: int) -> Action:
    """An item's action by its number within the item (its key in the API); 404 if the
    meeting's item has no action of that number."""
    action: Action = get_object_or_404(
        Action.objects.select_related("item__meeting__board", "owner", "owner_organisation"),
        item__meeting__key=meeting_key,
        item__key=item_key,
        number=number,
    )
    return action


def later_meetings(meeting: Meeting) -> list[Meeting]:
    """The meetings of the same board after this one that have been held: where its
    minutes may be approved."""
    return list(
        Meeting.objects.filter(
            board_id=meeting.board_id, date__gt=meeting.date, status__in=HELD_STATUSES
        )
        .select_related("board")
        .order_by("date")
    )


def organisation_choices(partnership: Partnership | None = None) -> list[tuple[str, str]]:
    """The organisations a form about one partnership's business offers (who attends, who
    owns an action, whom an interest or an item concerns): see `partnership_organisations`.
    With no partnership (no default chosen yet, a small data set) every organisation."""
    return list(partnership_organisations(partnership).order_by("name").values_list("key", "name"))


# How far below a partnership's footprint its forms look for places: a footprint of a
# region reaches its systems and their boroughs, one of a system its boroughs and areas.
FOOTPRINT_DEPTH = 2


def footprint_places(partnership: Partnership | None) -> QuerySet[Place]:
    """The places of a partnership's footprint and those within them (by `parent`, down
    FOOTPRINT_DEPTH levels): what its boards' business is about. Every place with none."""
    if partnership is None:
        return Place.objects.all()
    footprint = Place.objects.filter(partnerships=partnership).values("pk")
    within = Q(pk__in=footprint)
    parent = "parent"
    for _ in range(FOOTPRINT_DEPTH):
        within |= Q(**{f"{parent}__in": footprint})
        parent += "__parent"
    return Place.objects.filter(within)


def partnership_organisations(partnership: Partnership | None) -> QuerySet[Organisation]:
    """A partnership's members and the organisations serving a place of its footprint:
    the organisations its boards meet with. A select of every organisation in England
    (hundreds, growing with each partnership) is neither quick to render nor to use, so
    the meetings forms offer these; one query, however many partnerships there are."""
    if partnership is None:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        Q(pk__in=partnership.members.values("pk"))
        | Q(pk__in=footprint_places(partnership).values("organisations"))
    )


def partnership_partnerships(partnership: Partnership | None) -> QuerySet[Partnership]:
    """The partnership and those whose footprint lies within its own (a system's boroughs'
    partnerships, say): the partnerships its boards' items and interests may name."""
    if partnership is None:
        return Partnership.objects.all()
    return Partnership.objects.filter(
        Q(pk=partnership.pk) | Q(pk__in=footprint_places(partnership).values("partnerships"))
    )


def meeting_partnership(meeting: Meeting) -> Partnership | None:
    """The partnership a meeting's forms are about: its board's, else the deployment's
    default (a board not yet assigned to one), else None (every row of a small data set).
    Needs the board (meeting_get's select_related); one query at most."""
    board_partnership: Partnership | None = getattr(meeting.board, "partnership", None)
    return board_partnership or default_partnership()


def meeting_organisation_choices(meeting: Meeting) -> list[tuple[str, str]]:
    """The organisations a meeting's forms offer: its partnership's, and any already named
    at the meeting (an attendance or an action), so that nothing recorded drops out."""
    partnership = meeting_partnership(meeting)
    named = Q(pk__in=Attendance.objects.filter(meeting=meeting).values("organisation")) | Q(
        pk__in=Action.objects.filter(item__meeting=meeting).values("owner_organisation")
    )
    scoped = Organisation.objects.filter(
        Q(pk__in=partnership_organisations(partnership).values("pk")) | named
    )
    return list(scoped.order_by("name").values_list("key", "name"))


def paper_get(paper_id: int, person: User | None) -> Paper:
    """A paper the person may read (the public: a published item's); any other is not
    found, as if it did not exist."""
    board_id = (
        Paper.objects.filter(pk=paper_id).values_list("item__meeting__board_id", flat=True).first()
    )
    reader = reader_of(person, board_id) if board_id is not None else PUBLIC
    paper: Paper = get_object_or_404(
        Paper.objects.visible_to(reader).select_related("item__meeting__board"), pk=paper_id
    )
    return paper


# What a list of actions shows (the page and the API): the action, its item and
# meeting, the board's name and whose it is; the rows' other columns are not read, so a
# page of them is quick to load (QUALITY P1).
ACTION_COLUMNS = (
    "version",
    "number",
    "text",
    "due",
    "done_on",
    "owner_id",
    "owner_organisation_id",
    "item__key",
    "item__title",
    "item__meeting__key",
    "item__meeting__date",
    "item__meeting__date_precision",
    "item__meeting__board__name",
    "item__meeting__board__short_name",
    "owner__email",
    "owner__full_name",
    "owner_organisation__key",
    "owner_organisation__name",
)


def action_list(
    *,
    owner_id: int | None = None,
    organisation_ids: Iterable[int] = (),
    meeting_key: str | None = None,
) -> QuerySet[Action]:
    """Actions: those a person owns and those their organisations own (with neither
    given, every action), optionally of one meeting. Open ones first, soonest due first
    and those without a due date last; then the done, latest done first."""
    actions = Action.objects.all()
    organisations = list(organisation_ids)
    if owner_id is not None or organisations:
        actions = actions.filter(
            Q(owner_id=owner_id) | Q(owner_organisation_id__in=organisations)
            if owner_id is not None
            else Q(owner_organisation_id__in=organisations)
        )
    if meeting_key is not None:
        actions = actions.filter(item__meeting__key=meeting_key)
    return (
        actions.select_related("item__meeting__board", "owner", "owner_organisation")
        .only(*ACTION_COLUMNS)
        .order_by(F("done_on").desc(nulls_first=True), F("due").asc(nulls_last=True), "id")
    )


def my_actions(person_id: int, organisation_ids: Iterable[int] = ()) -> QuerySet[Action]:
    """The actions a person owns, and those owned by the organisations they belong to."""
    return action_list(owner_id=person_id, organisation_ids=organisation_ids)


def board_calendar_meetings(board: Board) -> QuerySet[Meeting]:
    """The board's meetings whose day is known, with their public items' titles and, as
    `changed` and `items_changed`, when the audit record last saw the meeting and its
    published items change."""
    meeting_events = AuditEvent.objects.filter(
        object_type=Meeting._meta.label_lower,
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    published = (
        AgendaItem.objects.published()
        .filter(meeting=OuterRef(OuterRef("pk")))
        .annotate(text_id=Cast("pk", CharField()))
        .values("text_id")
    )
    item_events = AuditEvent.objects.filter(
        object_type=AgendaItem._meta.label_lower, object_id__in=Subquery(published)
    )
    return (
        Meeting.objects.filter(board=board, date_precision="day")
        .annotate(
            changed=Subquery(meeting_events.order_by("-at").values("at")[:1]),
            items_changed=Subquery(item_events.order_by("-at").values("at")[:1]),
        )
        .select_related("board")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.published().order_by("order", "id"),
                to_attr="public_items",
            )
        )
        .order_by("date")
    )


def board_get(key: str) -> Board:
    board: Board = get_object_or_404(Board, key=key)
    return board


@dataclass(frozen=True)
class LogBoard:
    name: str
    short_name: str


@dataclass(frozen=True)
class LogMeeting:
    """A log row's meeting as the log names it (meeting_when reads its date): plain data,
    so that a page of the log is kept in the cache until the next write."""

    key: str
    date: dt.date
    date_precision: str
    board: LogBoard

    @classmethod
    def of(cls, meeting: Meeting) -> "LogMeeting":
        board = meeting.board
        return cls(
            meeting.key,
            meeting.date,
            meeting.date_precision,
            LogBoard(board.name, board.short_name),
        )


@dataclass(frozen=True)
class LogRow:
    """One line of the central log: a declaration made, or a ruling on a flagged conflict.

    The log is public: for an item the public does not see (a confidential one, or one
    of an agenda not yet published) the item is not named and the words written about it
    (the declaration, the flag's reasons, the ruling's reason) are withheld: they could
    name what it is about."""

    meeting: "LogMeeting"
    item: str
    member: str
    kind: str  # "Declaration" | "Ruling"
    what: str
    ruling: str
    reason: str
    ruled_by: str
    at: dt.datetime


def _declaration_row(d: Declaration) -> LogRow:
    item, what = declaration_words(d)
    return LogRow(
        LogMeeting.of(d.meeting),
        item,
        str(d.person),
        "Declaration",
        what,
        "",
        "",
        "",
        d.recorded_at,
    )


def _ruling_row(f: ConflictFlag) -> LogRow:
    ruling = f.ruling
    if getattr(f, "item_visible", False):
        item, what, reason = f.item.title, "; ".join(f.reasons), ruling.reason
    else:
        item, what = withheld_words(f.item.public)
        reason = what
    return LogRow(
        LogMeeting.of(f.item.meeting),
        item,
        str(f.person),
        "Ruling",
        what,
        ruling.get_outcome_display(),
        reason,
        str(ruling.ruled_by),
        ruling.ruled_at,
    )


DECLARED, RULED = 0, 1
T = TypeVar("T")


def _log_meeting(path: str) -> list[str]:
    """A log row's meeting, as the log and its CSV name it: its key, date and board."""
    return [
        f"{path}{f}" for f in ("key", "date", "date_precision", "board__name", "board__short_name")
    ]


def _log_person(path: str) -> list[str]:
    """A person as a log row names them (str(person): their name, else their email)."""
    return [f"{path}full_name", f"{path}email"]


class ConflictLog:
    """Every declaration and every ruling, newest meeting first, as a sequence a Paginator
    reads one page of: the database orders the two tables as one and counts them, and
    only the page's rows are read, so a page makes the same four queries however long
    the log grows (QUALITY P3, P4). Iterated, it gives every row (the CSV).

    Given a partnership, the log is of its boards' meetings only: a partnership's log is
    its own, and it does not grow with England's other partnerships' meetings."""

    def __init__(self, partnership: Partnership | None = None) -> None:
        self.partnership = partnership
        self._version: str | None = None

    def _kept(self, what: str, build: Callable[[], T]) -> T:
        """`build()` kept until the next write (core.versions.cached): a page of the log
        and its count are read once per version of the data, the version once a request."""
        if self._version is None:
            self._version = data_version()
        scope = self.partnership.pk if self.partnership is not None else "all"
        return cached(f"meetings:conflict-log:{scope}:{what}", build, version=self._version)

    def _declared(self) -> QuerySet[Declaration]:
        declared = Declaration.objects.all()
        if self.partnership is not None:
            declared = declared.filter(meeting__board__partnership=self.partnership)
        return declared

    def _flagged(self) -> QuerySet[ConflictFlag]:
        flagged = ConflictFlag.objects.all()
        if self.partnership is not None:
            flagged = flagged.filter(item__meeting__board__partnership=self.partnership)
        return flagged

    def _declarations(self) -> QuerySet[Declaration]:
        """The declarations of a page, with only the columns the log shows: a page's
        rows are read quickly (QUALITY P1)."""
        return (
            Declaration.objects.annotate(item_visible=visible_flag(PUBLIC, "item__"))
            .select_related("meeting__board", "person", "item")
            .only(
                "text",
                "recorded_at",
                *_log_meeting("meeting__"),
                *_log_person("person__"),
                "item__title",
                "item__public",
            )
        )

    def _rulings(self) -> QuerySet[ConflictFlag]:
        """The flags ruled on: the ruling is joined, not filtered on, as the rows asked
        for by id are known to have one. Only the columns the log shows."""
        return (
            ConflictFlag.objects.annotate(item_visible=visible_flag(PUBLIC, "item__"))
            .select_related("item__meeting__board", "person", "ruling__ruled_by")
            .only(
                "reasons",
                "item__title",
                "item__public",
                *_log_meeting("item__meeting__"),
                *_log_person("person__"),
                "ruling__outcome",
                "ruling__reason",
                "ruling__ruled_at",
                *_log_person("ruling__ruled_by__"),
            )
        )

    def _order(self) -> QuerySet[Any]:
        """(kind, id) of every row, in the log's order; each side names its columns the
        same, in the same order, for the union."""
        declared = (
            self._declared()
            .annotate(
                row_kind=Value(DECLARED),
                row_id=F("pk"),
                row_date=F("meeting__date"),
                row_meeting=F("meeting__key"),
                row_at=F("recorded_at"),
            )
            .values_list("row_kind", "row_id", "row_date", "row_meeting", "row_at")
        )
        ruled = (
            self._flagged()
            .filter(ruling__isnull=False)
            .annotate(
                row_kind=Value(RULED),
                row_id=F("pk"),
                row_date=F("item__meeting__date"),
                row_meeting=F("item__meeting__key"),
                row_at=F("ruling__ruled_at"),
            )
            .values_list("row_kind", "row_id", "row_date", "row_meeting", "row_at")
        )
        return declared.union(ruled, all=True).order_by(
            "-row_date", "-row_meeting", "-row_at", "-row_kind", "-row_id"
        )

    def count(self) -> int:
        return self._kept("count", self._count)

    def _count(self) -> int:
        # A ruling is on one flag: counting the two tables is counting the log's rows.
        rulings = Ruling.objects.all()
        if self.partnership is not None:
            rulings = rulings.filter(flag__item__meeting__board__partnership=self.partnership)
        return self._declared().count() + rulings.count()

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> LogRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[LogRow]: ...

    def __getitem__(self, index: int | slice) -> LogRow | list[LogRow]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        return self._kept(f"{index.start}:{index.stop}", lambda: self._rows(index))

    def _rows(self, index: slice) -> list[LogRow]:
        keys = [(kind, pk) for kind, pk, *_ in self._order()[index]]
        wanted = {kind: [pk for k, pk in keys if k == kind] for kind in (DECLARED, RULED)}
        rows = {
            (DECLARED, d.pk): _declaration_row(d)
            for d in self._declarations().filter(pk__in=wanted[DECLARED])
        }
        rows.update(
            {(RULED, f.pk): _ruling_row(f) for f in self._rulings().filter(pk__in=wanted[RULED])}
        )
        return [rows[key] for key in keys]

    def __iter__(self) -> Iterator[LogRow]:
        # Every row (the CSV, itself made once a version): read, not kept.
        return iter(self._rows(slice(None)))


def conflict_log(partnership: Partnership | None = None) -> ConflictLog:
    """The central log of declarations and rulings, newest meeting first: of one
    partnership's boards' meetings, given one."""
    return ConflictLog(partnership)


# ------------------------------------------------------- what an agenda item may name


def board_choices(partnership: Partnership | None = None) -> list[tuple[str, str]]:
    """The boards a meeting may be scheduled for: the partnership's (every board, with
    none), not every board in England."""
    boards = Board.objects.all()
    if partnership is not None:
        boards = boards.filter(partnership=partnership)
    return list(boards.order_by("name").values_list("key", "name"))


def partnership_in_view(key: str | None) -> Partnership | None:
    """The partnership a page is about: that of `?partnership=` (404 for a key none has),
    else the deployment's default (partners.selectors.partnership_in_view)."""
    from devolution.partners.selectors import partnership_in_view as in_view

    return in_view(key)


def _criterion_choices(meeting: Meeting) -> list[tuple[str, str]]:
    """The gateway criteria an item of this meeting may name, in one query: those of the
    board's next phase, and any an item of the meeting names already (the board may have
    moved on since), each as "<phase>: <criterion>" in the gateway's order."""
    from devolution.governance.models import GatewayCriterion

    board = meeting.board
    # A board not yet in any phase enters its first.
    next_order = Coalesce(
        Subquery(Board.objects.filter(pk=board.pk).values("current_phase__order")), Value(0)
    ) + Value(1)
    rows = (
        GatewayCriterion.objects.filter(phase__model_id=board.phase_model_id)
        .filter(
            Q(phase__order=next_order)
            | Q(pk__in=AgendaItem.objects.filter(meeting=meeting).values("gateway_criterion_id"))
        )
        .order_by("phase__order", "order", "id")
        .values_list("phase__key", "phase__name", "key", "text")
    )
    return [
        (f"{phase_key}:{key}", f"{phase_name}: {Truncator(text).chars(110)}")
        for phase_key, phase_name, key, text in rows
    ]


def item_form_choices(meeting: Meeting) -> dict[str, list[tuple[str, Any]]]:
    """The choices of the agenda item form: six queries, whatever the data set.

    The parties, places and commitments an item may name are those of the meeting's
    partnership (meeting_partnership): its organisations (partnership_organisations),
    the partnerships and places of its footprint, its commitments; and whatever an item
    of this meeting names already, so that changing an item never drops what it names.
    A board secretary picks from their own partnership's few dozen, not from every body
    in England, and the page does not grow with the other partnerships' data."""
    from devolution.commitments.models import Commitment
    from devolution.governance.models import Function, Phase

    partnership = meeting_partnership(meeting)
    items = AgendaItem.objects.filter(meeting=meeting)
    parties = ItemParty.objects.filter(item__meeting=meeting)
    organisations = Organisation.objects.filter(
        Q(pk__in=partnership_organisations(partnership).values("pk"))
        | Q(pk__in=parties.values("organisation"))
    )
    partnerships = Partnership.objects.filter(
        Q(pk__in=partnership_partnerships(partnership).values("pk"))
        | Q(pk__in=parties.values("partnership"))
    )
    place_rows = Place.objects.filter(
        Q(pk__in=footprint_places(partnership).values("pk")) | Q(pk__in=items.values("places"))
    )
    commitments = Commitment.objects.all()
    if partnership is not None:
        commitments = commitments.filter(
            Q(partnership=partnership) | Q(pk__in=items.values("commitments"))
        )
    places: dict[str, list[tuple[str, str]]] = {}
    for code, name, level in place_rows.order_by("level__rank", "name").values_list(
        "code", "name", "level__name"
    ):
        places.setdefault(level, []).append((code, name))
    # The organisations and the partnerships in one query: a party is either.
    party_rows = (
        organisations.order_by()
        .annotate(party=Value("organisation"))
        .values_list("party", "key", "name")
        .union(
            partnerships.order_by()
            .annotate(party=Value("partnership"))
            .values_list("party", "key", "name")
        )
        .order_by("party", "name")
    )
    party_groups: dict[str, list[tuple[str, str]]] = {"organisation": [], "partnership": []}
    for party, key, name in party_rows:
        party_groups[party].append((f"{party}:{key}", name))
    return {
        "functions": list(Function.objects.order_by("name").values_list("key", "name")),
        "phases": list(
            Phase.objects.filter(model_id=meeting.board.phase_model_id)
            .order_by("order")
            .values_list("key", "name")
        ),
        "criteria": _criterion_choices(meeting),
        "parties": [
            ("Organisations", party_groups["organisation"]),
            ("Partnerships", party_groups["partnership"]),
        ],
        "places": list(places.items()),
        "commitments": [
            (r, f"{r}: {Truncator(t).chars(90)}")
            for r, t in commitments.order_by("reference").values_list("reference", "text")
        ],
    }
