"""The JSON API for places, organisations and partnerships."""

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth

from devolution.core.api_contract import known, one_of
from devolution.core.pagination import api_values
from devolution.core.people import signed_in_person

from . import selectors, services

router = Router(tags=["Places and partners"])

# The values filters and fields take are the models' own choices (a Literal built at run
# time from the TextChoices, inline in the schema; mypy sees plain strings).
if TYPE_CHECKING:
    OrganisationType: TypeAlias = str
    PartnershipKind: TypeAlias = str
    SourceKind: TypeAlias = str
    PlaceScheme: TypeAlias = str
else:
    OrganisationType = Literal[selectors.ORGANISATION_TYPES]
    PartnershipKind = Literal[selectors.PARTNERSHIP_KINDS]
    SourceKind = Literal[selectors.SOURCE_KINDS]
    PlaceScheme = Literal[selectors.PLACE_SCHEMES]


class SourceOut(Schema):
    key: str
    title: str
    kind: SourceKind
    reference: str


class PlaceRef(Schema):
    code: str
    name: str


class PlaceOut(Schema):
    code: str
    scheme: PlaceScheme
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
    key: str
    name: str
    short_name: str
    type: OrganisationType
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
    key: str
    name: str
    type: OrganisationType


class PartnershipOut(Schema):
    key: str
    name: str
    short_name: str
    kind: PartnershipKind
    description: str
    footprint: list[PlaceRef]
    source: str = Field(..., alias="source.key")


class PartnershipDetailOut(PartnershipOut):
    members: list[OrganisationRef]


UNKNOWN = "; a key nothing has is a 422"
ORGANISATION_KEY = (
    "The organisation's key (`la-hackney`) or its ODS code (`07T`), as its `key` and "
    "`ods_code` give"
)


@router.get("/places", response=list[PlaceOut], summary="Places, by level")
@paginate
def place_list(
    request: HttpRequest,
    level: str | None = Query(
        None,
        description="A level's key (`borough`, `stp`...), as the places' `level` gives" + UNKNOWN,
    ),
    parent: str | None = Query(None, description="The code of the parent place" + UNKNOWN),
    q: str | None = Query(None, description="Words in the name, or the whole code"),
) -> Any:
    if level:  # the levels are read only to check one asked for
        one_of("level", level, selectors.level_keys())
    known("parent", parent, bool(parent) and selectors.place_exists(parent or ""), "place")
    return api_values(selectors.place_list(level=level, parent=parent, q=q), PlaceOut)


@router.get("/places/{code}", response=PlaceDetailOut, summary="One place by its code")
def place_get(request: HttpRequest, code: str) -> Any:
    return selectors.place_get(code)


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations")
@paginate
def organisation_list(
    request: HttpRequest,
    type: OrganisationType | None = None,
    place: str | None = Query(
        None,
        description="A place's code: the organisations serving it or a place within it" + UNKNOWN,
    ),
    q: str | None = Query(None, description="Words in the name"),
) -> Any:
    known("place", place, bool(place) and selectors.place_exists(place or ""), "place")
    return selectors.organisation_api_rows(type=type, place=place, q=q)


@router.get(
    "/organisations/{key}",
    response=OrganisationDetailOut,
    summary="One organisation, by its key or ODS code",
    description=ORGANISATION_KEY,
)
def organisation_get(request: HttpRequest, key: str) -> Any:
    return selectors.organisation_by_key(key)


@router.patch(
    "/organisations/{key}",
    response=OrganisationDetailOut,
    summary="Update an organisation's details (its own people, or the secretariat)",
    description=ORGANISATION_KEY,
    auth=django_auth,
)
def organisation_update(request: HttpRequest, key: str, payload: OrganisationIn) -> Any:
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    organisation = selectors.organisation_by_key(key)
    services.organisation_update(
        actor=signed_in_person(request),
        organisation_id=organisation.pk,
        version=version,
        data={k: v or "" for k, v in data.items()},
    )
    return selectors.organisation_get(organisation.pk)


@router.get("/partnerships", response=list[PartnershipOut], summary="Partnerships")
@paginate
def partnership_list(
    request: HttpRequest,
    kind: PartnershipKind | None = None,
    q: str | None = Query(None, description="Words in the name or the short name"),
) -> Any:
    return selectors.partnership_api_rows(kind=kind, q=q)


@router.get(
    "/partnerships/{key}", response=PartnershipDetailOut, summary="One partnership, by its key"
)
def partnership_get(request: HttpRequest, key: str) -> Any:
    return selectors.partnership_by_key(key)


@router.get("/sources", response=list[SourceOut], summary="Where the data comes from")
@paginate
def source_list(request: HttpRequest) -> Any:
    return selectors.source_list()


class GlossaryTermOut(Schema):
    key: str
    abbreviation: str
    expansion: str
    meaning: str
    source: str = Field(..., alias="source.key")
    location: str
    quote: str


@router.get("/glossary", response=list[GlossaryTermOut], summary="The partnership's abbreviations")
@paginate
def glossary_list(request: HttpRequest) -> Any:
    return selectors.glossary_list()
