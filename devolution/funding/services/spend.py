"""The recipient's reports against an allocation: spend to date and readings of the bid's
outcome measures (SPEC §10). Each is checked and written in one transaction with its
audit record; a report that breaks a rule writes nothing."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from devolution.core.errors import InvalidInput, Problem, RuleViolation
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of

from ..models import Allocation, Bid, Measure, MeasureReport, SpendReport
from ..rules import spend as rules


def recipients_of(bid: Bid) -> frozenset[int]:
    """The organisations that receive a bid's money: its applicant organisation, or the
    members of its applicant partnership."""
    proposal = bid.proposal
    if proposal.organisation_id is not None:
        return frozenset({proposal.organisation_id})
    if proposal.proposer_partnership is not None:
        return frozenset(proposal.proposer_partnership.members.values_list("pk", flat=True))
    return frozenset()


def may_report(person: User | None, bid: Bid) -> bool:
    return rules.may_report(memberships_of(person), recipients_of(bid)).allowed


def _today() -> dt.date:
    return timezone.localdate()


def _invalid(problems: tuple[rules.SpendProblem, ...]) -> InvalidInput:
    return InvalidInput([Problem(p.message, field=p.field) for p in problems])


def spend_report(
    *,
    actor: User,
    allocation_id: int,
    reported_on: dt.date | None,
    spent_to_date: int | None,
    note: str = "",
) -> SpendReport:
    """Report what an allocation has spent to date, as of a day: never more than was
    allocated, never dated before the allocation or after today."""
    with transaction.atomic():
        allocation = (
            Allocation.objects.select_for_update(of=("self",))
            .select_related("bid__proposal__proposer_partnership")
            .filter(pk=allocation_id)
            .first()
        )
        if allocation is None:
            raise InvalidInput([Problem("no such allocation", field="allocation")])
        enforce(rules.may_report(memberships_of(actor), recipients_of(allocation.bid)))
        if allocation.status != Allocation.Status.ALLOCATED:
            raise RuleViolation(
                "FUND-SPEND-ALLOCATED",
                "This is a recommendation, not an allocation: no money has been given, so "
                "there is no spend to report until the body that holds the power allocates it.",
                rules.SOURCE,
                field="allocation",
            )
        problems = rules.spend_problems(
            spent_to_date=spent_to_date,
            allocated=allocation.amount,
            reported_on=reported_on,
            made_on=allocation.made_on,
            today=_today(),
        )
        if problems or spent_to_date is None or reported_on is None:
            raise _invalid(problems)
        report = SpendReport.objects.create(
            allocation=allocation,
            reported_on=reported_on,
            spent_to_date=spent_to_date,
            note=note.strip(),
            reported_by=actor,
        )
        audit_record(
            actor=actor,
            action="report_spend",
            obj=report,
            before=None,
            after=snapshot(report, ["allocation", "reported_on", "spent_to_date", "note"]),
        )
    return report


def _value(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        return None
    return number.quantize(Decimal("0.01"))


def measure_report(
    *,
    actor: User,
    measure_id: int,
    reported_on: dt.date | None,
    value: object,
    note: str = "",
) -> MeasureReport:
    """Report a reading of a bid's outcome measure, once money has been allocated to it:
    dated, not before the first allocation nor after today."""
    with transaction.atomic():
        measure = (
            Measure.objects.select_related("bid__proposal__proposer_partnership")
            .filter(pk=measure_id)
            .first()
        )
        if measure is None:
            raise InvalidInput([Problem("no such outcome measure", field="measure")])
        bid = measure.bid
        enforce(rules.may_report(memberships_of(actor), recipients_of(bid)))
        first = (
            Allocation.objects.filter(bid=bid, status=Allocation.Status.ALLOCATED)
            .order_by("made_on")
            .first()
        )
        if first is None:
            raise RuleViolation(
                "FUND-SPEND-ALLOCATED",
                "No money has been allocated to this bid yet: outcomes are reported against "
                "an allocation.",
                rules.SOURCE,
                field="measure",
            )
        number = _value(value)
        problems = list(
            rules.date_problems(reported_on=reported_on, made_on=first.made_on, today=_today())
        )
        if number is None:
            problems.insert(0, rules.SpendProblem("value", "give the reading as a number"))
        if problems or number is None or reported_on is None:
            raise _invalid(tuple(problems))
        report = MeasureReport.objects.create(
            measure=measure,
            reported_on=reported_on,
            value=number,
            note=note.strip(),
            reported_by=actor,
        )
        audit_record(
            actor=actor,
            action="report_measure",
            obj=report,
            before=None,
            after={
                **snapshot(report, ["measure", "reported_on", "note"]),
                "value": str(number),
            },
        )
    return report
