"""A fund by place in the JSON API: each place of a level with its population, weight and
fair-share guide, and what its bids asked, were recommended and were allocated."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.params.functions import Query

from devolution.core.api_contract import InvalidQuery
from devolution.core.errors import InvalidInput

from ..selectors.places import fair_share_get

router = Router()


class FairShareItem(Schema):
    code: str
    name: str
    is_place: bool
    population: int | None
    population_note: str
    population_source: str | None
    weight: float | None
    share: int | None
    bids: int
    asked: int
    recommended: int
    allocated: int


class FairShareOut(Schema):
    fund: str
    fund_name: str
    level: str
    level_name: str
    year: str | None
    amount: int | None
    share_known: bool
    share_unknown_because: str
    places_without_population: list[str]
    counting: str
    items: list[FairShareItem]


COUNTING = (
    "A bid counts for a place when its places are that place or lie within it. A bid for "
    "more than one place is counted once, under the item `several`, not split; a bid for an "
    "area larger than one place (London as a whole) or for no place is under the item `none`."
)


@router.get(
    "/funds/{key}/fair-share",
    response=FairShareOut,
    summary="A fund's fair-share guide and its allocations, by place of a level",
    description=COUNTING,
)
def fund_fair_share(
    request: HttpRequest,
    key: str,
    level: str | None = Query(
        None,
        description="A level's key (`stp`, `borough`) the fund has a guide at; another "
        "level is a 422",
    ),
    year: str | None = Query(
        None,
        description="A financial year of the fund (`2018-19`); by default the latest with an "
        "amount; a year it has not is a 422",
    ),
) -> Any:
    try:
        data = fair_share_get(key, level, year)
    except InvalidInput as refused:  # a filter's value the fund has not: as every filter
        raise InvalidQuery(refused.problems) from refused
    return {
        "fund": data.fund_key,
        "fund_name": data.fund_name,
        "level": data.level_key,
        "level_name": data.level_name,
        "year": data.year or None,
        "amount": data.amount,
        "share_known": data.guide.known,
        "share_unknown_because": data.guide.reason(),
        "places_without_population": list(data.guide.missing),
        "counting": COUNTING,
        "items": [
            {
                "code": r.code,
                "name": r.name,
                "is_place": r.is_place,
                "population": r.population,
                "population_note": r.population_note,
                "population_source": r.population_source_key or None,
                "weight": float(r.weight) if r.is_place else None,
                "share": r.share,
                "bids": r.bids,
                "asked": r.asked,
                "recommended": r.recommended,
                "allocated": r.allocated,
            }
            for r in (*data.rows, *data.others)
        ],
    }
