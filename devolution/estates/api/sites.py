"""The asset register, its utilisation policy and the prioritised list as JSON (SPEC §12),
with the same rules and access as the pages: partnership staff read; estates leads change
their own organisation's sites, the secretariat every site."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal, get_args

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth

from devolution.core.api_contract import known, one_of
from devolution.core.errors import InvalidInput, Problem
from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import enforce_staff
from devolution.partners.selectors import partnership_in_view, partnership_with_key, today

from .. import selectors, services, transfer

router = Router(tags=["Estates"])

WHAT = "The asset register"
UNKNOWN = "null where the register does not give it (unknown, never nought)"
Tenure = Literal["freehold", "leasehold", "pfi_lift", "unknown"]
StatusName = Literal["operational", "under_used", "surplus", "for_disposal", "disposed"]
ConditionName = Literal["A", "B", "C", "D", ""]


PARTNERSHIP = (
    "A partnership's key: its estate only (by default the deployment's default "
    "partnership's); a key nothing has is a 422"
)


def _partnership(request: HttpRequest, key: str | None) -> Any:
    enforce_staff(acting_person(request), WHAT)
    if key:
        found = partnership_with_key(key)
        known("partnership", key, found is not None, "partnership")
        return found
    partnership = partnership_in_view(None)
    if partnership is None:
        raise InvalidInput([Problem("no partnership is recorded")])
    return partnership


def _in(key: str | None = None) -> Any:
    return Query(key, description=PARTNERSHIP)


class UtilisationFlagOut(Schema):
    kind: str = Field(..., description="under_used or surplus")
    label: str
    reason: str = Field(..., description="Why, with the policy's date and standing")


class SiteOut(Schema):
    ref: str
    name: str
    owner: str = Field(..., description="The owner organisation's key")
    borough: str | None = Field(..., description="The borough's GSS code")
    stp: str | None = Field(..., description="The STP's code")
    address: str
    postcode: str
    latitude: Decimal | None
    longitude: Decimal | None
    tenure: str
    floor_area: int | None = Field(..., description=f"Square metres; {UNKNOWN}")
    use: str
    utilisation: Decimal | None = Field(..., description=f"Share in use, 0 to 1; {UNKNOWN}")
    sessions_used: int | None
    sessions_available: int | None
    condition: str = Field(..., description="A to D; empty where unknown")
    running_cost: int | None = Field(..., description=f"Whole pounds a year; {UNKNOWN}")
    backlog: int | None = Field(..., description=f"Whole pounds; {UNKNOWN}")
    status: str
    housing_units: int | None
    shared_use: bool
    shared_use_note: str
    one_public_estate: bool
    stp_priority: bool
    note: str
    is_demo: bool = Field(..., description="Demo data, invented: not a real site")
    version: int = Field(..., description="Send it back with a change")
    flag: UtilisationFlagOut | None = Field(
        ..., description="The utilisation policy's advice, if any"
    )


def _site(site: Any, policy: Any) -> dict[str, Any]:
    flag = selectors.site_flag(site, policy)
    return {
        **{name: getattr(site, name) for name in services.FIELDS if not name.endswith("_id")},
        "ref": site.ref,
        "owner": site.owner.key,
        "borough": site.borough.code if site.borough else None,
        "stp": site.stp.code if site.stp else None,
        "is_demo": site.is_demo,
        "version": site.version,
        "flag": flag.__dict__ if flag else None,
    }


class SiteChangeIn(Schema):
    name: str | None = Field(None, max_length=200)
    owner: str | None = Field(None, max_length=200, description="The owner's organisation key")
    borough: str | None = Field(None, max_length=200, description="GSS code or name")
    stp: str | None = Field(None, max_length=200, description="STP code or name")
    address: str | None = Field(None, max_length=300)
    postcode: str | None = Field(None, max_length=10)
    latitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, max_digits=9, decimal_places=6)
    tenure: Tenure | None = None
    floor_area: int | None = Field(None, ge=0, le=10**9)
    use: str | None = Field(None, max_length=200)
    utilisation: Decimal | None = Field(None, ge=0, le=1, max_digits=5, decimal_places=4)
    sessions_used: int | None = Field(None, ge=0, le=10**6)
    sessions_available: int | None = Field(None, ge=0, le=10**6)
    condition: ConditionName | None = None
    running_cost: int | None = Field(None, ge=0, le=10**12)
    backlog: int | None = Field(None, ge=0, le=10**12)
    status: StatusName | None = None
    housing_units: int | None = Field(None, ge=0, le=10**6)
    shared_use: bool | None = None
    shared_use_note: str | None = Field(None, max_length=2000)
    one_public_estate: bool | None = None
    stp_priority: bool | None = None
    note: str | None = Field(None, max_length=4000)


class SiteIn(SiteChangeIn):
    ref: str = Field(..., max_length=60, description="The site's reference")
    name: str = Field(..., max_length=200)
    owner: str = Field(..., max_length=200, description="The owner's organisation key")


class SiteEditIn(SiteChangeIn):
    version: int = Field(..., description="The site's version as read")


def _data(payload: SiteChangeIn) -> dict[str, Any]:
    """The fields sent, as the service takes them: keys and codes become ids."""
    given = payload.model_dump(exclude_unset=True, exclude={"ref", "version"})
    lookups = transfer.Lookups.load()
    data: dict[str, Any] = {}
    problems = []
    for name, value in given.items():
        column = transfer.BY_NAME[name]
        if column.kind in ("owner", "borough", "stp") and value is not None:
            try:
                value = transfer.parse_cell(column, value, lookups)
            except ValueError as exc:
                problems.append(Problem(str(exc), field=name))
        data[column.field] = value
    if problems:
        raise InvalidInput(problems)
    return data


@router.get(
    "/estates/sites",
    response=list[SiteOut],
    auth=django_auth,
    summary="The asset register's sites (partnership staff)",
)
@paginate
def site_list(
    request: HttpRequest,
    stp: str = Query(
        "", description="Only this STP's sites, by its code; a code no STP has is a 422"
    ),
    borough: str = Query(
        "", description="Only this borough's sites, by its GSS code; a code no borough has is a 422"
    ),
    status: str = Query(
        "",
        description="Only sites of this status: operational, under_used, surplus, "
        "for_disposal or disposed; another value is a 422",
    ),
    partnership: str | None = _in(),
) -> Any:
    one_of("status", status, get_args(StatusName))
    known("stp", stp, selectors.place_exists("stp", stp), "STP")
    known("borough", borough, selectors.place_exists("borough", borough), "borough")
    estate = _partnership(request, partnership)
    policy = selectors.policy_in_force(estate, today(estate))
    rows = selectors.site_list(estate, stp=stp, borough=borough, status=status)
    return [_site(s, policy) for s in rows]


class SiteImportOut(Schema):
    summary: str
    rows: int
    created: list[str]
    updated: list[str]
    unchanged: int


@router.post(
    "/estates/sites/import",
    response=SiteImportOut,
    auth=django_auth,
    summary="Import the register from a CSV or XLSX file: all of it or none of it",
    description="Every problem is listed by row and column (400) and nothing is stored; "
    "sites are matched by reference, so a second import of the same file changes nothing.",
)
def site_import(
    request: HttpRequest, file: File[UploadedFile], partnership: str | None = _in()
) -> Any:
    person = signed_in_person(request)
    estate = _partnership(request, partnership)
    report = transfer.sites_import(
        actor=person,
        partnership=estate,
        content=file.read(transfer.MAX_BYTES + 1),
        filename=file.name or "",
    )
    return {
        "summary": report.summary(),
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }


@router.get("/estates/sites/{ref}", response=SiteOut, auth=django_auth, summary="One site")
def site_get(request: HttpRequest, ref: str, partnership: str | None = _in()) -> Any:
    estate = _partnership(request, partnership)
    policy = selectors.policy_in_force(estate, today(estate))
    return _site(selectors.site_get(estate, ref), policy)


@router.post(
    "/estates/sites",
    response={201: SiteOut},
    auth=django_auth,
    summary="Record a site (estates leads for their organisation, the secretariat)",
)
def site_create(request: HttpRequest, payload: SiteIn, partnership: str | None = _in()) -> Any:
    person = signed_in_person(request)
    estate = _partnership(request, partnership)
    site = services.site_create(
        actor=person, partnership=estate, ref=payload.ref, data=_data(payload)
    )
    policy = selectors.policy_in_force(estate, today(estate))
    return Status(201, _site(selectors.site_get(estate, site.ref), policy))


@router.patch(
    "/estates/sites/{ref}",
    response=SiteOut,
    auth=django_auth,
    summary="Change a site, from the version read",
    description="Only the fields sent change. A version older than the site's is a 409.",
)
def site_update(
    request: HttpRequest, ref: str, payload: SiteEditIn, partnership: str | None = _in()
) -> Any:
    person = signed_in_person(request)
    estate = _partnership(request, partnership)
    site = selectors.site_get(estate, ref)
    services.site_update(
        actor=person, site_id=site.pk, version=payload.version, data=_data(payload)
    )
    policy = selectors.policy_in_force(estate, today(estate))
    return _site(selectors.site_get(estate, ref), policy)


class UtilisationPolicyOut(Schema):
    valid_from: dt.date
    under_used_below: Decimal
    surplus_below: Decimal
    issued_as: str
    issued_by: str
    source: str
    in_force: bool
    is_demo: bool


@router.get(
    "/estates/policy",
    response=list[UtilisationPolicyOut],
    auth=django_auth,
    summary="The utilisation policy's thresholds, newest first (empty: none recorded)",
)
@paginate
def policy_list(request: HttpRequest, partnership: str | None = _in()) -> Any:
    estate = _partnership(request, partnership)
    in_force = selectors.policy_in_force(estate, today(estate))
    return [
        {
            "valid_from": p.valid_from,
            "under_used_below": p.under_used_below,
            "surplus_below": p.surplus_below,
            "issued_as": p.issued_as,
            "issued_by": p.issued_by,
            "source": p.source.title,
            "in_force": p == in_force,
            "is_demo": p.is_demo,
        }
        for p in selectors.policies(estate)
    ]


class RankingPartOut(Schema):
    criterion: str
    name: str
    value: Decimal | None
    normalised: Decimal
    weighted: Decimal
    why: str


class RankedSiteOut(Schema):
    position: int
    ref: str
    name: str
    score: Decimal
    why: str
    parts: list[RankingPartOut]


class RankingCriterionOut(Schema):
    key: str
    name: str
    reads: str
    weight: int
    valid_from: dt.date


class SiteRankingOut(Schema):
    criteria: list[RankingCriterionOut]
    sites: list[RankedSiteOut]


@router.get(
    "/estates/ranking",
    response=SiteRankingOut,
    auth=django_auth,
    summary="The prioritised site list, each site's score by criterion",
)
def ranking_get(request: HttpRequest, partnership: str | None = _in()) -> Any:
    estate = _partnership(request, partnership)
    result = selectors.site_ranking(estate, today(estate))
    return {
        "criteria": [
            {
                "key": c.key,
                "name": c.name,
                "reads": c.reads,
                "weight": c.weight,
                "valid_from": c.valid_from,
            }
            for c in result.criteria
        ],
        "sites": [
            {
                "position": r.position,
                "ref": r.ref,
                "name": r.name,
                "score": r.score,
                "why": r.why,
                "parts": [p.__dict__ for p in r.parts],
            }
            for r, _ in result.rows
        ],
    }
