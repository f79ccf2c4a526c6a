"""Allocations and recommendations through the API, their spend and outcome reports, and
a bid brought to its board's meeting: the same services and selectors as the pages."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth

from devolution.core.api_contract import known, one_of
from devolution.core.pagination import api_values
from devolution.core.people import acting_person, signed_in_person

from ..selectors import allocations as selectors
from ..selectors.bids import applicant_name
from ..services import agenda, spend

if TYPE_CHECKING:
    from ..models import Allocation

    AllocationStatus: TypeAlias = str
else:
    AllocationStatus = Literal["recommended", "allocated"]

router = Router()


def _applicant(allocation: "Allocation") -> str:
    proposal = allocation.bid.proposal
    return str(proposal.organisation or proposal.proposer_partnership or "")


class AllocationOut(Schema):
    bid: str = Field(..., alias="bid.proposal.ref")
    number: int = Field(..., description="Its number within its bid, its key with the bid's")
    title: str = Field(..., alias="bid.proposal.title")
    applicant: str
    fund: str = Field(..., alias="category_year.category.fund.key")
    category: str = Field(..., alias="category_year.category.key")
    category_name: str = Field(..., alias="category_year.category.name")
    year: str = Field(..., alias="category_year.year")
    amount: int = Field(..., description="Whole pounds")
    status: AllocationStatus = Field(
        ...,
        description="allocated: given by a binding decision; recommended: recommended to the "
        "body that holds the power (recommended_to), never counted as allocated",
    )
    recommended_to: str
    made_on: dt.date = Field(..., description="The date of the meeting that decided it")
    meeting: str = Field(..., alias="decision.item.meeting.key")
    item: str = Field(..., alias="decision.item.key")


class SpendOut(Schema):
    reported_on: dt.date
    spent_to_date: int
    note: str
    reported_by: str = Field(..., alias="reported_by.email")


class ReadingOut(Schema):
    reported_on: dt.date
    value: Decimal
    note: str
    reported_by: str = Field(..., alias="reported_by.email")


class MeasureOut(Schema):
    number: int = Field(..., description="Its number within its bid, its key with the bid's")
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    target_date: dt.date | None
    readings: list[ReadingOut]


class AllocationDetailOut(AllocationOut):
    @staticmethod
    def resolve_applicant(obj: "Allocation") -> str:
        return _applicant(obj)

    spent_to_date: int | None = Field(None, description="As last reported; null: not yet")
    spend_reports: list[SpendOut] = Field(..., alias="reported_spend")
    measures: list[MeasureOut] = Field(..., alias="reported_measures")


class SpendIn(Schema):
    reported_on: dt.date
    spent_to_date: int = Field(..., ge=0, le=10**15, description="Whole pounds spent so far")
    note: str = Field("", max_length=4000)


class ReadingIn(Schema):
    reported_on: dt.date
    value: Decimal = Field(..., max_digits=14, decimal_places=2)
    note: str = Field("", max_length=4000)


class MeasureReportOut(ReadingOut):
    bid: str = Field(..., alias="measure.bid.proposal.ref")
    measure: int = Field(..., alias="measure.number", description="The measure's number")


class AgendaIn(Schema):
    meeting: str = Field(..., min_length=1, max_length=80, description="The meeting's key")


class AgendaItemOut(Schema):
    meeting: str = Field(..., alias="meeting.key")
    key: str
    order: int
    title: str
    purpose: str
    recommendation: str
    function: str | None = Field(None, alias="function.key")


@router.get(
    "/allocations",
    response=list[AllocationOut],
    summary="Allocations and recommendations, by fund and category",
    description="Each decision's allocation of a bid's money from a category's year, or its "
    "recommendation to the body that holds the power. A recommendation is never counted as "
    "allocated. The public read those decided on items taken in public.",
)
@paginate
def allocation_list(
    request: HttpRequest,
    fund: str | None = Query(
        None, description="A fund's key; a key nothing has is a 422 naming `fund`", max_length=80
    ),
    category: str | None = Query(
        None,
        description="A category's key; a key nothing has is a 422 naming `category`",
        max_length=80,
    ),
    status: AllocationStatus | None = None,
) -> Any:
    one_of("status", status, ("recommended", "allocated"))
    known("fund", fund, bool(fund) and selectors.fund_exists(fund or ""), "fund")
    known(
        "category",
        category,
        bool(category) and selectors.category_exists(category or ""),
        "category",
    )
    rows = selectors.allocation_list(
        acting_person(request), fund=fund, category=category, status=status
    )
    return api_values(rows.annotate(applicant=applicant_name("bid__proposal")), AllocationOut)


def _with_progress(allocation: "Allocation") -> "Allocation":
    """The allocation with what its recipient has reported, as the detail schema reads it."""
    progress = selectors.allocation_progress(allocation)
    allocation.spent_to_date = progress.spent  # type: ignore[attr-defined]
    allocation.reported_spend = progress.spend_reports  # type: ignore[attr-defined]
    allocation.reported_measures = [  # type: ignore[attr-defined]
        {
            "number": m.measure.number,
            "name": m.measure.name,
            "unit": m.measure.unit,
            "baseline": m.measure.baseline,
            "target": m.measure.target,
            "target_date": m.measure.target_date,
            "readings": m.readings,
        }
        for m in progress.measures
    ]
    return allocation


@router.get(
    "/bids/{ref}/allocations/{number}",
    response=AllocationDetailOut,
    summary="An allocation or recommendation, with its spend to date and outcome measures",
)
def allocation_get(request: HttpRequest, ref: str, number: int) -> Any:
    return _with_progress(selectors.allocation_get(ref, number, acting_person(request)))


@router.post(
    "/bids/{ref}/allocations/{number}/spend",
    response={201: SpendOut},
    auth=django_auth,
    summary="Report an allocation's spend to date (its recipient, or the secretariat)",
    description="Never more than was allocated; dated, not before the allocation nor after today.",
)
def allocation_spend(request: HttpRequest, ref: str, number: int, payload: SpendIn) -> Any:
    person = signed_in_person(request)
    allocation = selectors.allocation_get(ref, number, person)
    report = spend.spend_report(
        actor=person,
        allocation_id=allocation.pk,
        reported_on=payload.reported_on,
        spent_to_date=payload.spent_to_date,
        note=payload.note,
    )
    return Status(201, report)


@router.post(
    "/bids/{ref}/measures/{number}/reports",
    response={201: MeasureReportOut},
    auth=django_auth,
    summary="Report a reading of a bid's outcome measure (its recipient, or the secretariat)",
)
def measure_report(request: HttpRequest, ref: str, number: int, payload: ReadingIn) -> Any:
    measure = selectors.measure_get(ref, number)
    report = spend.measure_report(
        actor=signed_in_person(request),
        measure_id=measure.pk,
        reported_on=payload.reported_on,
        value=payload.value,
        note=payload.note,
    )
    return Status(201, report)


@router.post(
    "/bids/{ref}/agenda",
    response={201: AgendaItemOut},
    auth=django_auth,
    summary="Bring a bid to a meeting of its fund's board, to be decided (secretariat)",
    description="Adds an item to decide the bid, naming the fund's function, the bid's "
    "places and its applicant, recommending what it asks.",
)
def bid_agenda(request: HttpRequest, ref: str, payload: AgendaIn) -> Any:
    selectors.bid_for_agenda(ref)
    item = agenda.bid_to_agenda(
        actor=signed_in_person(request), ref=ref, meeting_key=payload.meeting
    )
    return Status(201, item)
