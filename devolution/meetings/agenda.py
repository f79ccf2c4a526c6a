"""Scheduling a meeting and drafting its agenda from the board's work programme (SPEC §7,
§8): the items planned for that meeting, and the missed items carried to it."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify

from devolution.commitments.models import Commitment, PlannedMeeting, WorkItem
from devolution.core.errors import InvalidInput, NotAllowed, Problem, RuleViolation, StaleEdit
from devolution.core.models import User
from devolution.core.reports import date_text
from devolution.core.services import audit_record, snapshot
from devolution.governance.models import Board, Function, GatewayCriterion, Phase
from devolution.partners.access import memberships_of
from devolution.partners.models import Organisation, Partnership, Place
from devolution.partners.rules import may_keep_registers

from .exemptions import exemptions
from .models import AgendaItem, Attendance, Decision, ItemParty, Meeting, Minutes
from .rules import agenda as rules
from .services import item_flags_refresh

# What an item of the forward plan asks of the board, by its kind.
PURPOSE_BY_KIND = {
    "decision": "decide",
    "gateway_move": "decide",
    "report": "note",
    "update": "note",
}


LONDON = ZoneInfo("Europe/London")


# The items every agenda opens with (in this order) and closes with, each with what the
# board is asked to do (the words that follow "The Board is asked to"), as a board's
# order of business has them.
STANDARD_OPENING: tuple[tuple[str, str, str], ...] = (
    (
        AgendaItem.Standard.APOLOGIES,
        "note",
        "Note apologies for absence, and who attends for a member as their deputy.",
    ),
    (
        AgendaItem.Standard.DECLARATIONS,
        "note",
        "Declare any interest in the business of this meeting.",
    ),
    (
        AgendaItem.Standard.PREVIOUS_MINUTES,
        "agree",
        "Approve the minutes of its previous meeting as a correct record.",
    ),
    (
        AgendaItem.Standard.MATTERS_ARISING,
        "note",
        "Note matters arising from the minutes of its previous meeting.",
    ),
)
AOB_RECOMMENDATION = "Take any other business the chair has agreed to hear."


def _standard_items(meeting: Meeting) -> list[AgendaItem]:
    standard = AgendaItem.Standard
    opening = [
        AgendaItem(
            meeting=meeting,
            order=order,
            key=kind.replace("_", "-"),
            title=standard(kind).label,
            purpose=purpose,
            recommendation=words,
            standard=kind,
        )
        for order, (kind, purpose, words) in enumerate(STANDARD_OPENING, start=1)
    ]
    aob = AgendaItem(
        meeting=meeting,
        order=len(opening) + 1,
        key="any-other-business",
        title=standard.AOB.label,
        purpose="discuss",
        recommendation=AOB_RECOMMENDATION,
        standard=standard.AOB,
    )
    return [*opening, aob]


def next_item_order(meeting: Meeting) -> int:
    """The order of an item added to the agenda now: after every item but any other
    business, which moves down to stay last. The caller holds the meeting's lock."""
    items = AgendaItem.objects.filter(meeting=meeting)
    aob = items.filter(standard=AgendaItem.Standard.AOB).first()
    last = items.exclude(standard=AgendaItem.Standard.AOB).aggregate(m=Max("order"))["m"] or 0
    order = last + 1
    if aob is not None and aob.order <= order:
        AgendaItem.objects.filter(pk=aob.pk).update(order=order + 1)
    return order


def meeting_starts(meeting: Meeting) -> dt.datetime:
    """When the meeting starts, London time: its day's start where no time is known."""
    return dt.datetime.combine(meeting.date, meeting.starts_at or dt.time(0), tzinfo=LONDON)


def _secretariat(actor: User) -> None:
    if not may_keep_registers(memberships_of(actor)).allowed:
        raise NotAllowed("The secretariat schedules meetings and builds their agendas.")


def meeting_schedule(
    *,
    actor: User,
    board_key: str,
    date: dt.date,
    place: str = "",
    quorum: int | None = None,
    starts_at: dt.time | None = None,
    ends_at: dt.time | None = None,
) -> Meeting:
    """A board's meeting on a day, from a start to an end time (London's), at a place.
    Its agenda opens with the standard items and closes with any other business."""
    _secretariat(actor)
    board = Board.objects.filter(key=board_key).first()
    problems = []
    if board is None:
        problems.append(Problem(f"no board {board_key!r}", field="board"))
    if starts_at is None:
        problems.append(Problem("give the time the meeting starts", field="starts_at"))
    if ends_at is None:
        problems.append(Problem("give the time the meeting ends", field="ends_at"))
    if not place.strip():
        problems.append(Problem("give the place the meeting is held", field="place"))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        problems.append(Problem("the meeting must end after it starts", field="ends_at"))
    if quorum is not None and quorum < 1:
        problems.append(Problem("a quorum is at least 1", field="quorum"))
    if problems or board is None:
        raise InvalidInput(problems)
    key = f"{board.key}-{date:%Y-%m-%d}"
    if Meeting.objects.filter(key=key).exists():
        raise InvalidInput([Problem("the board already has a meeting on that day", field="date")])
    with transaction.atomic():
        meeting = Meeting.objects.create(
            key=key,
            board=board,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            quorum=quorum,
        )
        AgendaItem.objects.bulk_create(_standard_items(meeting))
        audit_record(
            actor=actor,
            action="schedule",
            obj=meeting,
            before=None,
            after=snapshot(
                meeting, ["key", "board", "date", "starts_at", "ends_at", "place", "quorum"]
            ),
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
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one at a time
        for work in items:
            key = slugify(work.reference)[:80]
            if (
                AgendaItem.objects.filter(meeting=meeting)
                .filter(Q(key=key) | Q(title=work.title))
                .exists()
            ):
                continue  # already on the agenda
            item = AgendaItem.objects.create(
                meeting=meeting,
                order=next_item_order(meeting),
                key=key,
                title=work.title,
                purpose=PURPOSE_BY_KIND.get(work.kind, "consider"),
                gateway_phase=work.phase if work.kind == "gateway_move" else None,
                gateway_criterion=work.gateway_criterion,
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


# ------------------------------------------------------------- items, by the secretariat

PARTY_KINDS = ("organisation", "partnership")


@dataclass(frozen=True)
class ItemFields:
    """What the secretariat writes of an agenda item. Parties are named as
    "organisation:<key>" or "partnership:<key>"; places by code; commitments by
    reference; the function and the gateway phase by key; a gateway criterion as
    "<phase key>:<criterion key>" of the board's phase model."""

    title: str
    purpose: str
    presenter: str = ""
    public: bool = True
    exemption: str = ""
    recommendation: str = ""
    function: str = ""
    gateway_phase: str = ""
    gateway_criterion: str = ""
    commitments: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    affected: tuple[str, ...] = ()


@dataclass
class _Resolved:
    function: Function | None = None
    phase: Phase | None = None
    criterion: GatewayCriterion | None = None
    commitments: list[Commitment] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    parties: list[tuple[str, Organisation | None, Partnership | None]] = field(default_factory=list)


def _resolve(meeting: Meeting, data: ItemFields) -> _Resolved:
    """Every name in the item found, or every one that is not reported, by field."""
    problems: list[Problem] = []
    found = _Resolved()
    if not data.title.strip():
        problems.append(Problem("give the item a title", field="title"))
    elif len(data.title.strip()) > 300:
        problems.append(Problem("the title must be 300 characters or fewer", field="title"))
    if data.purpose not in AgendaItem.Purpose.values:
        problems.append(
            Problem("the purpose is agree, note, consider, discuss or decide", field="purpose")
        )
    if not data.public and data.exemption not in exemptions():
        problems.append(
            Problem(
                "say why the item is confidential: choose the exemption it relies on",
                field="exemption",
            )
        )
    if data.function:
        found.function = Function.objects.filter(key=data.function).first()
        if found.function is None:
            problems.append(Problem(f"no function {data.function!r}", field="function"))
    if data.gateway_phase:
        found.phase = Phase.objects.filter(
            key=data.gateway_phase, model_id=meeting.board.phase_model_id
        ).first()
        if found.phase is None:
            problems.append(
                Problem(
                    f"{data.gateway_phase!r} is not a phase of this board's model",
                    field="gateway_phase",
                )
            )
    if data.gateway_criterion:
        phase_key, _, key = data.gateway_criterion.partition(":")
        found.criterion = GatewayCriterion.objects.filter(
            phase__model_id=meeting.board.phase_model_id, phase__key=phase_key, key=key
        ).first()
        if found.criterion is None:
            problems.append(
                Problem(
                    "that is not a gateway criterion of this board's phases",
                    field="gateway_criterion",
                )
            )
    commitments = {
        c.reference: c for c in Commitment.objects.filter(reference__in=data.commitments)
    }
    missing = [r for r in data.commitments if r not in commitments]
    if missing:
        problems.append(Problem(f"no commitment {', '.join(missing)}", field="commitments"))
    found.commitments = list(commitments.values())
    places = {p.code: p for p in Place.objects.filter(code__in=data.places)}
    missing = [c for c in data.places if c not in places]
    if missing:
        problems.append(Problem(f"no place {', '.join(missing)}", field="places"))
    found.places = list(places.values())
    for role, names in (
        (ItemParty.Role.APPLICANT, data.applicants),
        (ItemParty.Role.RECIPIENT, data.recipients),
        (ItemParty.Role.AFFECTED, data.affected),
    ):
        field_name = {"applicant": "applicants", "recipient": "recipients"}.get(role, "affected")
        for name in dict.fromkeys(names):
            kind, _, key = name.partition(":")
            organisation = (
                Organisation.objects.filter(key=key).first() if kind == "organisation" else None
            )
            partnership = (
                Partnership.objects.filter(key=key).first() if kind == "partnership" else None
            )
            if organisation is None and partnership is None:
                problems.append(
                    Problem(f"no organisation or partnership {name!r}", field=field_name)
                )
                continue
            found.parties.append((role, organisation, partnership))
    if problems:
        raise InvalidInput(problems)
    return found


def party_name(party: ItemParty) -> str:
    """How an item's party is named in ItemFields: "organisation:<key>" and the like."""
    if party.organisation is not None:
        return f"organisation:{party.organisation.key}"
    assert party.partnership is not None
    return f"partnership:{party.partnership.key}"


def _agenda_open(meeting: Meeting, item: AgendaItem | None) -> None:
    minutes = Minutes.objects.select_related("approved_at_meeting").filter(meeting=meeting).first()
    approved = minutes is not None and minutes.status == Minutes.Status.APPROVED
    at = minutes.approved_at_meeting if minutes is not None else None
    verdict = rules.agenda_change_verdict(
        minutes_approved=approved,
        approved_at=date_text(at.date) if at is not None else None,
        decided=item is not None and Decision.objects.filter(item=item).exists(),
    )
    if not verdict.allowed:
        raise RuleViolation.refusing(verdict)


def _item_key(meeting: Meeting, title: str) -> str:
    """A new item's key, from its title, unique on the agenda; it stays as the title
    changes, since the API names the item by it."""
    base = slugify(title)[:70] or "item"
    taken = set(
        AgendaItem.objects.filter(meeting=meeting, key__startswith=base).values_list(
            "key", flat=True
        )
    )
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def _item_snapshot(item: AgendaItem) -> dict[str, object]:
    return {
        **snapshot(
            item,
            ["title", "purpose", "presenter", "public", "exemption", "recommendation", "version"],
        ),
        "function": item.function.key if item.function else None,
        "gateway_phase": item.gateway_phase.key if item.gateway_phase else None,
        "gateway_criterion": item.gateway_criterion_id,
        "commitments": sorted(c.reference for c in item.commitments.all()),
        "places": sorted(p.code for p in item.places.all()),
        "parties": sorted(
            f"{p.role}:{party_name(p)}"
            for p in item.parties.select_related("organisation", "partnership")
        ),
    }


def item_save(
    *,
    actor: User,
    meeting_key: str,
    data: ItemFields,
    item_id: int | None = None,
    version: int | None = None,
) -> AgendaItem:
    """Add an item to a meeting's agenda, or change one (at the version the editor saw).
    An item whose decision is recorded, or of a meeting whose minutes are approved, does
    not change. When members are recorded as present, the item's conflicts are checked
    again at once, since what it names decides who is flagged."""
    _secretariat(actor)
    meeting = Meeting.objects.select_related("board").filter(key=meeting_key).first()
    if meeting is None:
        raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
    with transaction.atomic():
        # One change to a meeting's agenda at a time: a new item's order and key are
        # read from the items already there.
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        item = None
        if item_id is not None:
            item = (
                AgendaItem.objects.select_for_update().filter(pk=item_id, meeting=meeting).first()
            )
            if item is None:
                raise InvalidInput([Problem("no such item on this meeting's agenda", field="item")])
            if version is not None and item.version != version:
                raise StaleEdit(
                    "Someone changed this item since you opened it: reload it and make your "
                    "change again."
                )
        _agenda_open(meeting, item)
        found = _resolve(meeting, data)
        before = _item_snapshot(item) if item is not None else None
        if item is None:
            item = AgendaItem(meeting=meeting, order=next_item_order(meeting))
        else:
            item.version += 1
        item.key = item.key or _item_key(meeting, data.title)
        item.title = data.title.strip()
        item.purpose = data.purpose
        item.presenter = data.presenter.strip()
        item.public = data.public
        item.exemption = "" if data.public else data.exemption
        item.recommendation = data.recommendation.strip()
        item.function = found.function
        item.gateway_phase = found.phase
        item.gateway_criterion = found.criterion
        item.save()
        item.commitments.set(found.commitments)
        item.places.set(found.places)
        item.parties.all().delete()
        ItemParty.objects.bulk_create(
            ItemParty(item=item, role=role, organisation=organisation, partnership=partnership)
            for role, organisation, partnership in found.parties
        )
        audit_record(
            actor=actor,
            action="update_item" if before else "add_item",
            obj=item,
            before=before,
            after=_item_snapshot(item),
        )
        if Attendance.objects.filter(meeting=meeting, kind="present").exists():
            item_flags_refresh(item_id=item.pk)
    return item


# ------------------------------------------------------------------- the meeting's status


def meeting_status_move(*, actor: User, meeting_key: str, status: str, version: int) -> Meeting:
    """Publish the agenda (it must have an item), take it back, or record the meeting as
    held; drafting and approving the minutes move it on from there."""
    _secretariat(actor)
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().filter(key=meeting_key).first()
        if meeting is None:
            raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
        if meeting.version != version:
            raise StaleEdit(
                "Someone changed this meeting since you opened it: reload it and try again."
            )
        verdict = rules.status_move_verdict(
            meeting.status,
            status,
            has_items=meeting.items.exists(),
            names=dict(Meeting.Status.choices),
        )
        if not verdict.allowed:
            raise RuleViolation.refusing(verdict, field="status")
        if status == Meeting.Status.HELD:
            held = rules.held_verdict(
                starts=meeting_starts(meeting),
                now=timezone.now(),
                time_known=meeting.starts_at is not None,
            )
            if not held.allowed:
                raise RuleViolation.refusing(held, field="status")
        before = snapshot(meeting, ["status", "version"])
        meeting.status = status
        meeting.version += 1
        meeting.save(update_fields=["status", "version"])
        audit_record(
            actor=actor,
            action="status",
            obj=meeting,
            before=before,
            after=snapshot(meeting, ["status", "version"]),
        )
    return meeting
