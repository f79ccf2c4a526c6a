"""QUALITY R1: a fund is never over-allocated. Fifty board decisions at once, each
allocating £30,000 from a category of £1,000,000, each at its own SPB meeting and on its
own database connection: exactly 33 allocate, the rest are refused naming what is left,
and the category's running total is the sum of what was allocated (ADR 7)."""

import datetime as dt

from devolution.core.errors import RuleViolation
from devolution.core.models import User
from devolution.funding.models import Allocation, Bid, CategoryYear
from devolution.funding.services.agenda import bid_to_agenda
from devolution.meetings.models import Decision
from devolution.meetings.services import decision_record
from devolution.partners.models import Role
from tests.conftest import make_person
from tests.funding.conftest_allocations import (
    FUND,
    YEAR,
    bid_make,
    chair_make,
    spb_may_decide,
    spb_meeting,
)

BIDS = 50
AMOUNT = 1_000_000
ASK = 30_000
SECRETARIAT = "sec@londoncouncils.example"


def _category() -> CategoryYear:
    return CategoryYear.objects.get(
        category__fund__key=FUND, category__key="unallocated", year=YEAR
    )


def _scenario() -> list[int]:
    """The SPB able to decide; the unallocated category's 2018-19 amount set; fifty bids,
    each brought to its own meeting with the co-chair and Bob present; the items' ids."""
    secretariat = make_person(SECRETARIAT, "london-councils", Role.SECRETARIAT)
    chair = chair_make()
    bob = make_person("bob@camden.example", "la-camden", Role.BOARD_MEMBER)
    spb_may_decide(secretariat)
    CategoryYear.objects.filter(pk=_category().pk).update(amount=AMOUNT)
    items = []
    for i in range(BIDS):
        bid_make(f"nel-{i:02d}", asked=ASK, measures=0)
        day = dt.date(2018, 7, 1) + dt.timedelta(days=i)
        meeting = spb_meeting(
            f"spb-at-once-{i:02d}", day, [(bob, "la-camden"), (chair, "nhs-england-london")]
        )
        items.append(
            bid_to_agenda(actor=secretariat, ref=f"nel-{i:02d}", meeting_key=meeting.key).pk
        )
    return items


def test_fifty_decisions_at_once_never_take_a_category_over_its_amount(concurrent_db):
    items = concurrent_db.setup(_scenario)

    def decide(i: int) -> int:
        actor = User.objects.get(email=SECRETARIAT)
        return decision_record(
            actor=actor, item_id=items[i], outcome="agreed", decision_kind="allocate_funding"
        ).pk

    outcomes = concurrent_db.at_once(BIDS, decide)

    decided = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(decided) == AMOUNT // ASK == 33
    assert len(refused) == BIDS - 33, [o for o in outcomes if not isinstance(o, int)][:3]
    assert {r.rule_id for r in refused} == {"FUND-CATEGORY-CEILING"}
    assert all("more than is left" in r.message for r in refused)
    assert all("Unallocated 2018-19 has £10,000 left of £1,000,000" in r.message for r in refused)

    def totals() -> tuple[int, int | None, int, int, int, int]:
        category = _category()
        allocated = Allocation.objects.filter(category_year=category, status="allocated")
        return (
            category.allocated,
            category.amount,
            sum(allocated.values_list("amount", flat=True)),
            allocated.count(),
            Decision.objects.filter(kind="allocate_funding").count(),
            Bid.objects.filter(state="allocated").count(),
        )

    allocated, amount, summed, rows, decisions, bids = concurrent_db.read(totals)
    assert allocated == summed == 33 * ASK
    assert amount is not None and allocated <= amount
    assert rows == decisions == bids == 33
