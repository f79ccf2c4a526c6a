"""The workforce indicators as JSON (SPEC §13), with the pages' rules and access: anyone
reads (published figures); a member of an organisation imports its own rows, the
secretariat any."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth

from devolution.core.api_contract import known
from devolution.core.pagination import BoundedLimitOffsetPagination
from devolution.core.people import signed_in_person
from devolution.partners.selectors import organisation_exists

from .. import transfer
from ..rules.indicators import turnover_rate, vacancy_rate
from ..selectors import indicators as selectors

router = Router(tags=["Workforce"])

UNKNOWN = "null where the source does not give it (unknown, never nought)"


class IndicatorRateOut(Schema):
    value: Decimal | None = Field(..., description=f"A percentage; {UNKNOWN}")
    how: str = Field(..., description="worked out (from the counts), as given, or unknown")


class IndicatorAgeOut(Schema):
    from_age: int | None = Field(..., description="null: from birth")
    to_age: int | None = Field(..., description="null: no upper age")
    share: Decimal = Field(..., description="Percentage of the staff")


class IndicatorOut(Schema):
    organisation: str | None = Field(..., description="The organisation's key")
    place: str | None = Field(..., description="The place's GSS code, for a place's figures")
    staff_group: str = Field(..., description="Blank: all staff")
    period_start: dt.date | None
    period_end: dt.date | None = Field(..., description=UNKNOWN)
    staff_in_post: Decimal | None
    vacancies: Decimal | None
    vacancy_rate: IndicatorRateOut
    leavers: Decimal | None
    turnover_rate: IndicatorRateOut
    agency_spend: int | None = Field(..., description=f"Whole pounds; {UNKNOWN}")
    pay_bill: int | None = Field(..., description=f"Whole pounds; {UNKNOWN}")
    ages: list[IndicatorAgeOut]
    source: str
    quote: str
    note: str
    is_demo: bool = Field(..., description="Demonstration figures, invented: not real")

    # Read from an indicator as the page of the list gives it (only that page's rows are
    # read: the list is paginated before any row is turned into JSON).
    @staticmethod
    def resolve_organisation(obj: Any) -> str | None:
        return obj.organisation.key if obj.organisation else None

    @staticmethod
    def resolve_place(obj: Any) -> str | None:
        return obj.place.code if obj.place else None

    @staticmethod
    def resolve_vacancy_rate(obj: Any) -> dict[str, Any]:
        return vacancy_rate(obj.staff_in_post, obj.vacancies, obj.vacancy_rate).__dict__

    @staticmethod
    def resolve_turnover_rate(obj: Any) -> dict[str, Any]:
        return turnover_rate(obj.leavers, obj.staff_in_post, obj.turnover_rate).__dict__

    @staticmethod
    def resolve_ages(obj: Any) -> list[dict[str, Any]]:
        return [
            {"from_age": a.from_age, "to_age": a.to_age, "share": a.share} for a in obj.ages.all()
        ]

    @staticmethod
    def resolve_source(obj: Any) -> str:
        return str(obj.source.title)


def _filters(
    organisation: str, stp: str, staff_group: str, period_end: dt.date | None
) -> selectors.Filters:
    known("organisation", organisation, organisation_exists(organisation), "organisation")
    known("stp", stp, selectors.stp_exists(stp), "STP")
    known("staff_group", staff_group, staff_group in selectors.staff_groups(), "staff group")
    return selectors.Filters(
        organisation=organisation,
        stp=stp,
        staff_group=staff_group,
        period_end=period_end,
        systems=selectors.systems_in_view(),
    )


ORGANISATION = Query("", description="Only this organisation's, by its key; unknown is a 422")
STP = Query("", description="Only the STP's member organisations', by the STP's key")
GROUP = Query("", description="Only this staff group (blank: every group)")
PERIOD_END = Query(None, description="Only periods ending on this day (YYYY-MM-DD)")


@router.get(
    "/workforce/indicators",
    response=list[IndicatorOut],
    summary="Workforce indicators, newest period first (public)",
)
@paginate(BoundedLimitOffsetPagination)
def indicator_list(
    request: HttpRequest,
    organisation: str = ORGANISATION,
    stp: str = STP,
    staff_group: str = GROUP,
    period_end: dt.date | None = PERIOD_END,
) -> Any:
    return selectors.indicator_rows(_filters(organisation, stp, staff_group, period_end))


class OrganisationIndicatorsOut(Schema):
    organisation: str = Field(..., description="The organisation's key")
    name: str
    indicators: list[IndicatorOut] = Field(..., description="Oldest period first")


@router.get(
    "/workforce/indicators/organisation/{key}",
    response=OrganisationIndicatorsOut,
    summary="An organisation's indicators over time, oldest first (public)",
)
def indicator_organisation(request: HttpRequest, key: str) -> Any:
    organisation = selectors.organisation_with_key(key)
    return {
        "organisation": organisation.key,
        "name": organisation.name,
        "indicators": list(selectors.organisation_rows(organisation)),
    }


class IndicatorAggregateOut(Schema):
    group: str = Field(..., description="All organisations, or the STP's name")
    period_end: dt.date
    vacancy_rate: Decimal | None = Field(..., description=f"Sum of vacancies ÷ posts; {UNKNOWN}")
    turnover_rate: Decimal | None = Field(..., description=f"Sum of leavers ÷ staff; {UNKNOWN}")
    staff_in_post: Decimal
    vacancies: Decimal
    leavers: Decimal
    vacancy_rows: int
    turnover_rows: int


class IndicatorBoardOut(Schema):
    staff_group: str
    rate_only: int = Field(..., description="Rows left out: a rate given without its counts")
    is_demo: bool
    overall: list[IndicatorAggregateOut]
    by_stp: list[IndicatorAggregateOut]


def _point(p: Any) -> dict[str, Any]:
    r = p.result
    return {
        "group": p.group,
        "period_end": p.period_end,
        "vacancy_rate": r.vacancy_rate.value,
        "turnover_rate": r.turnover_rate.value,
        "staff_in_post": r.staff_in_post,
        "vacancies": r.vacancies,
        "leavers": r.leavers,
        "vacancy_rows": r.vacancy_rows,
        "turnover_rows": r.turnover_rows,
    }


@router.get(
    "/workforce/indicators/stp",
    response=IndicatorBoardOut,
    summary="The rates over time for all organisations and by STP, from summed counts",
)
def indicator_stp(
    request: HttpRequest,
    organisation: str = ORGANISATION,
    stp: str = STP,
    staff_group: str = Query("", description="The staff group (blank: all staff)"),
) -> Any:
    board = selectors.board(_filters(organisation, stp, staff_group, None))
    return {
        "staff_group": board.staff_group,
        "rate_only": board.rate_only,
        "is_demo": board.demo,
        "overall": [_point(p) for p in board.overall],
        "by_stp": [_point(p) for p in board.by_stp],
    }


class IndicatorImportOut(Schema):
    summary: str
    rows: int
    created: int
    updated: int
    unchanged: int


@router.post(
    "/workforce/indicators/import",
    response=IndicatorImportOut,
    auth=django_auth,
    summary="Import indicators from a CSV or XLSX file: all of it or none of it",
    description="Every problem is listed by row and column (400) and nothing is stored; a "
    "member of an organisation imports its rows only, the secretariat any.",
)
def indicator_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    person = signed_in_person(request)
    report = transfer.indicators_import(
        actor=person, content=file.read(transfer.MAX_BYTES + 1), filename=file.name or ""
    )
    return {
        "summary": report.summary(),
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }
