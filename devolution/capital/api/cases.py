"""Capital business cases in the JSON API: the same visibility (rules/access.py), the
same services and the same derived route as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from devolution.core.pagination import BoundedLimitOffsetPagination
from devolution.core.people import acting_person, signed_in_person

from ..selectors import cases as selectors
from ..selectors.route import route_for
from ..services import agenda
from ..services import cases as services

router = Router()


class FundingOut(Schema):
    kind: str
    year: str
    amount: int
    note: str


class EventOut(Schema):
    state_from: str
    state_to: str
    at: dt.datetime
    by: str | None
    decision: int | None = Field(None, description="The board decision's id, if one made it")
    note: str


class RouteOut(Schema):
    kind: str = Field(..., description="`approval` (the board decides) or `advice`")
    label: str
    board: str
    decider: str
    steps: list[str]
    reasons: list[str]
    source: str


class CaseOut(Schema):
    ref: str
    title: str
    partnership: str
    sponsor: str
    sponsor_name: str
    value: int
    stage: str
    state: str
    is_demo: bool


class CaseDetailOut(CaseOut):
    version: int
    benefits: str
    sites: list[str]
    funding: list[FundingOut]
    advised_to: str
    advice_supports: bool | None
    decision: int | None
    route: RouteOut | None
    history: list[EventOut]


def _row(c: Any) -> dict[str, Any]:
    return {
        "ref": c.ref,
        "title": c.title,
        "partnership": c.partnership.key,
        "sponsor": c.sponsor.key,
        "sponsor_name": c.sponsor.name,
        "value": c.value,
        "stage": c.stage,
        "state": c.state,
        "is_demo": c.is_demo,
    }


def _detail(person: Any, ref: str) -> dict[str, Any]:
    c = selectors.case_get(person, ref)
    route = route_for(c.partnership_id)
    return {
        **_row(c),
        "version": c.version,
        "benefits": c.benefits,
        "sites": [s.ref for s in c.sites.all()],
        "funding": [
            {"kind": f.kind, "year": f.year, "amount": f.amount, "note": f.note}
            for f in c.funding.all()
        ],
        "advised_to": c.advised_to,
        "advice_supports": c.advice_supports,
        "decision": c.decision_id,
        "route": None
        if route is None
        else {
            "kind": route.kind,
            "label": route.label,
            "board": route.board,
            "decider": route.decider,
            "steps": list(route.steps),
            "reasons": list(route.reasons),
            "source": route.source,
        },
        "history": [
            {
                "state_from": e.state_from,
                "state_to": e.state_to,
                "at": e.at,
                "by": e.by.get_full_name() if e.by else None,
                "decision": e.decision_id,
                "note": e.note,
            }
            for e in c.events.all()
        ],
    }


@router.get(
    "/capital/cases",
    response=list[CaseOut],
    summary="Capital business cases",
    description="The cases you may read: the public reads approved cases; partnership staff "
    "every case. By reference.",
)
@paginate(BoundedLimitOffsetPagination)
def case_list(request: HttpRequest) -> Any:
    return [_row(c) for c in selectors.cases_visible(acting_person(request))]


@router.get(
    "/capital/cases/{ref}",
    response=CaseDetailOut,
    summary="One capital business case, with its approval route and history",
    description="The route is derived now from the board's current phase and the "
    "delegations in force; it is never stored.",
)
def case_get(request: HttpRequest, ref: str) -> Any:
    return _detail(acting_person(request), ref)


class FundingIn(Schema):
    kind: str = Field(..., description="capital_receipts, national_capital, local or other")
    year: str = Field(..., description="A financial year: 2019-20")
    amount: int
    note: str = ""


class CaseIn(Schema):
    title: str
    sponsor: str = Field(..., description="The sponsoring organisation's key")
    value: int = Field(..., description="The case's value in whole pounds")
    stage: str = Field(..., description="strategic_outline, outline or full")
    benefits: str = ""
    sites: list[str] = Field(default_factory=list, description="Site references")
    funding: list[FundingIn] = Field(default_factory=list)


class CaseCreateIn(CaseIn):
    partnership: str
    ref: str


class CaseEditIn(CaseIn):
    version: int


class CaseMoveIn(Schema):
    version: int
    note: str = ""


class CaseAgendaIn(Schema):
    meeting: str = Field(..., description="The key of a meeting of the case's board")


class CaseAgendaOut(Schema):
    item: int
    meeting: str


def _fields(payload: CaseIn) -> services.CaseFields:
    return services.CaseFields(
        title=payload.title,
        sponsor=payload.sponsor,
        value=payload.value,
        stage=payload.stage,
        benefits=payload.benefits,
        sites=tuple(payload.sites),
        funding=tuple(services.Funding(f.kind, f.year, f.amount, f.note) for f in payload.funding),
    )


@router.post(
    "/capital/cases",
    response={201: CaseDetailOut},
    auth=django_auth,
    summary="Start a case in draft (the sponsor's estates leads, the secretariat)",
)
def case_create(request: HttpRequest, payload: CaseCreateIn) -> Any:
    person = signed_in_person(request)
    case = services.case_create(
        actor=person, partnership=payload.partnership, ref=payload.ref, data=_fields(payload)
    )
    return Status(201, _detail(person, case.ref))


@router.patch(
    "/capital/cases/{ref}",
    response=CaseDetailOut,
    auth=django_auth,
    summary="Change a draft case, from the version read",
    description="The whole case as it is to be: sites and funding replace those saved.",
)
def case_edit(request: HttpRequest, ref: str, payload: CaseEditIn) -> Any:
    person = signed_in_person(request)
    services.case_update(actor=person, ref=ref, version=payload.version, data=_fields(payload))
    return _detail(person, ref)


@router.post(
    "/capital/cases/{ref}/submit",
    response=CaseDetailOut,
    auth=django_auth,
    summary="Submit a draft case to its board",
)
def case_submit(request: HttpRequest, ref: str, payload: CaseMoveIn) -> Any:
    person = signed_in_person(request)
    services.case_move(
        actor=person, ref=ref, move="submit", version=payload.version, note=payload.note
    )
    return _detail(person, ref)


@router.post(
    "/capital/cases/{ref}/withdraw",
    response=CaseDetailOut,
    auth=django_auth,
    summary="Withdraw a case not yet approved or rejected",
)
def case_withdraw(request: HttpRequest, ref: str, payload: CaseMoveIn) -> Any:
    person = signed_in_person(request)
    services.case_move(
        actor=person, ref=ref, move="withdraw", version=payload.version, note=payload.note
    )
    return _detail(person, ref)


@router.post(
    "/capital/cases/{ref}/agenda",
    response={201: CaseAgendaOut},
    auth=django_auth,
    summary="Bring a case to a meeting of its board (the secretariat)",
    description="An item to decide it, naming the function of approving capital business "
    "cases, the sites' places and the sponsor, so conflicts are found as for any item. The "
    "decision of kind `approve_capital_business_case` recorded on it approves the case "
    "when its route is approval, and records advice otherwise.",
)
def case_agenda(request: HttpRequest, ref: str, payload: CaseAgendaIn) -> Any:
    person = signed_in_person(request)
    item = agenda.case_to_agenda(actor=person, ref=ref, meeting_key=payload.meeting)
    return Status(201, {"item": item.pk, "meeting": payload.meeting})
