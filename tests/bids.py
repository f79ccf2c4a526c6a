"""A bid brought to an agenda item, for tests that record allocation decisions: an
allocation allocates (or recommends) the money a bid asks for, so an item decided as
`allocate_funding` must bring one (funding.services.allocations)."""

from devolution.funding.models import Bid, BidAmount, Category, Fund, Proposal
from devolution.meetings.models import AgendaItem
from devolution.partners.models import Level, Organisation, Partnership

FUND = "london-transformation-funding"


def bid_on_item(
    item: AgendaItem,
    *,
    amount: int = 250_000,
    applicant: str = "ccg-city-and-hackney",
    category: str = "unallocated",
    year: str = "2018-19",
    state: str = "submitted",
    ref: str = "",
) -> Bid:
    fund = Fund.objects.get(key=FUND)
    proposal = Proposal.objects.create(
        partnership=Partnership.objects.get(is_default=True),
        ref=ref or f"B-TEST-{item.pk}",
        kind="bid",
        title=item.title,
        summary="A test bid.",
        organisation=Organisation.objects.get(key=applicant),
        item=item,
    )
    proposal.places.set(list(item.places.all()))
    bid = Bid.objects.create(
        proposal=proposal,
        fund=fund,
        category=Category.objects.get(fund=fund, key=category),
        level=Level.objects.get(key="stp"),
        state=state,
    )
    BidAmount.objects.create(bid=bid, year=year, amount=amount)
    return bid
