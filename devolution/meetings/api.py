"""The JSON API for meetings: agenda, flags, rulings, decisions and actions, with the
pages' rules.

What each reader sees is the pages' one rule (visibility.py): the public, the published
items; staff, public items and the confidential ones of the boards they sit on; the
secretariat, everything. Items withheld are withheld entirely.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Path, Query
from ninja.security import django_auth

from devolution.core.api_contract import known
from devolution.core.people import acting_person, signed_in_person
from devolution.governance.selectors import board_exists
from devolution.partners.access import (
    can_keep_registers,
    enforce,
    enforce_staff,
    memberships_of,
)
from devolution.partners.rules import may_keep_registers

from . import agenda, selectors, services

if TYPE_CHECKING:
    from .models import Action, AgendaItem, ConflictFlag

router = Router(tags=["Meetings"])

# The values fields and filters take are the models' own choices (a Literal built at run
# time, inline in the schema; mypy sees plain strings).
if TYPE_CHECKING:
    MeetingStatus: TypeAlias = str
    MeetingMove: TypeAlias = str
    RulingOutcome: TypeAlias = str
    DecisionOutcome: TypeAlias = str
    DecisionHow: TypeAlias = str
    ItemPurpose: TypeAlias = str
    AttendanceKind: TypeAlias = str
else:
    MeetingStatus = Literal[selectors.MEETING_STATUSES]
    MeetingMove = Literal[selectors.MEETING_STATUS_MOVES]
    RulingOutcome = Literal[selectors.RULING_OUTCOMES]
    DecisionOutcome = Literal[selectors.DECISION_OUTCOMES]
    DecisionHow = Literal[selectors.DECISION_HOWS]
    ItemPurpose = Literal[selectors.ITEM_PURPOSES]
    AttendanceKind = Literal[selectors.ATTENDANCE_KINDS]


class RulingOut(Schema):
    outcome: RulingOutcome
    reason: str
    ruled_by: str = Field(..., alias="ruled_by.email")


class FlagOut(Schema):
    person: str = Field(..., alias="person.email")
    reasons: list[str]
    ruling: RulingOut | None = None

    @staticmethod
    def resolve_ruling(obj: "ConflictFlag") -> Any:
        return getattr(obj, "ruling", None)


class DecisionOut(Schema):
    outcome: DecisionOutcome
    how: str
    text: str
    binding: bool | None
    recommendation_to: str
    power_reasons: list[str]


class ItemOut(Schema):
    key: str
    order: int
    title: str
    purpose: str
    public: bool
    decision: DecisionOut | None = None
    flags: list[FlagOut] | None = Field(None, alias="flags_data")  # staff only

    @staticmethod
    def resolve_decision(obj: "AgendaItem") -> Any:
        return getattr(obj, "decision", None)


class MeetingOut(Schema):
    key: str
    board: str = Field(..., alias="board.key")
    date: dt.date
    starts_at: dt.time | None = Field(
        ..., description="When it starts, in London's time; null where not known."
    )
    ends_at: dt.time | None = Field(
        ..., description="When it ends, in London's time; null where not known."
    )
    status: MeetingStatus


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut] = Field(..., alias="items_data")


class RulingIn(Schema):
    outcome: RulingOutcome
    reason: str = Field(..., min_length=1, max_length=4000)


class DecisionIn(Schema):
    outcome: DecisionOutcome
    how: DecisionHow = "consensus"
    text: str = Field("", max_length=8000)
    decision_kind: str = Field("decide", max_length=60)


def _meeting(key: str, request: HttpRequest) -> Any:
    """The meeting with the items its reader may see; staff get their conflict flags."""
    meeting: Any = selectors.meeting_with_board_get(key)
    reader = selectors.reader_of(acting_person(request), meeting.board_id)
    items: list[Any] = selectors.item_decided_list(meeting, reader)
    flags: dict[int, list[Any]] = {}
    if reader.staff:
        for flag in selectors.flag_list_for_items(items):
            flags.setdefault(flag.item_id, []).append(flag)
    for item in items:
        item.flags_data = flags.get(item.pk, []) if reader.staff else None
    meeting.items_data = items
    return meeting


@router.get(
    "/meetings",
    response=list[MeetingOut],
    summary="Meetings, latest first",
    description="One partnership's meetings (by default the deployment's default "
    "partnership's), filtered by board (its key) and status.",
)
@paginate
def meeting_list(
    request: HttpRequest,
    partnership: str | None = Query(
        None,
        description="A partnership's key (by default the deployment's default partnership); "
        "a key nothing has is a 422 naming `partnership`",
    ),
    board: str | None = Query(
        None, description="A board's key; a key nothing has is a 422 naming `board`"
    ),
    status: MeetingStatus | None = None,
) -> Any:
    named = selectors.partnership_named(partnership) if partnership else None
    known("partnership", partnership, named is not None, "partnership")
    known("board", board, bool(board) and board_exists(board or ""), "board")
    return selectors.meeting_list(
        board=board, status=status, partnership=named or selectors.default_partnership()
    )


@router.get(
    "/meetings/{key}",
    response=MeetingDetailOut,
    summary="A meeting: the public see public items only, and no conflict flags",
)
def meeting_get(request: HttpRequest, key: str) -> Any:
    return _meeting(key, request)


@router.post(
    "/meetings/{key}/items/{item}/flags",
    response=list[FlagOut],
    auth=django_auth,
    summary="Detect the potential conflicts on an item (secretariat)",
)
def item_flags(request: HttpRequest, key: str, item: str) -> Any:
    enforce(may_keep_registers(memberships_of(acting_person(request))))
    agenda_item = selectors.item_get(key, item)
    services.item_flags_refresh(item_id=agenda_item.pk)
    return selectors.flag_list_for_item(agenda_item)


@router.post(
    "/meetings/{key}/items/{item}/flags/{person}/ruling",
    response={201: RulingOut},
    auth=django_auth,
    summary="Rule on a flag (a chair, co-chair or deputy present; never their own)",
    description="The flag is the one on the item for the person of that email address.",
)
def flag_rule(request: HttpRequest, key: str, item: str, person: str, payload: RulingIn) -> Any:
    flag = selectors.item_flag_get(key, item, person)
    ruling = services.flag_rule(
        actor=signed_in_person(request),
        flag_id=flag.pk,
        outcome=payload.outcome,
        reason=payload.reason,
    )
    return Status(201, ruling)


@router.post(
    "/meetings/{key}/items/{item}/decision",
    response={201: DecisionOut},
    auth=django_auth,
    summary="Record an item's decision (secretariat)",
)
def item_decision(request: HttpRequest, key: str, item: str, payload: DecisionIn) -> Any:
    agenda_item = selectors.item_get(key, item)
    decision = services.decision_record(
        actor=signed_in_person(request),
        item_id=agenda_item.pk,
        outcome=payload.outcome,
        how=payload.how,
        text=payload.text,
        decision_kind=payload.decision_kind,
    )
    return Status(201, decision)


ACTION_NUMBER = "The action's number within its item: with the meeting's and item's keys, its key"


class ActionOut(Schema):
    number: int = Field(..., description=ACTION_NUMBER)
    meeting: str = Field(..., alias="item.meeting.key")
    item: str = Field(..., alias="item.key")
    item_title: str = Field(..., alias="item.title")
    text: str
    owner: str | None = None  # the owner's email address
    organisation: str | None = None  # the owning organisation's key
    due: dt.date | None
    done_on: dt.date | None
    version: int

    @staticmethod
    def resolve_owner(obj: "Action") -> str | None:
        return obj.owner.email if obj.owner is not None else None

    @staticmethod
    def resolve_organisation(obj: "Action") -> str | None:
        return obj.owner_organisation.key if obj.owner_organisation is not None else None


class ActionIn(Schema):
    text: str = Field(..., min_length=1, max_length=8000)
    owner_email: str = Field("", max_length=254)
    organisation: str = Field("", max_length=80)
    due: dt.date | None = None


class ActionDoneIn(Schema):
    done_on: dt.date
    version: int


@router.get(
    "/actions",
    response=list[ActionOut],
    auth=django_auth,
    summary="My actions, and my organisations' (the secretariat: a meeting's, by its key)",
    description="Open actions first, soonest due first. Given `meeting`, the secretariat "
    "gets every action of that meeting; anyone else, their own and their organisations' "
    "actions of it.",
)
@paginate
def action_list(
    request: HttpRequest,
    meeting: str | None = Query(
        None, description="A meeting's key; a key nothing has is a 422 naming `meeting`"
    ),
) -> Any:
    known("meeting", meeting, bool(meeting) and selectors.meeting_exists(meeting or ""), "meeting")
    person = signed_in_person(request)
    if meeting and can_keep_registers(person):
        return selectors.action_list(meeting_key=meeting)
    return selectors.action_list(
        owner_id=person.pk,
        organisation_ids={m.organisation_id for m in memberships_of(person)},
        meeting_key=meeting or None,
    )


@router.post(
    "/meetings/{key}/items/{item}/actions",
    response={201: ActionOut},
    auth=django_auth,
    summary="Record an action of an item, owned by a person or an organisation (secretariat)",
)
def action_create(request: HttpRequest, key: str, item: str, payload: ActionIn) -> Any:
    agenda_item = selectors.item_get(key, item)
    action = services.action_create(
        actor=signed_in_person(request),
        item_id=agenda_item.pk,
        text=payload.text,
        owner_email=payload.owner_email,
        organisation_key=payload.organisation,
        due=payload.due,
    )
    return Status(201, selectors.action_list().get(pk=action.pk))


@router.post(
    "/meetings/{key}/items/{item}/actions/{number}/done",
    response=ActionOut,
    auth=django_auth,
    summary="Mark an action done (its owner, its organisation's people, or the secretariat)",
    description="The action of that number on the meeting's item. `version` is the "
    "action's as read: if someone changed it since, nothing is saved and the answer is "
    "409. The date cannot be in the future, nor before the meeting.",
)
def action_done(
    request: HttpRequest,
    key: str,
    item: str,
    number: int = Path(..., ge=1, le=2**31 - 1, description=ACTION_NUMBER),
    *,
    payload: ActionDoneIn,
) -> Any:
    action = selectors.action_keyed_get(key, item, number)
    services.action_done(
        actor=signed_in_person(request),
        action_id=action.pk,
        done_on=payload.done_on,
        version=payload.version,
    )
    return selectors.action_list().get(pk=action.pk)


# ------------------------------------------------------ scheduling and the agenda


class ScheduleIn(Schema):
    board: str = Field(..., min_length=1, max_length=80)
    date: dt.date
    place: str = Field("", max_length=300)
    quorum: int | None = Field(None, ge=1, le=200)
    starts_at: dt.time | None = Field(None, description="In London's time.")
    ends_at: dt.time | None = Field(
        None, description="In London's time; after the start, which it needs."
    )


class ScheduledOut(MeetingOut):
    place: str
    quorum: int | None
    version: int


class StatusIn(Schema):
    status: MeetingMove
    version: int


class PartyOut(Schema):
    role: str
    name: str
    organisation: str | None
    partnership: str | None


class ItemDetailOut(Schema):
    key: str
    order: int
    title: str
    purpose: str
    presenter: str
    public: bool
    recommendation: str
    function: str | None
    gateway_phase: str | None
    gateway_criterion: str | None  # "<phase key>:<criterion key>"
    commitments: list[str]
    places: list[str]
    parties: list[PartyOut]
    decision: DecisionOut | None
    version: int


PartyName = str  # "organisation:<key>" or "partnership:<key>"


class ItemIn(Schema):
    title: str = Field(..., min_length=1, max_length=300)
    purpose: ItemPurpose
    presenter: str = Field("", max_length=200)
    public: bool = True
    # Why a confidential item is taken in private: an exemption's key (required when
    # `public` is false; the exemptions are data, meetings/data/exemptions.yaml).
    exemption: str = Field("", max_length=40)
    recommendation: str = Field("", max_length=8000)
    function: str = Field("", max_length=60)
    gateway_phase: str = Field("", max_length=60)
    # "<phase key>:<criterion key>", a criterion of the board's phases
    gateway_criterion: str = Field("", max_length=150)
    commitments: list[str] = Field(default_factory=list, max_length=200)
    places: list[str] = Field(default_factory=list, max_length=200)
    applicants: list[PartyName] = Field(default_factory=list, max_length=200)
    recipients: list[PartyName] = Field(default_factory=list, max_length=200)
    affected: list[PartyName] = Field(default_factory=list, max_length=200)

    def fields(self) -> agenda.ItemFields:
        return agenda.ItemFields(
            title=self.title,
            purpose=self.purpose,
            presenter=self.presenter,
            public=self.public,
            exemption=self.exemption,
            recommendation=self.recommendation,
            function=self.function,
            gateway_phase=self.gateway_phase,
            gateway_criterion=self.gateway_criterion,
            commitments=tuple(self.commitments),
            places=tuple(self.places),
            applicants=tuple(self.applicants),
            recipients=tuple(self.recipients),
            affected=tuple(self.affected),
        )


class ItemChangeIn(ItemIn):
    version: int


def _item_out(item: "AgendaItem") -> dict[str, Any]:
    parties = item.parties.select_related("organisation", "partnership").order_by("role", "id")
    return {
        "key": item.key,
        "order": item.order,
        "title": item.title,
        "purpose": item.purpose,
        "presenter": item.presenter,
        "public": item.public,
        "recommendation": item.recommendation,
        "function": item.function.key if item.function else None,
        "gateway_phase": item.gateway_phase.key if item.gateway_phase else None,
        "gateway_criterion": (
            f"{item.gateway_criterion.phase.key}:{item.gateway_criterion.key}"
            if item.gateway_criterion
            else None
        ),
        "commitments": sorted(c.reference for c in item.commitments.all()),
        "places": sorted(p.code for p in item.places.all()),
        "parties": [
            {
                "role": p.role,
                "name": str(p.organisation or p.partnership),
                "organisation": p.organisation.key if p.organisation else None,
                "partnership": p.partnership.key if p.partnership else None,
            }
            for p in parties
        ],
        "decision": getattr(item, "decision", None),
        "version": item.version,
    }


@router.post(
    "/meetings",
    response={201: ScheduledOut},
    auth=django_auth,
    summary="Schedule a meeting of a board (secretariat)",
)
def meeting_schedule(request: HttpRequest, payload: ScheduleIn) -> Any:
    meeting = agenda.meeting_schedule(
        actor=signed_in_person(request),
        board_key=payload.board,
        date=payload.date,
        place=payload.place,
        quorum=payload.quorum,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )
    return Status(201, meeting)


@router.post(
    "/meetings/{key}/status",
    response=ScheduledOut,
    auth=django_auth,
    summary="Publish the agenda, take it back to draft, record the meeting as held, or cancel "
    "it (secretariat)",
)
def meeting_status(request: HttpRequest, key: str, payload: StatusIn) -> Any:
    selectors.meeting_row_get(key)
    return agenda.meeting_status_move(
        actor=signed_in_person(request),
        meeting_key=key,
        status=payload.status,
        version=payload.version,
    )


@router.post(
    "/meetings/{key}/agenda/draft",
    response={201: list[ItemDetailOut]},
    auth=django_auth,
    summary="Draft the agenda from the board's work programme; returns the items added "
    "(secretariat)",
)
def meeting_agenda_draft(request: HttpRequest, key: str) -> Any:
    selectors.meeting_row_get(key)
    created = agenda.agenda_draft(actor=signed_in_person(request), meeting_key=key)
    return Status(201, [_item_out(item) for item in created])


@router.get(
    "/meetings/{key}/items/{item}",
    response=ItemDetailOut,
    summary="An agenda item and what it names; a confidential item is not found by the public",
)
def item_get(request: HttpRequest, key: str, item: str) -> Any:
    meeting = selectors.meeting_row_get(key)
    reader = selectors.reader_of(acting_person(request), meeting.board_id)
    return _item_out(selectors.item_visible_get(meeting, item, reader))


@router.post(
    "/meetings/{key}/items",
    response={201: ItemDetailOut},
    auth=django_auth,
    summary="Add an item to a meeting's agenda (secretariat)",
)
def item_add(request: HttpRequest, key: str, payload: ItemIn) -> Any:
    selectors.meeting_row_get(key)
    saved = agenda.item_save(
        actor=signed_in_person(request),
        meeting_key=key,
        data=payload.fields(),
    )
    return Status(201, _item_out(saved))


@router.put(
    "/meetings/{key}/items/{item}",
    response=ItemDetailOut,
    auth=django_auth,
    summary="Change an agenda item, at the version last read (secretariat)",
)
def item_change(request: HttpRequest, key: str, item: str, payload: ItemChangeIn) -> Any:
    found = selectors.item_get(key, item)
    saved = agenda.item_save(
        actor=signed_in_person(request),
        meeting_key=key,
        data=payload.fields(),
        item_id=found.pk,
        version=payload.version,
    )
    return _item_out(saved)


# ------------------------------------------------------------------------- attendance


class AttendanceIn(Schema):
    person_email: str = Field(..., min_length=3, max_length=254)
    organisation: str = Field(..., min_length=1, max_length=80)
    kind: AttendanceKind
    is_chair: bool = False
    is_deputy: bool = False


class AttendanceOut(Schema):
    # A seat's holder by their address; someone else in attendance by name.
    person: str | None = Field(None, alias="person.email")
    organisation: str | None = Field(None, alias="organisation.key")
    kind: AttendanceKind
    is_chair: bool
    is_deputy: bool
    name: str = ""
    organisation_name: str = ""
    deputy_name: str = ""


@router.get(
    "/meetings/{key}/attendance",
    response=list[AttendanceOut],
    auth=django_auth,
    summary="Who was present and who sent apologies (partnership staff)",
)
@paginate
def attendance_list(request: HttpRequest, key: str) -> Any:
    enforce_staff(acting_person(request), "A meeting's attendance")
    return selectors.attendance_rows(key)


@router.post(
    "/meetings/{key}/attendance",
    response={201: AttendanceOut},
    auth=django_auth,
    summary="Record a member as present or sending apologies; a second entry for the same "
    "person replaces the first (secretariat)",
)
def attendance_record(request: HttpRequest, key: str, payload: AttendanceIn) -> Any:
    selectors.meeting_row_get(key)
    row = services.attendance_record(
        actor=signed_in_person(request),
        meeting_key=key,
        person_email=payload.person_email,
        organisation_key=payload.organisation,
        kind=payload.kind,
        is_chair=payload.is_chair,
        is_deputy=payload.is_deputy,
    )
    return Status(201, row)
