"""The reads behind what the meetings area shows on other areas' pages: a board's
meetings on its page, and on the home page a person's next meetings and their papers,
the rulings awaiting them as chair, their actions and their organisations', their
entries in the register of interests, and for everyone what is coming up and what was
decided recently. Each is counted and listed by the database, a fixed number of queries
whatever the rows (QUALITY P4)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from devolution.commitments.models import Commitment, ProgressUpdate
from devolution.governance.models import BoardMember
from devolution.governance.rules.access import CHAIR_OFFICES
from devolution.partners.access import memberships_of
from devolution.partners.rules import may_keep_registers, may_read_staff_pages
from devolution.partners.selectors import partnership_in_view

from .models import Action, ConflictFlag, Decision, Interest, Meeting, Paper
from .visibility import PUBLIC, Reader, published_q

T = TypeVar("T")

# How many rows of each a section lists; its count is of them all.
SHOWN = 5
# How many of a board's past meetings its page lists, the latest first.
PAST_SHOWN = 10

CANCELLED = Meeting.Status.CANCELLED


@dataclass(frozen=True)
class Counted(Generic[T]):
    """The first rows of a list, and how many it has in all."""

    count: int
    rows: list[T]


def _counted(rows: QuerySet[Any], shown: int = SHOWN) -> Counted[Any]:
    return Counted(rows.count(), list(rows[:shown]))


# ------------------------------------------------------------------- a board's meetings


def board_meetings_split(board_id: int, today: dt.date) -> tuple[list[Meeting], Counted[Meeting]]:
    """The board's meetings from today on, the soonest first, and its past ones, the
    latest first (the first PAST_SHOWN, and how many)."""
    meetings = Meeting.objects.filter(board_id=board_id).only(
        "key", "date", "date_precision", "status", "place"
    )
    upcoming = list(meetings.filter(date__gte=today).order_by("date", "pk"))
    past = _counted(meetings.filter(date__lt=today).order_by("-date", "-pk"), PAST_SHOWN)
    return upcoming, past


# -------------------------------------------------------------------- a person's home


@dataclass(frozen=True)
class PersonFacts:
    """What a person's home is read by: their organisations, the boards they sit on and
    those they chair (their seats say), whether they are staff and keep the registers."""

    person_id: int
    organisation_ids: frozenset[int]
    board_ids: frozenset[int]
    chaired_ids: frozenset[int]
    staff: bool
    secretariat: bool


def person_facts(person: Any) -> PersonFacts:
    memberships = memberships_of(person)
    seats = list(BoardMember.objects.filter(person_id=person.pk).values_list("board_id", "office"))
    return PersonFacts(
        person_id=person.pk,
        organisation_ids=frozenset(m.organisation_id for m in memberships),
        board_ids=frozenset(board for board, _ in seats),
        chaired_ids=frozenset(board for board, office in seats if office in CHAIR_OFFICES),
        staff=may_read_staff_pages(memberships).allowed,
        secretariat=may_keep_registers(memberships).allowed,
    )


def _reader(facts: PersonFacts) -> Reader:
    if not facts.staff:
        return PUBLIC
    return Reader(staff=True, secretariat=facts.secretariat, boards=facts.board_ids)


def next_meetings_of(facts: PersonFacts, today: dt.date) -> Counted[Meeting]:
    """The next meetings of the boards the person sits on, the soonest first, with the
    papers they may read; for the secretariat, who sit on none, those of the default
    partnership's boards, whose record they keep."""
    meetings = Meeting.objects.filter(date__gte=today).exclude(status=CANCELLED)
    if facts.board_ids:
        meetings = meetings.filter(board_id__in=facts.board_ids)
    elif facts.secretariat:
        partnership = partnership_in_view(None)
        if partnership is not None:
            meetings = meetings.filter(board__partnership=partnership)
    else:
        meetings = meetings.none()
    papers = Paper.objects.visible_to(_reader(facts)).order_by("item__order", "pk")
    return _counted(
        meetings.select_related("board")
        .prefetch_related(Prefetch("items__papers", queryset=papers))
        .order_by("date", "pk")
        .only("key", "date", "date_precision", "status", "board__name", "board__short_name")
    )


def meeting_papers(meeting: Meeting) -> list[Paper]:
    """The papers next_meetings_of read for the meeting, in the agenda's order."""
    return [paper for item in meeting.items.all() for paper in item.papers.all()]


def rulings_awaited(facts: PersonFacts) -> Counted[ConflictFlag]:
    """Flags on items of meetings of the boards the person chairs, not yet ruled on,
    but for their own (another must rule on those)."""
    flags = (
        ConflictFlag.objects.filter(
            item__meeting__board_id__in=facts.chaired_ids, ruling__isnull=True
        )
        .exclude(person_id=facts.person_id)
        .exclude(item__meeting__status=CANCELLED)
        .select_related("person", "item__meeting__board")
        .order_by("item__meeting__date", "item__order", "pk")
    )
    return _counted(flags)


def open_actions(facts: PersonFacts, *, own: bool) -> Counted[Action]:
    """The person's open actions (own), else their organisations' open actions that are
    not theirs; the soonest due first, those with no date last."""
    actions = Action.objects.filter(done_on__isnull=True)
    if own:
        actions = actions.filter(owner_id=facts.person_id)
    else:
        actions = actions.filter(owner_organisation_id__in=facts.organisation_ids).exclude(
            owner_id=facts.person_id
        )
    return _counted(
        actions.select_related("item__meeting", "owner_organisation").order_by(
            "due", "item__meeting__date", "pk"
        )
    )


def interests_to_review(facts: PersonFacts, today: dt.date) -> Counted[Interest]:
    """The person's entries in the register of interests that stand today: each to check
    is still right before they next meet."""
    interests = Interest.objects.filter(person_id=facts.person_id).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    return _counted(interests.select_related("organisation").order_by("start", "number"))


@dataclass(frozen=True)
class CommitmentsLed:
    """The open commitments the person's organisations lead: how many, how many want an
    update before their board next meets, and the first of them (those wanting one
    first, the soonest meeting first)."""

    count: int
    due: int
    rows: list[Any]


def commitments_led(facts: PersonFacts, today: dt.date) -> CommitmentsLed:
    """Each open commitment led by one of the person's organisations, with its board's
    next meeting (`next_meeting`), the board's last before today (`last_meeting`), its
    latest update (`last_update`), and whether an update is due before the board next
    meets (`update_due`): none was ever given, or none since the board last met while
    it meets again. Counted and listed by the database: two queries."""
    board_meetings = Meeting.objects.filter(board_id=OuterRef("board_id")).exclude(status=CANCELLED)
    rows = (
        Commitment.objects.filter(lead_owner_id__in=facts.organisation_ids)
        .exclude(status=Commitment.Status.COMPLETE)
        .annotate(
            next_meeting=Subquery(
                board_meetings.filter(date__gte=today).order_by("date").values("date")[:1],
                output_field=DateField(),
            ),
            last_meeting=Subquery(
                board_meetings.filter(date__lt=today).order_by("-date").values("date")[:1],
                output_field=DateField(),
            ),
            last_update=Subquery(
                ProgressUpdate.objects.filter(commitment=OuterRef("pk"), date__lte=today)
                .order_by("-date")
                .values("date")[:1],
                output_field=DateField(),
            ),
        )
        .annotate(
            update_due=ExpressionWrapper(
                Q(last_update__isnull=True)
                | Q(
                    next_meeting__isnull=False,
                    last_meeting__isnull=False,
                    last_update__lt=F("last_meeting"),
                ),
                output_field=BooleanField(),
            )
        )
    )
    totals = rows.aggregate(count=Count("pk"), due=Count("pk", filter=Q(update_due=True)))
    shown = list(
        rows.select_related("board")
        .only("reference", "text", "status", "board__name", "board__short_name")
        .order_by("-update_due", F("next_meeting").asc(nulls_last=True), "reference")[:SHOWN]
    )
    return CommitmentsLed(totals["count"], totals["due"], shown)


# ------------------------------------------------------------------------- everyone's


def coming_up(partnership: Any, today: dt.date) -> Counted[Meeting]:
    """The partnership's next meetings (every board's with none), the soonest first."""
    meetings = Meeting.objects.filter(date__gte=today).exclude(status=CANCELLED)
    if partnership is not None:
        meetings = meetings.filter(board__partnership=partnership)
    return _counted(
        meetings.select_related("board")
        .order_by("date", "pk")
        .only("key", "date", "date_precision", "status", "board__name", "board__short_name")
    )


def decided_recently(partnership: Any, today: dt.date) -> Counted[Decision]:
    """The published decisions of the partnership's boards (every board's with none) up
    to today, the latest first."""
    decisions = Decision.objects.filter(published_q("item__"), item__meeting__date__lte=today)
    if partnership is not None:
        decisions = decisions.filter(item__meeting__board__partnership=partnership)
    return _counted(
        decisions.select_related("item__meeting__board").order_by(
            "-item__meeting__date", "-item__order", "-pk"
        )
    )
