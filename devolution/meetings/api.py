"""The JSON API for meetings: agenda, flags, rulings and decisions, with the pages' rules.

The public sees public items only; confidential items are withheld entirely.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from devolution.partners.access import memberships_of

from . import services
from .models import AgendaItem, ConflictFlag, Meeting

router = Router(tags=["Meetings"])


class RulingOut(Schema):
    outcome: str
    reason: str
    ruled_by: str = Field(..., alias="ruled_by.email")


class FlagOut(Schema):
    id: int
    person: str = Field(..., alias="person.email")
    reasons: list[str]
    ruling: RulingOut | None = Field(None, alias="ruling_or_none")


class DecisionOut(Schema):
    outcome: str
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
    decision: DecisionOut | None = Field(None, alias="decision_or_none")
    flags: list[FlagOut] | None = Field(None, alias="flags_data")  # staff only


class MeetingOut(Schema):
    key: str
    board: str = Field(..., alias="board.key")
    date: dt.date
    status: str


class MeetingDetailOut(MeetingOut):
    items: list[ItemOut] = Field(..., alias="items_data")


class RulingIn(Schema):
    outcome: Literal["full_part", "discussion_only", "withdraw"]
    reason: str = Field(..., min_length=1, max_length=4000)


class DecisionIn(Schema):
    outcome: Literal["agreed", "not_agreed", "deferred"]
    how: Literal["consensus", "vote"] = "consensus"
    text: str = Field("", max_length=8000)
    decision_kind: Literal["decide", "allocate_funding", "approve_capital_business_case"] = "decide"


def _is_staff(request: HttpRequest) -> bool:
    return bool(memberships_of(request.user))


def _meeting(key: str, *, staff: bool) -> Any:
    meeting: Any = get_object_or_404(Meeting.objects.select_related("board"), key=key)
    items = AgendaItem.objects.filter(meeting=meeting).select_related("decision").order_by("order")
    if not staff:
        items = items.filter(public=True)
    rows = []
    flags: dict[int, list[Any]] = {}
    if staff:
        for flag in ConflictFlag.objects.filter(item__meeting=meeting).select_related(
            "person", "ruling__ruled_by"
        ):
            flag.ruling_or_none = getattr(flag, "ruling", None)  # type: ignore[attr-defined]
            flags.setdefault(flag.item_id, []).append(flag)
    for item in items:
        item.decision_or_none = getattr(item, "decision", None)  # type: ignore[attr-defined]
        item.flags_data = flags.get(item.pk, []) if staff else None  # type: ignore[attr-defined]
        rows.append(item)
    meeting.items_data = rows
    return meeting


@router.get("/meetings", response=list[MeetingOut], summary="Meetings")
def meeting_list(request: HttpRequest, board: str | None = None) -> Any:
    meetings = Meeting.objects.select_related("board").order_by("-date")
    if board:
        meetings = meetings.filter(board__key=board)
    return list(meetings)


@router.get(
    "/meetings/{key}",
    response=MeetingDetailOut,
    summary="A meeting: the public see public items only, and no conflict flags",
)
def meeting_get(request: HttpRequest, key: str) -> Any:
    return _meeting(key, staff=_is_staff(request))


@router.post(
    "/meetings/{key}/items/{item}/flags",
    response=list[FlagOut],
    auth=django_auth,
    summary="Detect the potential conflicts on an item (secretariat)",
)
def item_flags(request: HttpRequest, key: str, item: str) -> Any:
    from devolution.partners.access import enforce
    from devolution.partners.rules import may_keep_registers

    enforce(may_keep_registers(memberships_of(request.user)))
    agenda_item = get_object_or_404(AgendaItem, meeting__key=key, key=item)
    services.item_flags_refresh(item_id=agenda_item.pk)
    flags = list(
        ConflictFlag.objects.filter(item=agenda_item).select_related("person", "ruling__ruled_by")
    )
    for flag in flags:
        flag.ruling_or_none = getattr(flag, "ruling", None)  # type: ignore[attr-defined]
    return flags


@router.post(
    "/flags/{id}/ruling",
    response={201: RulingOut},
    auth=django_auth,
    summary="Rule on a flag (a chair, co-chair or deputy present; never their own)",
)
def flag_rule(request: HttpRequest, id: int, payload: RulingIn) -> Any:
    get_object_or_404(ConflictFlag, pk=id)
    ruling = services.flag_rule(
        actor=request.user,  # type: ignore[arg-type]
        flag_id=id,
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
    agenda_item = get_object_or_404(AgendaItem, meeting__key=key, key=item)
    decision = services.decision_record(
        actor=request.user,  # type: ignore[arg-type]
        item_id=agenda_item.pk,
        outcome=payload.outcome,
        how=payload.how,
        text=payload.text,
        decision_kind=payload.decision_kind,
    )
    return Status(201, decision)
