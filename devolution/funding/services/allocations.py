"""Funding's changes: each checks who may make it and the rules, and writes in one
transaction with its audit record (SPEC §10, §11)."""

from django.db.models import F, Q

from devolution.core.errors import RuleViolation
from devolution.core.events import DecisionTaken
from devolution.core.models import next_number
from devolution.core.services import audit_record, snapshot
from devolution.meetings.models import Decision

from ..models import Allocation, Bid, BidEvent, CategoryYear, FundYear, Proposal
from ..rules import allocations as rules


def _refuse(rule_id: str, message: str, field: str = "decision_kind") -> RuleViolation:
    return RuleViolation(rule_id, message, rules.SOURCE, field=field)


def _take(category_year: CategoryYear, asked: int) -> None:
    """Raise the category's and the fund's running totals for the year by `asked`, each
    in one conditional UPDATE that only matches while the amount is not exceeded: two
    decisions at once can never both take the last of the money (QUALITY R1). The check
    constraints on both tables stand behind it."""
    category = category_year.category
    fund_year = FundYear.objects.filter(fund_id=category.fund_id, year=category_year.year).first()
    fund_amount = fund_year.amount if fund_year is not None else None
    if category_year.amount is None and fund_amount is None:
        raise _refuse(
            "FUND-AMOUNT-UNKNOWN",
            f"The amount of {category.name} in {category_year.year} is not known, nor the "
            f"fund's for that year: record the amount before allocating from it.",
        )
    within = Q(amount__isnull=True) | Q(allocated__lte=F("amount") - asked)
    taken = CategoryYear.objects.filter(pk=category_year.pk).filter(within)
    if not taken.update(allocated=F("allocated") + asked):
        now = CategoryYear.objects.get(pk=category_year.pk)
        raise _refuse(
            "FUND-CATEGORY-CEILING",
            rules.over_ceiling_message(
                what=category.name,
                year=now.year,
                amount=now.amount or 0,
                allocated=now.allocated,
                asked=asked,
            ),
            field="outcome",
        )
    if fund_year is not None:
        fund_taken = FundYear.objects.filter(pk=fund_year.pk).filter(within)
        if not fund_taken.update(allocated=F("allocated") + asked):
            now_fund = FundYear.objects.get(pk=fund_year.pk)
            raise _refuse(
                "FUND-YEAR-CEILING",
                rules.over_ceiling_message(
                    what=str(category.fund),
                    year=now_fund.year,
                    amount=now_fund.amount or 0,
                    allocated=now_fund.allocated,
                    asked=asked,
                ),
                field="outcome",
            )


def allocation_from_decision(event: DecisionTaken) -> None:
    """The effect of a board's decision to allocate funding to the bid its item brings:
    agreed and binding, the money is allocated (within the category's and the fund's
    amounts); agreed but not binding, it is recorded as recommended to the body that holds
    the power; not agreed, the bid is declined; deferred, nothing changes. Runs in the
    decision's transaction: a refusal here takes the decision back (ADR 5)."""
    proposal = Proposal.objects.filter(item_id=event.item_id, kind="bid").first()
    if proposal is None:
        raise _refuse(
            "FUND-ITEM-BID",
            "This kind of decision allocates funding to the bid an item brings, and this "
            "item brings no bid: bring the bid to the agenda from its page, or record the "
            "decision as another kind.",
        )
    bid = (
        Bid.objects.select_for_update(of=("self",))
        .select_related("category", "proposal", "fund__board", "fund__function")
        .get(proposal=proposal)
    )
    effect = rules.effect_of(outcome=event.outcome, binding=event.binding)
    if effect is None:
        return
    if bid.state not in rules.DECIDABLE:
        raise _refuse(
            "FUND-BID-STATE",
            f"This bid is {bid.get_state_display().lower()}: a board decides on a bid that "
            "is submitted, assessed or recommended.",
        )
    fund = bid.fund
    if fund.board is not None and fund.board.key != event.board_key:
        raise _refuse(
            "FUND-BOARD",
            f"Bids to {fund.name} are decided by {fund.board.name}, not by this board.",
        )
    if (
        effect.allocation
        and fund.function is not None
        and event.subject.get("function", fund.function.key) != fund.function.key
    ):
        raise _refuse(
            "FUND-ITEM-FUNCTION",
            f"The item names another function than {fund.function.name.lower()}, the one "
            "allocating this fund exercises: name the fund's function on the item.",
        )
    if effect.allocation and event.binding is None:
        raise _refuse(
            "FUND-ITEM-FUNCTION",
            "The item does not name the function the decision exercises, so whether it "
            "binds cannot be derived: name the fund's function on the item.",
        )
    decision = Decision.objects.get(pk=event.decision_id)
    made = []
    if effect.allocation:
        years = {cy.year: cy for cy in CategoryYear.objects.filter(category=bid.category)}
        amounts = list(bid.amounts.order_by("year"))
        if not amounts:
            raise _refuse(
                "FUND-BID-NO-AMOUNT",
                "The bid asks for no money in any year, so there is nothing to allocate: "
                "record what it asks before the board decides.",
            )
        for asked in amounts:
            category_year = years.get(asked.year)
            if category_year is None:
                raise _refuse(
                    "FUND-YEAR-UNKNOWN",
                    f"{bid.category.name} has no amount for {asked.year}: the bid asks for "
                    "money in a year the fund does not cover.",
                )
            if effect.allocation == "allocated":
                _take(category_year, asked.amount)
            made.append(
                Allocation.objects.create(
                    bid=bid,
                    # The bid's row is locked above: no two writers take one number.
                    number=next_number(Allocation.objects.filter(bid=bid)),
                    category_year=category_year,
                    amount=asked.amount,
                    status=effect.allocation,
                    recommended_to=event.recommendation_to if not event.binding else "",
                    decision=decision,
                    made_on=event.meeting_date,
                )
            )
    before = snapshot(bid, ["state"])
    BidEvent.objects.create(
        bid=bid,
        from_state=bid.state,
        to_state=effect.state,
        by=event.actor,
        decision=decision,
        note=event.resolution,
    )
    bid.state = effect.state
    bid.version += 1
    bid.save(update_fields=["state", "version"])
    audit_record(
        actor=event.actor,
        action="decide",
        obj=bid,
        before=before,
        after={
            **snapshot(bid, ["state"]),
            "allocations": [[a.category_year.year, a.amount, a.status] for a in made],
        },
    )
