"""The estates strategy's KPIs and the capital plan, as the pages, the reports and the API
read them (SPEC §12). The KPIs come from completed disposals (public) and their
reinvestments; the plan from the cases the reader may see."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from devolution.partners.access import is_staff

from ..models import BusinessCase, Disposal, FundingSource, Reinvestment
from ..rules.money import financial_year
from ..rules.strategy import YearFigures, running

# The cases a plan holds: those still going forward or approved; a draft is not yet put
# forward, and a rejected or withdrawn case is out of the plan.
PLAN_STATES = ("submitted", "advised", "approved")


@dataclass(frozen=True)
class Kpis:
    years: list[YearFigures]
    disposals: int
    unknown: dict[str, int]  # completed disposals whose site gives no figure


def kpis(partnership_id: int | None = None) -> Kpis:
    disposals = Disposal.objects.filter(completed__isnull=False).select_related("site")
    reinvestments = Reinvestment.objects.all()
    if partnership_id is not None:
        disposals = disposals.filter(site__partnership_id=partnership_id)
        reinvestments = reinvestments.filter(disposal__site__partnership_id=partnership_id)
    done = list(disposals)
    years: list[tuple[str, dict[str, int]]] = []
    unknown = {"floor_area": 0, "housing_units": 0, "backlog": 0}
    for d in done:
        assert d.completed is not None
        site = d.site
        for key in unknown:
            if getattr(site, key) is None:
                unknown[key] += 1
        years.append(
            (
                financial_year(d.completed),
                {
                    "floor_area": site.floor_area or 0,
                    "housing_units": site.housing_units or 0,
                    "backlog": site.backlog or 0,
                },
            )
        )
    for on, amount in reinvestments.values_list("on", "amount"):
        years.append((financial_year(on), {"reinvested": amount}))
    return Kpis(running(years), len(done), unknown)


def plan_cases(person: Any, partnership_id: int | None = None) -> QuerySet[BusinessCase]:
    """Staff see every case in the plan; the public only approved cases."""
    states = PLAN_STATES if is_staff(person) else ("approved",)
    cases = BusinessCase.objects.filter(state__in=states)
    if partnership_id is not None:
        cases = cases.filter(partnership_id=partnership_id)
    return cases


@dataclass(frozen=True)
class PlanLine:
    case_ref: str
    case_title: str
    sponsor: str
    stage: str
    state: str
    year: str
    kind: str
    amount: int
    is_demo: bool


@dataclass(frozen=True)
class Plan:
    lines: list[PlanLine]
    years: list[str]
    kinds: list[tuple[str, str]]  # (key, label), those with money
    grid: dict[tuple[str, str], int]  # (year, kind) -> amount
    public_only: bool


def capital_plan(person: Any, partnership_id: int | None = None) -> Plan:
    sources = (
        FundingSource.objects.filter(case__in=plan_cases(person, partnership_id))
        .select_related("case__sponsor")
        .order_by("year", "case__ref", "number")
    )
    labels = dict(FundingSource.Kind.choices)
    states = dict(BusinessCase.State.choices)
    stages = dict(BusinessCase.Stage.choices)
    lines: list[PlanLine] = []
    grid: dict[tuple[str, str], int] = {}
    for f in sources:
        c = f.case
        lines.append(
            PlanLine(
                c.ref,
                c.title,
                c.sponsor.name,
                str(stages[c.stage]),
                str(states[c.state]),
                f.year,
                str(labels[f.kind]),
                f.amount,
                c.is_demo,
            )
        )
        grid[(f.year, f.kind)] = grid.get((f.year, f.kind), 0) + f.amount
    kinds = [(k, str(v)) for k, v in FundingSource.Kind.choices if any(k == g[1] for g in grid)]
    return Plan(lines, sorted({y for y, _ in grid}), kinds, grid, not is_staff(person))
