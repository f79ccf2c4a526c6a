"""The JSON API for boards, phases, functions and the arrangement checker."""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth

from devolution.core.api_contract import known
from devolution.core.pagination import api_values
from devolution.core.people import signed_in_person
from devolution.partners import selectors as partner_selectors
from devolution.partners.selectors import ORGANISATION_TYPES

from . import selectors, services
from .legal import framework, rule_catalogue
from .rules.legal import FORMS, FUNCTIONS, SERVICES, Party, Proposal, check_arrangement

router = Router(tags=["Governance"])

# The keys the checker takes are the rules' own lists, so the contract cannot drift from
# what the rules know (a Literal built from a tuple at run time; mypy sees plain strings).
if TYPE_CHECKING:
    from devolution.partners.models import Partnership

    FormKey: TypeAlias = str
    FunctionKey: TypeAlias = str
    ServiceKey: TypeAlias = str
    OrganisationTypeKey: TypeAlias = str
    BoardStatus: TypeAlias = str
    CriterionStatus: TypeAlias = str
    ArrangementStatus: TypeAlias = str
    ChairOffice: TypeAlias = str
    PhaseDirection: TypeAlias = str
else:
    FormKey = Literal[FORMS]
    FunctionKey = Literal[FUNCTIONS]
    ServiceKey = Literal[SERVICES]
    OrganisationTypeKey = Literal[ORGANISATION_TYPES]
    BoardStatus = Literal[selectors.BOARD_STATUSES]
    CriterionStatus = Literal[selectors.CRITERION_STATUSES]
    ArrangementStatus = Literal[selectors.ARRANGEMENT_STATUSES]
    ChairOffice = Literal[("", *selectors.CHAIR_OFFICES)]
    PhaseDirection = Literal[selectors.PHASE_DIRECTIONS]
LevelKey = Literal["locality", "borough", "multi_borough", "stp", "region", "national"]


class PartyIn(Schema):
    type: OrganisationTypeKey
    holds: Literal["original", "delegated"] | None


class CheckIn(Schema):
    form: FormKey
    function: FunctionKey | None
    parties: list[PartyIn]
    services: list[ServiceKey]
    decision_making: bool
    region: str = Field(..., min_length=1, max_length=60)
    level: LevelKey | None
    case_for_level: str | None
    all_parties_agree: bool


class ReasonOut(Schema):
    rule_id: str
    message: str
    source: str


class CheckOut(Schema):
    allowed: bool = Field(..., description="False when a rule refuses it; warnings never refuse")
    reasons: list[ReasonOut] = Field(
        ..., description="The refusals when not allowed; otherwise why it is allowed"
    )
    warnings: list[ReasonOut] = Field(
        ...,
        description="What the sources hedge on (e.g. 'would likely exclude'): allowed, but "
        "to be checked, each with its rule and source",
    )
    alternatives: list[str] = Field(
        ..., description="Where refused, the source's own options for the same parties"
    )


class RuleOut(Schema):
    id: str
    title: str
    text: str
    source: str


class CriterionOut(Schema):
    key: str
    text: str
    status: CriterionStatus = Field(..., description="The normalised status the gateway reads.")
    status_text: str = Field(..., description="The status in the source's own words.")
    inferred: bool = Field(
        ...,
        description="The status is the data set's reading, not stated in the sources: "
        "not counted as met until a resolution of the board states it.",
    )
    inferred_reason: str
    owner: str
    evidence: str
    note: str
    external_event: bool
    source: str = Field(..., alias="source.key")
    version: int


class PhaseOut(Schema):
    key: str
    name: str
    order: int
    powers: list[str]
    description: str
    source: str = Field(..., alias="source.key")
    criteria: list[CriterionOut]


class PhaseMoveOut(Schema):
    from_phase: str | None = Field(None, alias="from_phase.key")
    to_phase: str = Field(..., alias="to_phase.key")
    direction: PhaseDirection
    resolution_date: dt.date
    date_precision: str
    resolution: str


class BoardOut(Schema):
    key: str
    name: str
    short_name: str
    status: BoardStatus
    footprint: str | None = Field(None, alias="footprint.code")
    reports_to: str | None = Field(None, alias="reports_to.key")
    cadence: str
    legal_form: str
    current_phase: str | None = Field(None, alias="current_phase.key")
    source: str = Field(..., alias="source.key")
    version: int


class SeatOut(Schema):
    label: str
    place: str | None
    count: int | None
    filled: int
    state: str
    vacancies: int


class BoardDetailOut(BoardOut):
    terms_of_reference: list[str]
    phases: list[PhaseOut] = Field(..., alias="phases_data")
    history: list[PhaseMoveOut] = Field(..., alias="history_data")
    seats: list[SeatOut] = Field(..., alias="seats_data")


class ArrangementOut(Schema):
    key: str
    function: str = Field(..., alias="function.key")
    from_organisation: str | None = Field(None, alias="from_organisation.key")
    to_organisation_types: list[str]
    to_board: str | None = Field(None, alias="to_board.key")
    form: str
    spectrum_step: str
    status: ArrangementStatus
    level: str | None = Field(None, alias="level.key")
    note: str
    source: str = Field(..., alias="source.key")


class FunctionOut(Schema):
    key: str
    name: str
    original_holder_type: str
    original_holder: str | None = Field(None, alias="original_holder.key")
    legal_basis: str
    budget_amount: int | None
    budget_note: str
    delegable: bool | None
    source: str = Field(..., alias="source.key")


@router.post(
    "/legal/check",
    response=CheckOut,
    summary="Check a proposed arrangement",
    description="Allowed or not under the legal framework, why (each reason naming its "
    "rule and source), the warnings where a source hedges, and, where refused, the "
    "source's own options for the same parties. Changes nothing.",
)
def legal_check(request: HttpRequest, payload: CheckIn) -> Any:
    proposal = Proposal(
        form=payload.form,
        function=payload.function,
        parties=tuple(Party(p.type, p.holds) for p in payload.parties),
        services=tuple(payload.services),
        decision_making=payload.decision_making,
        region=payload.region.strip().lower(),
        level=payload.level,
        case_for_level=payload.case_for_level,
        all_parties_agree=payload.all_parties_agree,
    )
    result = check_arrangement(proposal, framework())
    return {
        "allowed": result.allowed,
        "reasons": [r.__dict__ for r in result.reasons],
        "warnings": [r.__dict__ for r in result.warnings],
        "alternatives": list(result.alternatives),
    }


@router.get("/legal/rules", response=list[RuleOut], summary="Every rule, with its source")
@paginate
def legal_rule_list(request: HttpRequest) -> Any:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "text": " ".join(r["text"].split()),
            "source": r["source"],
        }
        for r in rule_catalogue()
    ]


PARTNERSHIP_FILTER = (
    "A partnership's key, as the partnerships' `key` gives: its own only (by default the "
    "deployment's default partnership's); a key nothing has is a 422"
)


def _partnership(key: str | None) -> "Partnership | None":
    """The partnership a list is filtered to: the one named, refusing a key no partnership
    has, else the default partnership, as the pages and the other lists show."""
    if not key:
        return partner_selectors.partnership_in_view(None)
    found = partner_selectors.partnership_with_key(key)
    known("partnership", key, found is not None, "partnership")
    return found


@router.get("/boards", response=list[BoardOut], summary="Boards")
@paginate
def board_list(
    request: HttpRequest,
    status: BoardStatus | None = None,
    partnership: str | None = Query(None, description=PARTNERSHIP_FILTER),
) -> Any:
    boards = selectors.board_list(status=status, partnership=_partnership(partnership))
    return api_values(boards, BoardOut)


def _board_detail(key: str) -> Any:
    board: Any = selectors.board_get(key)
    states, _ = selectors.board_seats(board)
    board.phases_data = selectors.board_phases(board)
    board.history_data = list(board.phase_moves.all())
    board.seats_data = [
        {
            "label": s.slot.label,
            "place": s.slot.place_name,
            "count": s.slot.count,
            "filled": len(s.filled_by),
            "state": s.state,
            "vacancies": s.vacancies,
        }
        for s in states
    ]
    return board


@router.get("/boards/{key}", response=BoardDetailOut, summary="One board: seats, phases, history")
def board_get(request: HttpRequest, key: str) -> Any:
    return _board_detail(key)


@router.get("/functions", response=list[FunctionOut], summary="The functions register")
@paginate
def function_list(request: HttpRequest) -> Any:
    return api_values(selectors.function_list(), FunctionOut)


@router.get("/arrangements", response=list[ArrangementOut], summary="Arrangements of functions")
@paginate
def arrangement_list(
    request: HttpRequest,
    partnership: str | None = Query(
        None,
        description=PARTNERSHIP_FILTER.replace(
            "its own only",
            "only the arrangements placing a function with one of its boards, or, with "
            "no board, from or to one of its members",
        ),
    ),
) -> Any:
    arrangements = selectors.arrangement_list(partnership=_partnership(partnership))
    return api_values(arrangements, ArrangementOut)


class EvidenceIn(Schema):
    criterion: str = Field(..., min_length=1, max_length=2000)
    evidence: str = Field(..., max_length=4000)
    met: bool
    version: int | None = Field(
        None,
        ge=0,
        le=2**31 - 1,
        description="The evidence's version as you read it (0 when none was recorded): "
        "evidence recorded meanwhile by someone else is then not overwritten (409)",
    )


class VersionIn(Schema):
    version: int


class EvidenceOut(Schema):
    criterion: str
    evidence: str
    met: bool
    version: int


class ArrangementDetailOut(ArrangementOut):
    version: int
    check: CheckOut = Field(..., alias="check_data")
    evidence: list[EvidenceOut] = Field(..., alias="evidence_data")


def _arrangement_detail(key: str) -> Any:
    arrangement: Any = selectors.arrangement_get(key)
    result = services.arrangement_check(arrangement)
    arrangement.check_data = {
        "allowed": result.allowed,
        "reasons": [r.__dict__ for r in result.reasons],
        "warnings": [r.__dict__ for r in result.warnings],
        "alternatives": list(result.alternatives),
    }
    arrangement.evidence_data = list(arrangement.evidence.all())
    return arrangement


@router.get(
    "/arrangements/{key}",
    response=ArrangementDetailOut,
    summary="One arrangement, its legal check and its criteria's evidence",
)
def arrangement_get(request: HttpRequest, key: str) -> Any:
    return _arrangement_detail(key)


@router.post(
    "/arrangements/{key}/evidence",
    response=ArrangementDetailOut,
    auth=django_auth,
    summary="Record evidence against a spectrum criterion (secretariat)",
)
def arrangement_evidence(request: HttpRequest, key: str, payload: EvidenceIn) -> Any:
    selectors.arrangement_get(key)
    services.arrangement_evidence_record(
        actor=signed_in_person(request),
        arrangement_key=key,
        criterion=payload.criterion,
        evidence=payload.evidence,
        met=payload.met,
        version=payload.version,
    )
    return _arrangement_detail(key)


@router.post(
    "/arrangements/{key}/activate",
    response=ArrangementDetailOut,
    auth=django_auth,
    summary="Make an arrangement active, if the rules and its evidence allow (secretariat)",
)
def arrangement_activate(request: HttpRequest, key: str, payload: VersionIn) -> Any:
    selectors.arrangement_get(key)
    services.arrangement_activate(
        actor=signed_in_person(request),
        arrangement_key=key,
        version=payload.version,
    )
    return _arrangement_detail(key)


class CriterionIn(Schema):
    version: int
    status: CriterionStatus | None = None
    owner: str | None = Field(None, max_length=200)
    evidence: str | None = Field(None, max_length=4000)
    note: str | None = Field(None, max_length=4000)


@router.patch(
    "/boards/{key}/gateway-criteria/{phase}/{criterion}",
    response=CriterionOut,
    auth=django_auth,
    summary="Update a gateway criterion's owner, evidence or note (the secretariat or the "
    "board's chairs)",
    description="A criterion's status changes only by a resolution of the board's meeting: "
    "record the decision on the meeting's agenda item that names the criterion. A status "
    "sent here is refused (409).",
)
def criterion_update(
    request: HttpRequest, key: str, phase: str, criterion: str, payload: CriterionIn
) -> Any:
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    found = services.criterion_update(
        actor=signed_in_person(request),
        criterion_id=selectors.board_criterion_get(key, phase, criterion).pk,
        version=version,
        data={k: v or "" for k, v in data.items()},
    )
    return selectors.criterion_get(found.pk)


class SeatIn(Schema):
    seat: str = Field(
        ...,
        min_length=1,
        max_length=300,
        description="The seat's label, as the board's seats give it",
    )
    person_email: str = Field(..., min_length=3, max_length=254)
    organisation: str = Field(..., min_length=1, max_length=80)
    place: str | None = Field(None, max_length=40)
    office: ChairOffice = Field("", description="The chair's office the seat holds, if any")


@router.post(
    "/boards/{key}/members",
    response={201: BoardDetailOut},
    auth=django_auth,
    summary="Seat a person on a board (secretariat)",
)
def board_member_add(request: HttpRequest, key: str, payload: SeatIn) -> Any:
    selectors.board_get(key)
    # One seat by its label; none (or, should labels repeat, several) is no seat, which
    # the service refuses after it has checked who may seat people.
    seats = selectors.seat_rule_ids(key, payload.seat)
    services.board_member_add(
        actor=signed_in_person(request),
        board_key=key,
        seat_rule_id=seats[0] if len(seats) == 1 else 0,
        person_email=payload.person_email,
        organisation_key=payload.organisation,
        place_code=payload.place,
        office=payload.office,
    )
    return Status(201, _board_detail(key))
