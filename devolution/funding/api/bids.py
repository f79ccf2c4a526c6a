"""The JSON API for bids: the same visibility and the same services as the pages."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from devolution.core.pagination import BoundedLimitOffsetPagination, api_values
from devolution.core.people import acting_person, signed_in_person

from ..rules import bids as rules
from ..selectors import bids as selectors
from ..services import bids as services

router = Router(tags=["Funding"])

# The states a bid is in, as the filter's values (a Literal built at run time; mypy sees
# plain strings).
if TYPE_CHECKING:
    BidState: TypeAlias = str
else:
    BidState = Literal[rules.STATES]

STATE_HELP = "One of: " + ", ".join(rules.STATES)


class BidAmountOut(Schema):
    year: str
    amount: int


class BidMeasureOut(Schema):
    number: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    target_date: dt.date | None


class BidEvidenceOut(Schema):
    assurance: str
    title: str
    evidence: str


class BidDocumentOut(Schema):
    title: str
    url: str = Field(..., description="Where the document is downloaded")
    file_type: str
    file_size: int


class BidEventOut(Schema):
    from_state: str
    to_state: str
    at: dt.datetime
    note: str


class BidOut(Schema):
    ref: str = Field(..., alias="proposal.ref")
    title: str = Field(..., alias="proposal.title")
    state: str
    applicant: str
    fund: str = Field(..., alias="fund.key")
    category: str = Field(..., alias="category.key")
    level: str = Field(..., alias="level.key")
    total: int | None = Field(None, description="The whole amount asked, in pounds")
    version: int


class BidDetailOut(BidOut):
    beds_change: int | None = Field(
        ..., alias="proposal.beds_change", description="Negative for a reduction; null: not said"
    )
    independent_review: bool | None = Field(..., alias="proposal.independent_review")
    conditions: list[str] = Field(
        ..., description="NHS England's conditions for closing beds the bid meets, by key"
    )

    @staticmethod
    def resolve_applicant(bid: Any) -> str:
        return selectors.bid_applicant_name(bid)

    @staticmethod
    def resolve_total(bid: Any) -> int | None:
        if hasattr(bid, "total"):
            return bid.total  # type: ignore[no-any-return]
        return selectors.bid_total(bid)

    purpose: str = Field(..., alias="proposal.summary")
    outcomes: str
    places: list[str]
    amounts: list[BidAmountOut]
    measures: list[BidMeasureOut]
    evidence: list[BidEvidenceOut]
    documents: list[BidDocumentOut]
    history: list[BidEventOut]
    submitted_at: dt.datetime | None

    @staticmethod
    def resolve_conditions(bid: Any) -> list[str]:
        return [c.key for c in bid.proposal.bed_conditions.all()]

    @staticmethod
    def resolve_places(bid: Any) -> list[str]:
        return [p.code for p in bid.proposal.places.all()]

    @staticmethod
    def resolve_amounts(bid: Any) -> list[Any]:
        return list(bid.amounts.all())

    @staticmethod
    def resolve_measures(bid: Any) -> list[Any]:
        return list(bid.measures.all())

    @staticmethod
    def resolve_evidence(bid: Any) -> list[dict[str, str]]:
        return [
            {"assurance": a.assurance.key, "title": a.assurance.title, "evidence": a.evidence}
            for a in bid.proposal.assessments.all()
        ]

    @staticmethod
    def resolve_documents(bid: Any) -> list[dict[str, Any]]:
        return [
            {
                "title": d.title,
                "url": reverse("funding:bid-document-download", args=[bid.proposal.ref, d.pk]),
                "file_type": d.file_type,
                "file_size": d.file_size,
            }
            for d in bid.documents.all()
        ]

    @staticmethod
    def resolve_history(bid: Any) -> list[Any]:
        return list(bid.events.all())


class BidMeasureIn(Schema):
    name: str = Field(..., max_length=300)
    unit: str = Field("", max_length=60)
    baseline: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    target: Decimal | None = Field(None, max_digits=14, decimal_places=2)
    target_date: dt.date | None = None


class BidAmountIn(Schema):
    year: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="A financial year, e.g. 2018-19")
    amount: int = Field(..., ge=0, le=10**12, description="Whole pounds")


class BidIn(Schema):
    title: str = Field(..., max_length=300)
    fund: str = Field(..., max_length=80, description="The fund's key")
    category: str = Field(..., max_length=80, description="The category's key, open to bids")
    level: str = Field(
        ..., max_length=30, description="locality, borough, multi_borough, stp or region"
    )
    organisation: str | None = Field(
        None, max_length=80, description="The applicant organisation's key (or partnership)"
    )
    partnership: str | None = Field(
        None, max_length=80, description="The key of the partnership making the bid"
    )
    purpose: str = Field("", max_length=20000)
    outcomes: str = Field("", max_length=20000)
    places: list[str] = Field(default_factory=list, max_length=500, description="Place codes")
    amounts: list[BidAmountIn] = Field(default_factory=list, max_length=50)
    measures: list[BidMeasureIn] = Field(default_factory=list, max_length=100)
    evidence: dict[str, str] = Field(
        default_factory=dict, description="Each assurance's key and the evidence for it"
    )
    beds_change: int | None = Field(
        None,
        ge=-100_000,
        le=100_000,
        description="The change in hospital beds: negative for a reduction; null if the bid "
        "does not say",
    )
    independent_review: bool | None = Field(
        None, description="Whether an independent review has looked at the change in beds"
    )
    conditions: list[str] = Field(
        default_factory=list,
        max_length=20,
        description="The keys of NHS England's conditions for closing beds the bid meets",
    )


class BidEditIn(BidIn):
    version: int = Field(
        ...,
        description="The bid's version it was read at: if changed since, nothing is saved (409)",
    )


class BidMoveIn(Schema):
    version: int | None = Field(None, description="The bid's version it was read at")
    note: str = Field("", max_length=2000)


def _data(payload: BidIn) -> services.BidData:
    applicant = (
        f"partnership:{payload.partnership}"
        if payload.partnership and not payload.organisation
        else f"organisation:{payload.organisation or ''}"
    )
    return services.BidData(
        title=payload.title,
        category=f"{payload.fund}/{payload.category}",
        level=payload.level,
        applicant=applicant,
        purpose=payload.purpose,
        outcomes=payload.outcomes,
        places=payload.places,
        amounts={a.year: a.amount for a in payload.amounts},
        measures=[services.MeasureData(**m.dict()) for m in payload.measures],
        evidence=payload.evidence,
        beds_change=payload.beds_change,
        independent_review=payload.independent_review,
        conditions=payload.conditions,
    )


@router.get(
    "/bids",
    response=list[BidOut],
    summary="Bids for funding",
    description="The bids you may see: the public sees those a board has decided on; staff "
    "also their organisation's once submitted; assessors and the secretariat every submitted "
    "bid; applicants their organisation's drafts too. Newest first. " + STATE_HELP + ".",
)
@paginate(BoundedLimitOffsetPagination)
def bid_list(request: HttpRequest, state: BidState | None = None) -> Any:
    rows = selectors.bid_list(acting_person(request), state=state)
    return api_values(rows.annotate(applicant=selectors.applicant_name()), BidOut)


@router.get("/bids/{ref}", response=BidDetailOut, summary="One bid, with all it holds")
def bid_get(request: HttpRequest, ref: str) -> Any:
    return selectors.bid_get(ref, acting_person(request))


@router.post(
    "/bids",
    response={201: BidDetailOut},
    auth=django_auth,
    summary="Start a bid: a draft (applicants)",
)
def bid_create(request: HttpRequest, payload: BidIn) -> Any:
    person = signed_in_person(request)
    bid = services.bid_create(actor=person, data=_data(payload))
    return Status(201, selectors.bid_get(bid.proposal.ref, person))


@router.patch(
    "/bids/{ref}",
    response=BidDetailOut,
    auth=django_auth,
    summary="Change a draft (its applicants), from the version read",
    description="The whole draft as it is to be: amounts, measures and places replace "
    "those saved. A submitted bid is never changed (409).",
)
def bid_edit(request: HttpRequest, ref: str, payload: BidEditIn) -> Any:
    person = signed_in_person(request)
    services.bid_edit(actor=person, ref=ref, version=payload.version, data=_data(payload))
    return selectors.bid_get(ref, person)


@router.post(
    "/bids/{ref}/submit",
    response=BidDetailOut,
    auth=django_auth,
    summary="Submit a draft for assessment (its applicants)",
    description="Refused (400), naming each field, until it has its purpose, outcomes, an "
    "amount, a measure, a place and evidence on every assurance.",
)
def bid_submit(request: HttpRequest, ref: str, payload: BidMoveIn) -> Any:
    person = signed_in_person(request)
    services.bid_submit(actor=person, ref=ref, version=payload.version, note=payload.note)
    return selectors.bid_get(ref, person)


@router.post(
    "/bids/{ref}/withdraw",
    response=BidDetailOut,
    auth=django_auth,
    summary="Withdraw a draft or a submitted bid (its applicants)",
)
def bid_withdraw(request: HttpRequest, ref: str, payload: BidMoveIn) -> Any:
    person = signed_in_person(request)
    services.bid_withdraw(actor=person, ref=ref, version=payload.version, note=payload.note)
    return selectors.bid_get(ref, person)
