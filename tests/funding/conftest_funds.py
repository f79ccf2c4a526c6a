"""Fixtures of the funds tests: London's data holds no bids or allocations (none in the
seeds), so the tests make their own."""

import datetime as dt

import pytest

from devolution.funding.models import (
    Allocation,
    Bid,
    Category,
    CategoryYear,
    Fund,
    FundYear,
    Proposal,
    SpendReport,
)
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.models import Level

FUND = "london-transformation-funding"


def category_year(key: str, year: str = "2018-19") -> CategoryYear:
    return CategoryYear.objects.get(category__fund__key=FUND, category__key=key, year=year)


@pytest.fixture
def allocations(secretariat):
    """From the unallocated category's 2018-19: £5,000,000 allocated (reported spent
    £1,000,000, then £3,000,000 to date) and £2,000,000 recommended to NHS England."""
    fund = Fund.objects.get(key=FUND)
    category = Category.objects.get(fund=fund, key="unallocated")
    cy = category_year("unallocated")
    meeting = Meeting.objects.create(
        key="spb-funds-test", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    rows = []
    for n, (status, amount) in enumerate([("allocated", 5_000_000), ("recommended", 2_000_000)]):
        item = AgendaItem.objects.create(
            meeting=meeting, key=f"bid-{n}", title=f"Bid {n}", purpose="decide"
        )
        decision = Decision.objects.create(item=item, outcome="agreed")
        proposal = Proposal.objects.create(
            partnership=fund.partnership, ref=f"test-bid-{n}", kind="bid", title=f"Bid {n}"
        )
        bid = Bid.objects.create(
            proposal=proposal,
            fund=fund,
            category=category,
            level=Level.objects.get(key="stp"),
            state=status,
        )
        rows.append(
            Allocation.objects.create(
                bid=bid,
                number=1,
                category_year=cy,
                amount=amount,
                status=status,
                decision=decision,
                made_on=meeting.date,
            )
        )
    for day, spent in [(dt.date(2018, 9, 30), 1_000_000), (dt.date(2019, 3, 31), 3_000_000)]:
        SpendReport.objects.create(
            allocation=rows[0], reported_on=day, spent_to_date=spent, reported_by=secretariat
        )
    CategoryYear.objects.filter(pk=cy.pk).update(allocated=5_000_000)
    FundYear.objects.filter(fund=fund, year=cy.year).update(allocated=5_000_000)
    return rows
