"""Disposals, their receipts' retention and reinvestments in the JSON API: the public
reads completed disposals, partnership staff every one; the same services as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from ninja.security import django_auth

from devolution.core.pagination import BoundedLimitOffsetPagination
from devolution.core.people import acting_person, signed_in_person

from ..selectors import disposals as selectors
from ..services import disposals as services

router = Router()


class RetentionOut(Schema):
    applies: bool = Field(..., description="Whether a retention rule applies to it")
    retained: bool | None = Field(..., description="None until the sale completes")
    window_closes: dt.date | None = Field(..., description="The window's last day")
    text: str


class ReinvestmentOut(Schema):
    number: int
    amount: int
    on: dt.date
    case: str | None
    scheme: str
    note: str


class DisposalOut(Schema):
    ref: str
    site: str
    site_name: str
    partnership: str
    owner: str
    declared_surplus: dt.date
    marketed: dt.date | None
    exchanged: dt.date | None
    completed: dt.date | None
    receiving_party: str
    price: int | None
    receipt: int | None
    reinvested: int
    retention: RetentionOut
    is_demo: bool


class DisposalDetailOut(DisposalOut):
    version: int
    note: str
    reinvestments: list[ReinvestmentOut]


def _row(d: Any, windows: list[Any] | None = None) -> dict[str, Any]:
    kept = selectors.retention_of(d, windows)
    return {
        "ref": d.ref,
        "site": d.site.ref,
        "site_name": d.site.name,
        "partnership": d.site.partnership.key,
        "owner": d.site.owner.key,
        "declared_surplus": d.declared_surplus,
        "marketed": d.marketed,
        "exchanged": d.exchanged,
        "completed": d.completed,
        "receiving_party": d.receiving_party,
        "price": d.price,
        "receipt": d.receipt,
        "reinvested": d.reinvested,
        "retention": {
            "applies": kept.known,
            "retained": kept.retained,
            "window_closes": kept.closes,
            "text": kept.text,
        },
        "is_demo": d.is_demo,
    }


def _detail(person: Any, ref: str) -> dict[str, Any]:
    d = selectors.disposal_get(person, ref)
    return {
        **_row(d),
        "version": d.version,
        "note": d.note,
        "reinvestments": [
            {
                "number": r.number,
                "amount": r.amount,
                "on": r.on,
                "case": r.case.ref if r.case else None,
                "scheme": r.scheme,
                "note": r.note,
            }
            for r in d.reinvestments.all()
        ],
    }


@router.get(
    "/capital/disposals",
    response=list[DisposalOut],
    summary="Disposals of surplus sites, with their receipts",
    description="The public reads completed disposals; partnership staff every one. Each "
    "says whether its receipt may be retained locally and when the window closes.",
)
@paginate(BoundedLimitOffsetPagination)
def disposal_list(request: HttpRequest) -> Any:
    windows = selectors.windows_all()
    return [_row(d, windows) for d in selectors.disposals_visible(acting_person(request))]


@router.get("/capital/disposals/{ref}", response=DisposalDetailOut, summary="One disposal")
def disposal_get(request: HttpRequest, ref: str) -> Any:
    return _detail(acting_person(request), ref)


class DisposalIn(Schema):
    declared_surplus: dt.date
    marketed: dt.date | None = None
    exchanged: dt.date | None = None
    receiving_party: str = ""
    price: int | None = None
    note: str = ""


class DisposalCreateIn(DisposalIn):
    partnership: str
    site: str = Field(..., description="The site's reference in the partnership's register")
    ref: str


class DisposalEditIn(DisposalIn):
    version: int


class CompleteIn(Schema):
    version: int
    completed: dt.date
    receipt: int = Field(..., description="The capital receipt, in whole pounds")
    price: int | None = None
    receiving_party: str = ""


class ReinvestIn(Schema):
    amount: int
    on: dt.date
    case: str = Field("", description="A business case's reference; or name a scheme")
    scheme: str = ""
    note: str = ""


def _fields(payload: DisposalIn) -> services.DisposalFields:
    return services.DisposalFields(
        declared_surplus=payload.declared_surplus,
        marketed=payload.marketed,
        exchanged=payload.exchanged,
        receiving_party=payload.receiving_party,
        price=payload.price,
        note=payload.note,
    )


@router.post(
    "/capital/disposals",
    response={201: DisposalDetailOut},
    auth=django_auth,
    summary="Record a surplus site's disposal (the owner's estates leads, the secretariat)",
)
def disposal_create(request: HttpRequest, payload: DisposalCreateIn) -> Any:
    person = signed_in_person(request)
    d = services.disposal_create(
        actor=person,
        partnership=payload.partnership,
        site=payload.site,
        ref=payload.ref,
        data=_fields(payload),
    )
    return Status(201, _detail(person, d.ref))


@router.patch(
    "/capital/disposals/{ref}",
    response=DisposalDetailOut,
    auth=django_auth,
    summary="Change a disposal's dates, buyer or price, from the version read",
)
def disposal_edit(request: HttpRequest, ref: str, payload: DisposalEditIn) -> Any:
    person = signed_in_person(request)
    services.disposal_update(actor=person, ref=ref, version=payload.version, data=_fields(payload))
    return _detail(person, ref)


@router.post(
    "/capital/disposals/{ref}/complete",
    response=DisposalDetailOut,
    auth=django_auth,
    summary="Record the sale completed, with its capital receipt; the site becomes disposed",
)
def disposal_complete(request: HttpRequest, ref: str, payload: CompleteIn) -> Any:
    person = signed_in_person(request)
    services.disposal_complete(
        actor=person,
        ref=ref,
        version=payload.version,
        completed=payload.completed,
        receipt=payload.receipt,
        price=payload.price,
        receiving_party=payload.receiving_party,
    )
    return _detail(person, ref)


@router.post(
    "/capital/disposals/{ref}/reinvestments",
    response={201: DisposalDetailOut},
    auth=django_auth,
    summary="Reinvest part of the receipt in a case or scheme of the same partnership",
    description="Never more than is left of the receipt (409, saying how much is left).",
)
def reinvestment_add(request: HttpRequest, ref: str, payload: ReinvestIn) -> Any:
    person = signed_in_person(request)
    services.reinvestment_add(
        actor=person,
        ref=ref,
        amount=payload.amount,
        on=payload.on,
        case=payload.case,
        scheme=payload.scheme,
        note=payload.note,
    )
    return Status(201, _detail(person, ref))
