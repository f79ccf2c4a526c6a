"""The estates strategy's KPIs and the capital plan in the JSON API: the KPIs are public
(they come from completed disposals); the plan holds the cases the reader may see."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.params.functions import Query

from devolution.core.api_contract import known
from devolution.core.people import acting_person
from devolution.partners.selectors import partnership_with_key

from ..rules.strategy import COUNTING, MEASURES
from ..selectors.strategy import capital_plan, kpis

router = Router()


class KpiYearOut(Schema):
    year: str
    added: dict[str, int]
    total: dict[str, int]


class KpisOut(Schema):
    measures: list[dict[str, str]]
    counting: str
    disposals: int = Field(..., description="Completed disposals counted")
    unknown: dict[str, int] = Field(..., description="Disposals whose site gives no figure")
    years: list[KpiYearOut]


class PlanLineOut(Schema):
    case: str
    title: str
    sponsor: str
    stage: str
    state: str
    year: str
    source: str
    amount: int
    is_demo: bool


class PlanCellOut(Schema):
    year: str
    source: str
    amount: int


class PlanOut(Schema):
    public_only: bool
    lines: list[PlanLineOut]
    by_year_and_source: list[PlanCellOut]


def _partnership(key: str | None) -> int | None:
    chosen = partnership_with_key(key) if key else None
    known("partnership", key, chosen is not None, "partnership")
    return chosen.pk if chosen else None


PARTNERSHIP = Query(None, description="A partnership's key; unknown keys are a 422")


@router.get("/capital/kpis", response=KpisOut, summary="The estates strategy's KPIs by year")
def capital_kpis(request: HttpRequest, partnership: str | None = PARTNERSHIP) -> Any:
    data = kpis(_partnership(partnership))
    return {
        "measures": [{"key": k, "label": label, "unit": u} for k, label, u in MEASURES],
        "counting": COUNTING,
        "disposals": data.disposals,
        "unknown": data.unknown,
        "years": [{"year": y.year, "added": y.added, "total": y.total} for y in data.years],
    }


@router.get(
    "/capital/plan",
    response=PlanOut,
    summary="The capital plan: cases by financial year and funding source",
    description="Staff see cases submitted, advised on or approved; the public approved "
    "cases only.",
)
def capital_plan_get(request: HttpRequest, partnership: str | None = PARTNERSHIP) -> Any:
    plan = capital_plan(acting_person(request), _partnership(partnership))
    return {
        "public_only": plan.public_only,
        "lines": [
            {
                "case": line.case_ref,
                "title": line.case_title,
                "sponsor": line.sponsor,
                "stage": line.stage,
                "state": line.state,
                "year": line.year,
                "source": line.kind,
                "amount": line.amount,
                "is_demo": line.is_demo,
            }
            for line in plan.lines
        ],
        "by_year_and_source": [
            {"year": year, "source": kind, "amount": amount}
            for (year, kind), amount in sorted(plan.grid.items())
        ],
    }
