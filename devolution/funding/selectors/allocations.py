"""What the allocation pages and API read: allocations and recommendations by fund and
category, one allocation with its spend and outcome measures, and where a bid stands on
its way through a board's meeting. What the public may read is decided here once: an
allocation decided on a confidential item is read by partnership staff only."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from devolution.core.errors import NotFound
from devolution.core.versions import cached
from devolution.meetings.models import Decision, Meeting
from devolution.partners.access import is_staff

from ..models import Allocation, Bid, Category, CategoryYear, Fund, Measure, SpendReport

# A meeting still to be held, whose agenda can take a new item.
UPCOMING = (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED)


def allocations_visible(reader: Any) -> QuerySet[Allocation]:
    rows = Allocation.objects.select_related(
        "bid__proposal__organisation",
        "bid__proposal__proposer_partnership",
        "bid__fund",
        "category_year__category__fund",
        "decision__item__meeting__board",
    )
    if not is_staff(reader):
        rows = rows.filter(decision__item__public=True)
    return rows


def fund_exists(key: str) -> bool:
    return Fund.objects.filter(key=key).exists()


def category_exists(key: str) -> bool:
    return Category.objects.filter(key=key).exists()


def allocation_list(
    reader: Any, *, fund: str | None = None, category: str | None = None, status: str | None = None
) -> QuerySet[Allocation]:
    rows = allocations_visible(reader)
    if fund:
        rows = rows.filter(category_year__category__fund__key=fund)
    if category:
        rows = rows.filter(category_year__category__key=category)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by(
        "category_year__category__fund__order",
        "category_year__category__order",
        "made_on",
        "pk",
    )


@dataclass
class CategoryRows:
    """A category's allocations and recommendations, with its amount over its years (None
    when any year's is unknown) and the running total allocated; recommendations are
    summed apart and never counted as allocated."""

    category: Category
    amount: int | None
    allocated: int
    recommended: int = 0
    rows: list[Allocation] = field(default_factory=list)


@dataclass
class FundRows:
    fund: Any
    categories: list[CategoryRows] = field(default_factory=list)


def allocations_by_fund(reader: Any) -> list[FundRows]:
    """Every fund allocated by a partnership, its categories in order, each with the
    allocations and recommendations made from it. Three queries."""
    years = list(
        CategoryYear.objects.select_related("category__fund")
        .filter(category__fund__kind="allocated")
        .order_by("category__fund__order", "category__order", "year")
    )
    by_category: dict[int, CategoryRows] = {}
    funds: dict[int, FundRows] = {}
    for year in years:
        category = year.category
        found = by_category.get(category.pk)
        if found is None:
            found = by_category[category.pk] = CategoryRows(category, 0, 0)
            funds.setdefault(category.fund_id, FundRows(category.fund)).categories.append(found)
        known = found.amount is not None and year.amount is not None
        found.amount = found.amount + year.amount if known else None  # type: ignore[operator]
        found.allocated += year.allocated
    for allocation in allocation_list(reader):
        found = by_category.get(allocation.category_year.category_id)
        if found is None:
            continue
        found.rows.append(allocation)
        if allocation.status == Allocation.Status.RECOMMENDED:
            found.recommended += allocation.amount
    return list(funds.values())


def allocations_by_fund_kept(reader: Any) -> list[FundRows]:
    """allocations_by_fund, kept until the next write for each of the two scopes readers
    see it by, staff and the public (QUALITY P1)."""
    scope = "staff" if is_staff(reader) else "public"
    return cached(f"funding:allocations-by-fund:{scope}", lambda: allocations_by_fund(reader))


def allocation_get(ref: str, number: int, reader: Any) -> Allocation:
    """A bid's allocation by its number within the bid, if the reader may see it."""
    allocation = allocations_visible(reader).filter(bid__proposal__ref=ref, number=number).first()
    if allocation is None:
        raise NotFound(f"No allocation {number} of bid {ref}.")
    return allocation


@dataclass
class MeasureProgress:
    measure: Measure
    latest: Any  # the latest MeasureReport, or None
    readings: list[Any]


@dataclass
class Progress:
    spent: int | None  # spent to date as last reported; None: nothing reported yet
    spent_on: Any
    spend_reports: list[SpendReport]
    measures: list[MeasureProgress]


def allocation_progress(allocation: Allocation) -> Progress:
    """What the recipient has reported against an allocation: its spend to date (the
    latest report) and each of the bid's outcome measures with its readings. Two
    queries."""
    reports = list(
        SpendReport.objects.filter(allocation=allocation)
        .select_related("reported_by")
        .order_by("-reported_on", "-pk")
    )
    measures = []
    for measure in Measure.objects.filter(bid_id=allocation.bid_id).prefetch_related(
        "reports__reported_by"
    ):
        readings = sorted(measure.reports.all(), key=lambda r: (r.reported_on, r.pk), reverse=True)
        measures.append(MeasureProgress(measure, readings[0] if readings else None, readings))
    latest = reports[0] if reports else None
    return Progress(
        latest.spent_to_date if latest else None,
        latest.reported_on if latest else None,
        reports,
        measures,
    )


def toward_target(measure: Measure, value: Decimal | None) -> str:
    """How far a reading has come from the baseline toward the target, in words."""
    if value is None or measure.target is None or measure.baseline is None:
        return ""
    span = measure.target - measure.baseline
    if span == 0:
        return "target met" if value == measure.target else ""
    share = (value - measure.baseline) / span
    if share >= 1:
        return "target met"
    return f"{max(share, Decimal(0)) * 100:.0f}% of the way from the baseline to the target"


@dataclass
class BidStanding:
    """Where a bid stands with its board: the item it is on (or was last decided on), the
    decision, and what the decisions on it allocated or recommended."""

    bid: Bid
    item: Any
    decision: Decision | None
    allocations: list[Allocation]


def bid_standing(bid: Bid, reader: Any) -> BidStanding:
    item = bid.proposal.item
    decision = None
    if item is not None:
        decision = Decision.objects.filter(item=item).first()
    allocations = list(allocations_visible(reader).filter(bid=bid).order_by("made_on", "pk"))
    return BidStanding(bid, item, decision, allocations)


def bid_for_agenda(ref: str) -> Bid:
    bid = (
        Bid.objects.select_related(
            "proposal__item__meeting__board", "fund__board", "category", "proposal__organisation"
        )
        .filter(proposal__ref=ref)
        .first()
    )
    if bid is None:
        raise NotFound(f"No bid {ref}.")
    return bid


def measure_get(ref: str, number: int) -> Measure:
    """A bid's outcome measure by its number within the bid."""
    measure = (
        Measure.objects.select_related("bid__proposal")
        .filter(bid__proposal__ref=ref, number=number)
        .first()
    )
    if measure is None:
        raise NotFound(f"No outcome measure {number} of bid {ref}.")
    return measure


def meetings_upcoming_for(bid: Bid) -> list[Meeting]:
    """The meetings of the fund's board a bid may be brought to: not held yet."""
    if bid.fund.board_id is None:
        return []
    return list(
        Meeting.objects.filter(board_id=bid.fund.board_id, status__in=UPCOMING).order_by(
            "date", "key"
        )
    )


def allocation_of_measure(measure: Measure, reader: Any) -> Allocation:
    """The allocation a reading of a measure is reported against: its bid's latest."""
    allocation = (
        allocations_visible(reader)
        .filter(bid_id=measure.bid_id, status=Allocation.Status.ALLOCATED)
        .order_by("-made_on", "-pk")
        .first()
    )
    if allocation is None:
        raise NotFound("No money has been allocated to this bid yet.")
    return allocation
