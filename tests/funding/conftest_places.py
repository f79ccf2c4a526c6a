"""Bids and allocations for the fair-share tests: London's data holds none, so each test
makes its own (a meeting, an item and a decision for each allocation, written directly:
these tests read the figures, the allocation's handler is tested with its own part)."""

import datetime as dt
import itertools

from devolution.core.models import next_number
from devolution.funding.models import Allocation, Bid, BidAmount, Category, CategoryYear, Proposal
from devolution.governance.models import Board, Function
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.models import Level, Organisation, Partnership, Place

FUND = "london-transformation-funding"
_numbers = itertools.count(1)


def make_bid(
    places: list[str],
    *,
    asked: int,
    allocated: int = 0,
    recommended: int = 0,
    state: str = Bid.State.SUBMITTED,
    year: str = "2018-19",
    level: str = "stp",
) -> Bid:
    n = next(_numbers)
    proposal = Proposal.objects.create(
        partnership=Partnership.objects.get(key="london-devolution-partnership"),
        ref=f"bid-places-{n}",
        kind=Proposal.Kind.BID,
        title=f"A test bid {n}",
        organisation=Organisation.objects.get(key="ccg-city-and-hackney"),
    )
    proposal.places.set(Place.objects.filter(code__in=places))
    category = Category.objects.get(fund__key=FUND, key="unallocated")
    bid = Bid.objects.create(
        proposal=proposal,
        fund=category.fund,
        category=category,
        level=Level.objects.get(key=level),
        state=state,
    )
    BidAmount.objects.create(bid=bid, year=year, amount=asked)
    for amount, status in ((allocated, "allocated"), (recommended, "recommended")):
        if amount:
            allocate(bid, amount, status, year)
    return bid


def allocate(bid: Bid, amount: int, status: str, year: str = "2018-19") -> Allocation:
    n = next(_numbers)
    meeting = Meeting.objects.create(
        key=f"spb-places-{n}",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        quorum=2,
        status="agenda_published",
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        key=f"bid-{n}",
        title=str(bid),
        purpose="decide",
        function=Function.objects.get(key="transformation_funding"),
    )
    decision = Decision.objects.create(item=item, kind="allocate_funding", outcome="agreed")
    category_year = CategoryYear.objects.get(category=bid.category, year=year)
    return Allocation.objects.create(
        bid=bid,
        number=next_number(Allocation.objects.filter(bid=bid)),
        category_year=category_year,
        amount=amount,
        status=status,
        recommended_to="NHS England" if status == "recommended" else "",
        decision=decision,
        made_on=meeting.date,
    )
