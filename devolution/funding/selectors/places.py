"""A fund by place: each place of a level's fair-share guide (rules.fair_share) beside
what bids for that place asked, what the board recommended and what it allocated (SPEC
§10), for the fair-share page, its report, charts and map, and the API.

A bid counts for a place of the level when its places are that place, lie within it (up
its parents) or are a named set of boroughs wholly made of it. A bid for more than one
place of the level is not split between them (how would it be, honestly?): its amount is
counted once, under "several places". A bid for no place, or only for areas larger than
one place of the level (London as a whole), is counted under "not for one place". Every
figure is made in a fixed number of queries, however many bids and places there are.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from devolution.core.errors import InvalidInput, NotFound, Problem
from devolution.partners.models import Place

from ..models import Allocation, Bid, BidAmount, FairShareBasis, Fund, FundYear, Proposal
from ..rules.fair_share import Claimant, Guide, fair_shares

# The bids that asked: submitted or later, and not withdrawn. A declined bid asked all
# the same; a draft has not asked yet.
ASKED_STATES = (
    Bid.State.SUBMITTED,
    Bid.State.ASSESSED,
    Bid.State.RECOMMENDED,
    Bid.State.ALLOCATED,
    Bid.State.DECLINED,
)
SEVERAL = "several"
NOT_ONE = "none"
SEVERAL_NAME = "Several places (each such bid counted once, not split)"
NOT_ONE_NAME = "Not for one place of this level (for a larger area, such as London, or no place)"
# How far up a place's parents a bid's place is followed: locality to national.
DEPTH = 5


@dataclass(frozen=True)
class PlaceRow:
    """One place of the level (or the "several" or "not for one place" line): its guide,
    and the sums of what its bids asked, were recommended and were allocated."""

    code: str
    name: str
    population: int | None = None
    population_note: str = ""
    population_source: str = ""  # the source's title
    population_source_key: str = ""
    weight: Decimal = Decimal(1)
    weight_source: str = ""
    share: int | None = None
    asked: int = 0
    recommended: int = 0
    allocated: int = 0
    bids: int = 0
    is_place: bool = True  # False for the "several" and "not for one place" lines


@dataclass
class Money:
    asked: int = 0
    recommended: int = 0
    allocated: int = 0
    bids: int = 0


@dataclass(frozen=True)
class FundChoice:
    key: str
    name: str


@dataclass(frozen=True)
class ByPlace:
    """A fund's guide and money by place of one level, in one year."""

    fund_key: str
    fund_name: str
    level_key: str
    level_name: str
    year: str  # the financial year, or "" for the fund's whole amount
    amount: int | None
    amount_note: str
    basis: str  # the guide's description, in the data's words
    basis_source: str  # its source's title
    rows: tuple[PlaceRow, ...]  # the places of the level, by name
    others: tuple[PlaceRow, ...]  # "several places" and "not for one place", when any
    guide: Guide
    levels: tuple[tuple[str, str], ...]  # the levels the fund has a guide at
    years: tuple[str, ...]
    sources: tuple[int, ...] = field(default=())  # the ids of every source cited
    place_code: str = ""  # the fund's place (London), whose boroughs the map draws

    @property
    def level_words(self) -> str:
        """The level's name inside a sentence: "sub-region (STP)", "borough"."""
        return self.level_name[:1].lower() + self.level_name[1:]

    @property
    def totals(self) -> dict[str, int | None]:
        every = (*self.rows, *self.others)
        known = [r.share for r in self.rows]
        return {
            "share": None if any(s is None for s in known) else sum(s or 0 for s in known),
            "asked": sum(r.asked for r in every),
            "recommended": sum(r.recommended for r in every),
            "allocated": sum(r.allocated for r in every),
        }


def fair_share_fund_list() -> list[FundChoice]:
    """The funds with a fair-share guide at some level, in their order."""
    rows = (
        Fund.objects.filter(fair_shares__isnull=False)
        .distinct()
        .order_by("order", "name")
        .values_list("key", "name")
    )
    return [FundChoice(k, n) for k, n in rows]


def _fund(key: str) -> Fund:
    found = Fund.objects.filter(key=key).select_related("place").first()
    if found is None:
        raise NotFound(f"There is no fund {key!r}.", field="fund")
    return found


def _refuse(field_name: str, value: str, what: str, choices: Iterable[tuple[str, str]]) -> None:
    listed = "; ".join(f"{k} ({n})" for k, n in choices) or "none: this fund has no guide"
    raise InvalidInput(
        [
            Problem(
                f"There is no {what} {value!r} for this fund. Choose one of: {listed}.",
                field=field_name,
            )
        ]
    )


def _descendant(code: str | None) -> Q:
    """The place of this code and the places within it (every place for None)."""
    if not code:
        return Q()
    q = Q(code=code)
    lookup = "parent"
    for _ in range(DEPTH):
        q |= Q(**{f"{lookup}__code": code})
        lookup += "__parent"
    return q


def _level_places_of_bids(
    fund: Fund, bid_ids: list[int], level_ids: set[int]
) -> dict[int, set[int]]:
    """For each bid, the places of the level its places are, lie within or are made of.
    Three queries, each of the fund's own rows: its bids' places, those places' chains
    up (one row a place, however many bids name it), and the named sets among them; not
    every place's chain in England joined to every bid."""
    wanted = set(bid_ids)
    place_bids: dict[int, set[int]] = defaultdict(set)
    for bid, place in Proposal.places.through.objects.filter(proposal__bid__fund=fund).values_list(
        "proposal__bid", "place_id"
    ):
        if bid in wanted:
            place_bids[place].add(bid)
    chain = [f"{'parent__' * n}parent_id" for n in range(DEPTH)]
    found: dict[int, set[int]] = defaultdict(set)
    for place, *ancestors in Place.objects.filter(pk__in=list(place_bids)).values_list(
        "pk", *chain
    ):
        level = next((pk for pk in (place, *ancestors) if pk in level_ids), None)
        if level is not None:
            for bid in place_bids[place]:
                found[bid].add(level)
    # A named set of places (a multi-borough system) made of places of the level.
    made_of = Place.comprises.through.objects.filter(
        from_place_id__in=list(place_bids), to_place_id__in=level_ids
    ).values_list("from_place_id", "to_place_id")
    for whole, part in made_of:
        for bid in place_bids[whole]:
            found[bid].add(part)
    return found


def fair_share_get(fund_key: str, level_key: str | None = None, year: str | None = None) -> ByPlace:
    """The fund's guide and money by place of the level (the fund's first level for None)
    in the year (the latest with an amount for None; the fund's whole amount when it
    has no years). An unknown level or year is refused, naming the choices."""
    fund = _fund(fund_key)
    bases = list(
        FairShareBasis.objects.filter(fund=fund)
        .select_related("level", "source")
        .order_by("-level__rank")
    )
    levels = tuple((b.level.key, b.level.name) for b in bases)
    basis = next((b for b in bases if b.level.key == level_key), None) if level_key else None
    if level_key and basis is None:
        _refuse("level", level_key, "fair-share level", levels)
    if basis is None and bases:
        basis = bases[0]
    years = list(FundYear.objects.filter(fund=fund).order_by("year"))
    year_keys = tuple(y.year for y in years)
    chosen: FundYear | None = None
    if year:
        chosen = next((y for y in years if y.year == year), None)
        if chosen is None:
            _refuse("year", year, "financial year", ((y, y) for y in year_keys))
    elif years:
        with_amount = [y for y in years if y.amount is not None]
        chosen = (with_amount or years)[-1]
    amount = chosen.amount if chosen else fund.amount
    amount_note = (chosen.amount_note if chosen else fund.amount_note) or ""
    if basis is None:
        return ByPlace(
            fund.key,
            fund.name,
            "",
            "",
            chosen.year if chosen else "",
            amount,
            amount_note,
            "",
            "",
            (),
            (),
            fair_shares(amount, []),
            levels,
            year_keys,
        )
    weights = {w.place_id: w for w in basis.weights.select_related("source").all()}
    places = list(
        Place.objects.filter(
            _descendant(fund.place.code if fund.place else None), level=basis.level
        )
        .select_related("population_source")
        .order_by("name", "code")
    )
    guide = fair_shares(
        amount,
        [
            Claimant(
                p.code,
                p.name,
                p.population,
                weights[p.pk].weight if p.pk in weights else Decimal(1),
            )
            for p in places
        ],
    )
    money = _money(fund, chosen.year if chosen else None, {p.pk for p in places})
    rows = tuple(
        PlaceRow(
            code=p.code,
            name=p.name,
            population=p.population,
            population_note=p.population_note,
            population_source=p.population_source.title if p.population_source else "",
            population_source_key=p.population_source.key if p.population_source else "",
            weight=weights[p.pk].weight if p.pk in weights else Decimal(1),
            weight_source=weights[p.pk].source.title if p.pk in weights else "",
            share=guide.shares.get(p.code),
            asked=money.get(p.pk, Money()).asked,
            recommended=money.get(p.pk, Money()).recommended,
            allocated=money.get(p.pk, Money()).allocated,
            bids=money.get(p.pk, Money()).bids,
        )
        for p in places
    )
    others = tuple(
        PlaceRow(
            code=code,
            name=name,
            is_place=False,
            asked=money[code].asked,
            recommended=money[code].recommended,
            allocated=money[code].allocated,
            bids=money[code].bids,
        )
        for code, name in ((SEVERAL, SEVERAL_NAME), (NOT_ONE, NOT_ONE_NAME))
        if code in money
    )
    sources = {basis.source_id, fund.source_id}
    sources |= {p.population_source_id for p in places if p.population_source_id}
    sources |= {w.source_id for w in weights.values()}
    if chosen and chosen.source_id:
        sources.add(chosen.source_id)
    return ByPlace(
        fund_key=fund.key,
        fund_name=fund.name,
        level_key=basis.level.key,
        level_name=basis.level.name,
        year=chosen.year if chosen else "",
        amount=amount,
        amount_note=amount_note,
        basis=basis.description,
        basis_source=basis.source.title,
        rows=rows,
        others=others,
        guide=guide,
        levels=levels,
        years=year_keys,
        sources=tuple(sorted(s for s in sources if s is not None)),
        place_code=fund.place.code if fund.place else "",
    )


def _money(fund: Fund, year: str | None, level_ids: set[int]) -> dict[object, Money]:
    """What the fund's bids asked, were recommended and were allocated in the year (every
    year for None), by the place of the level they are for (its id), or SEVERAL or
    NOT_ONE: four queries."""
    amounts = BidAmount.objects.filter(bid__fund=fund, bid__state__in=ASKED_STATES)
    allocations = Allocation.objects.filter(category_year__category__fund=fund)
    if year:
        amounts = amounts.filter(year=year)
        allocations = allocations.filter(category_year__year=year)
    asked = dict(amounts.values("bid").annotate(n=Sum("amount")).values_list("bid", "n"))
    given: dict[tuple[int, str], int] = {
        (b, s): n
        for b, s, n in allocations.values("bid", "status")
        .annotate(n=Sum("amount"))
        .values_list("bid", "status", "n")
    }
    bid_ids = sorted(set(asked) | {b for b, _ in given})
    where = _level_places_of_bids(fund, bid_ids, level_ids)
    out: dict[object, Money] = {}
    for bid in bid_ids:
        found = where.get(bid, set())
        key: object = next(iter(found)) if len(found) == 1 else (SEVERAL if found else NOT_ONE)
        sums = out.setdefault(key, Money())
        sums.asked += asked.get(bid, 0)
        sums.recommended += given.get((bid, Allocation.Status.RECOMMENDED), 0)
        sums.allocated += given.get((bid, Allocation.Status.ALLOCATED), 0)
        sums.bids += 1
    return out


@dataclass(frozen=True)
class MapBorough:
    name: str
    code: str
    place_code: str | None  # the place of the level it is, or lies within; None for none


def map_borough_list(data: ByPlace) -> list[MapBorough]:
    """The boroughs within the fund's place, each with the place of the guide's level it
    is or lies within (one query)."""
    chain = ["code"] + [f"{'parent__' * n}parent__code" for n in range(DEPTH)]
    rows = (
        Place.objects.filter(_descendant(data.place_code), level__key="borough")
        .order_by("name", "code")
        .values_list("name", *chain)
    )
    codes = {r.code for r in data.rows}
    return [
        MapBorough(name, own, next((c for c in (own, *up) if c in codes), None))
        for name, own, *up in rows
    ]
