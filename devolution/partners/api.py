"""The JSON API for places, organisations and partnerships."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from devolution.core.errors import InvalidInput, Problem
from devolution.core.people import signed_in_person

from . import selectors, services

router = Router(tags=["Places and partners"])


class SourceOut(Schema):
    key: str
    title: str
    kind: str
    reference: str


class PlaceRef(Schema):
    code: str
    name: str


class PlaceOut(Schema):
    code: str
    scheme: str
    name: str
    level: str = Field(..., alias="level.key")
    parent: str | None = Field(None, alias="parent.code")
    population: int | None
    population_note: str
    source: str = Field(..., alias="source.key")


class PlaceDetailOut(PlaceOut):
    children: list[PlaceRef]
    comprises: list[PlaceRef]
    part_of: list[PlaceRef]
    population_source: str | None = Field(None, alias="population_source.key")


class OrganisationOut(Schema):
    id: int
    key: str
    name: str
    short_name: str
    type: str
    ods_code: str
    gss_code: str
    companies_house: str
    charity_number: str
    serves: list[PlaceRef]
    source: str = Field(..., alias="source.key")
    version: int


class OrganisationDetailOut(OrganisationOut):
    website: str
    description: str
    note: str


class OrganisationIn(Schema):
    version: int
    short_name: str | None = None
    website: str | None = None
    description: str | None = None
    ods_code: str | None = None
    companies_house: str | None = None
    charity_number: str | None = None


class OrganisationRef(Schema):
    id: int
    name: str
    type: str


class PartnershipOut(Schema):
    id: int
    key: str
    name: str
    short_name: str
    kind: str
    description: str
    footprint: list[PlaceRef]
    source: str = Field(..., alias="source.key")


class PartnershipDetailOut(PartnershipOut):
    members: list[OrganisationRef]


def _one_of(name: str, value: str | None, allowed: set[str]) -> None:
    if value and value not in allowed:
        raise InvalidInput(
            [Problem(f"'{value}' is not one of: {', '.join(sorted(allowed))}", field=name)]
        )


@router.get("/places", response=list[PlaceOut], summary="Places, by level")
@paginate
def place_list(
    request: HttpRequest, level: str | None = None, parent: str | None = None, q: str | None = None
) -> Any:
    _one_of("level", level, selectors.level_keys())
    return selectors.place_list(level=level, parent=parent, q=q)


@router.get("/places/{code}", response=PlaceDetailOut, summary="One place by its code")
def place_get(request: HttpRequest, code: str) -> Any:
    return selectors.place_get(code)


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations")
@paginate
def organisation_list(
    request: HttpRequest, type: str | None = None, place: str | None = None, q: str | None = None
) -> Any:
    _one_of("type", type, set(selectors.ORGANISATION_TYPES))
    return selectors.organisation_list(type=type, place=place, q=q)


@router.get("/organisations/{id}", response=OrganisationDetailOut, summary="One organisation")
def organisation_get(request: HttpRequest, id: int) -> Any:
    return selectors.organisation_get(id)


@router.patch(
    "/organisations/{id}",
    response=OrganisationDetailOut,
    summary="Update an organisation's details (its own people, or the secretariat)",
    auth=django_auth,
)
def organisation_update(request: HttpRequest, id: int, payload: OrganisationIn) -> Any:
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    selectors.organisation_get(id)
    services.organisation_update(
        actor=signed_in_person(request),
        organisation_id=id,
        version=version,
        data={k: v or "" for k, v in data.items()},
    )
    return selectors.organisation_get(id)


@router.get("/partnerships", response=list[PartnershipOut], summary="Partnerships")
@paginate
def partnership_list(request: HttpRequest, kind: str | None = None, q: str | None = None) -> Any:
    _one_of("kind", kind, set(selectors.PARTNERSHIP_KINDS))
    return selectors.partnership_list(kind=kind, q=q)


@router.get("/partnerships/{id}", response=PartnershipDetailOut, summary="One partnership")
def partnership_get(request: HttpRequest, id: int) -> Any:
    return selectors.partnership_get(id)


@router.get("/sources", response=list[SourceOut], summary="Where the data comes from")
def source_list(request: HttpRequest) -> Any:
    return list(selectors.source_list())
