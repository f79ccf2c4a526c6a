"""The funds, their position and the partners' contributions as JSON (SPEC §10)."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.params.functions import Query

from devolution.core.api_contract import known
from devolution.core.errors import InvalidInput, NotFound, Problem
from devolution.core.versions import cached
from devolution.partners import selectors as partner_selectors

from ..forms.contributions import financial_year_ok
from ..rules.contributions import thousands
from ..selectors import contributions as contribution_selectors
from ..selectors import funds as selectors

router = Router(tags=["Funding"])

POUNDS = "Whole pounds; null where no source gives it (unknown, never nought)"
PARTNERSHIP = (
    "A partnership's key: its funds only (by default the deployment's default "
    "partnership's); a key nothing has is a 422"
)


class FundSourceOut(Schema):
    title: str = Field(..., description="The source as a person can follow it")
    quote: str = Field(..., description="The source's own words for the figure")


class YearAmountOut(Schema):
    year: str = Field(..., description="The financial year, e.g. 2018-19")
    amount: int | None = Field(..., description=f"The amount for that year. {POUNDS}")


class CategoryOut(Schema):
    key: str
    name: str
    restrictions: str = Field(..., description="What the category's money may be used for")
    open_to_bids: bool = Field(..., description="Whether bids may ask it for money")
    years: list[YearAmountOut] = Field(..., description="The category's amount in each year")
    amount: int | None = Field(
        ...,
        description="The sum of the category's amounts over its years; null if any year's "
        "amount is unknown or it has no years. Whole pounds.",
    )


class FundOut(Schema):
    key: str
    name: str
    kind: str = Field(
        ...,
        description="`allocated`: the partnership allocates it; `context`: a figure recorded "
        "beside it, not allocated here",
    )
    amount: int | None = Field(
        ...,
        description="The fund over all its years as its source gives the whole (e.g. "
        f"£2.1bn over five years). {POUNDS}",
    )
    amount_note: str = Field(..., description="How the source gives the amount")
    source: FundSourceOut
    years: list[YearAmountOut] = Field(
        ...,
        description="The fund's financial years in order, each with the fund's amount for "
        "that year (null where unknown); empty where the source gives only the whole",
    )
    categories: list[CategoryOut] = Field(..., description="The fund's categories, in order")


class PositionOut(Schema):
    year: str = Field(..., description="The financial year, e.g. 2018-19")
    available: int | None = Field(..., description=f"The amount for the year. {POUNDS}")
    recommended: int = Field(
        ...,
        description="Recommended by a board in shadow decision-making to the body that "
        "holds the power; not allocated. Whole pounds.",
    )
    allocated: int = Field(..., description="Allocated by binding decisions. Whole pounds.")
    spent: int = Field(
        ..., description="Each allocation's latest reported spend to date, summed. Whole pounds."
    )
    left: int | None = Field(
        ..., description="Available less allocated; null while the amount is unknown."
    )


class CategoryPositionOut(Schema):
    key: str
    name: str
    restrictions: str
    position: list[PositionOut] = Field(..., description="The category's position, year by year")


class FundDetailOut(FundOut):
    position: list[PositionOut] = Field(
        ..., description="The whole fund's position year by year (its categories together)"
    )
    category_positions: list[CategoryPositionOut]


class ContributionOut(Schema):
    partner: str = Field(..., description="The partner as the paper names it")
    amount: int | None = Field(..., description=f"The cash contributed. {POUNDS}")
    in_kind: str = Field(..., description="What it gives in kind, in the paper's words")
    agreed_contribution: str = Field(
        ..., description="The contribution as the paper prints it (or, once changed, as recorded)"
    )
    note: str = Field(..., description="The paper's notes on the row")


class LaterNoteOut(Schema):
    date: str | None = Field(..., description="When the note was added, as YYYY-MM-DD")
    text: str


class ContributionsOut(Schema):
    year: str = Field(..., description="The financial year, e.g. 2017-18")
    title: str
    items: list[ContributionOut]
    count: int
    total: int | None = Field(
        ..., description="The rows' cash summed (e.g. 1528000); null if any row's cash is unknown"
    )
    total_text: str = Field(..., description="The rows' sum as a person reads it, e.g. £1,528k")
    stated_total: int | None = Field(..., description=f"The total the paper states. {POUNDS}")
    stated_total_text: str = Field(..., description="The stated total as printed, e.g. £1.53m")
    planned_costs: int | None = Field(..., description=f"The programme's planned costs. {POUNDS}")
    shortfall: int | None = Field(
        ..., description="Planned costs less the rows' sum (0 when covered); null while unknown"
    )
    shortfall_text: str
    later_note: LaterNoteOut | None
    source: str = Field(..., description="The paper the table comes from")


def _year_amounts(years: Any) -> list[dict[str, Any]]:
    return [{"year": y.year, "amount": y.amount} for y in years]


def _fund(fund: Any) -> dict[str, Any]:
    categories = []
    for c in fund.categories.all():
        years = _year_amounts(c.years.all())
        amounts = [y["amount"] for y in years]
        total = None if not amounts or None in amounts else sum(amounts)
        categories.append(
            {
                "key": c.key,
                "name": c.name,
                "restrictions": c.restrictions,
                "open_to_bids": c.open_to_bids,
                "years": years,
                "amount": total,
            }
        )
    return {
        "key": fund.key,
        "name": fund.name,
        "kind": fund.kind,
        "amount": fund.amount,
        "amount_note": fund.amount_note,
        "source": {"title": fund.source.title, "quote": fund.quote},
        "years": _year_amounts(fund.years.all()),
        "categories": categories,
    }


def _position(y: Any) -> dict[str, Any]:
    p = y.position
    return {
        "year": y.year,
        "available": p.amount,
        "recommended": p.recommended,
        "allocated": p.allocated,
        "spent": p.spent,
        "left": p.left,
    }


@router.get("/funds", response=list[FundOut], summary="Funds, with their years and categories")
@paginate
def fund_list(
    request: HttpRequest, partnership: str | None = Query(None, description=PARTNERSHIP)
) -> Any:
    if partnership:
        found = partner_selectors.partnership_with_key(partnership)
        known("partnership", partnership, found is not None, "partnership")
    else:
        found = partner_selectors.partnership_in_view(None)
    # The funds as the API gives them, kept until the next write (QUALITY P1).
    return cached(
        f"funding:api-funds:{found.key if found else ''}",
        lambda: [_fund(f) for f in selectors.fund_list(found)],
    )


@router.get("/funds/{key}", response=FundDetailOut, summary="One fund with its position")
def fund_get(request: HttpRequest, key: str) -> Any:
    fund = selectors.fund_get(key)
    position = selectors.fund_position(fund)
    return {
        **_fund(fund),
        "position": [_position(y) for y in position.years],
        "category_positions": [
            {
                "key": c.category.key,
                "name": c.category.name,
                "restrictions": c.category.restrictions,
                "position": [_position(y) for y in c.years],
            }
            for c in position.categories
        ],
    }


@router.get(
    "/contributions",
    response=ContributionsOut,
    summary="Partners' contributions in a financial year, against the planned costs",
)
def contribution_list(
    request: HttpRequest,
    year: str | None = Query(
        None,
        description="A financial year as 2017-18 (by default the latest recorded); one "
        "written otherwise is a 400, one with no contributions a 404",
    ),
) -> Any:
    partnership = partner_selectors.partnership_in_view(None)
    if year and not financial_year_ok(year):
        raise InvalidInput(
            [Problem(f"'{year}' is not a financial year written as 2017-18", field="year")]
        )
    if not year:
        years = contribution_selectors.contribution_years(partnership)
        if not years:
            raise NotFound("No partner contributions are recorded.")
        year = years[0]
    ledger = contribution_selectors.ledger_get(partnership, year)
    y = ledger.year
    return {
        "year": y.year,
        "title": y.title,
        "items": [
            {
                "partner": r.partner,
                "amount": r.amount,
                "in_kind": r.in_kind,
                "agreed_contribution": contribution_selectors.contribution_shown(r),
                "note": r.notes,
            }
            for r in ledger.rows
        ],
        "count": len(ledger.rows),
        "total": ledger.total,
        "total_text": thousands(ledger.total),
        "stated_total": y.stated_total,
        "stated_total_text": y.stated_total_text,
        "planned_costs": ledger.planned,
        "shortfall": ledger.shortfall,
        "shortfall_text": contribution_selectors.shortfall_text(ledger),
        "later_note": (
            {
                "date": y.later_note_date.isoformat() if y.later_note_date else None,
                "text": y.later_note,
            }
            if y.later_note
            else None
        ),
        "source": y.source.title,
    }
