"""Who reports an allocation's spend and outcomes, and what a report may say (SPEC §10):
the recipient reports, so the board can show "transparency, clarity as to spending and
outcomes" (seed 004 §5.3)."""

import datetime as dt
from dataclasses import dataclass

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules.access import READ_ONLY, SECRETARIAT, MembershipFact

from .allocations import pounds

SOURCE = (
    "SPEC §10: spend and outcomes are reported against each allocation, so the board can "
    "show 'transparency, clarity as to spending and outcomes' (seed 004 §5.3)"
)

RECIPIENT = VerdictReason(
    "FUND-SPEND-RECIPIENT",
    "The recipient of the money (a person of the applicant organisation) or the "
    "secretariat reports its spend and outcomes.",
    SOURCE,
)
NOT_RECIPIENT = VerdictReason(
    "FUND-SPEND-RECIPIENT",
    "Only the recipient of the money (a person of the applicant organisation, other than "
    "a read-only role) or the secretariat reports its spend and outcomes.",
    SOURCE,
)
SIGNED_OUT = VerdictReason(
    "ACC-SIGN-IN", "Sign in to report spend or outcomes.", "Devolution's rules for access"
)


def may_report(
    memberships: frozenset[MembershipFact], recipient_organisations: frozenset[int]
) -> Verdict:
    """The secretariat, or a person (not read-only) of an organisation receiving the money:
    the applicant organisation, or a member of the applicant partnership."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(RECIPIENT)
    if any(
        m.organisation_id in recipient_organisations and m.role != READ_ONLY for m in memberships
    ):
        return Verdict.allow(RECIPIENT)
    return Verdict.refuse(NOT_RECIPIENT)


@dataclass(frozen=True)
class SpendProblem:
    field: str
    message: str


def spend_problems(
    *,
    spent_to_date: int | None,
    allocated: int,
    reported_on: dt.date | None,
    made_on: dt.date,
    today: dt.date,
) -> tuple[SpendProblem, ...]:
    """What is wrong with a report of spend to date: never more than allocated, never
    negative, dated, not before the allocation nor after today."""
    problems = []
    if spent_to_date is None:
        problems.append(SpendProblem("spent_to_date", "give the amount spent to date in pounds"))
    elif spent_to_date < 0:
        problems.append(SpendProblem("spent_to_date", "the amount spent cannot be negative"))
    elif spent_to_date > allocated:
        problems.append(
            SpendProblem(
                "spent_to_date",
                f"{pounds(spent_to_date)} is more than the {pounds(allocated)} allocated: "
                "spend to date is never more than the allocation",
            )
        )
    problems.extend(date_problems(reported_on=reported_on, made_on=made_on, today=today))
    return tuple(problems)


def date_problems(
    *, reported_on: dt.date | None, made_on: dt.date, today: dt.date
) -> tuple[SpendProblem, ...]:
    if reported_on is None:
        return (SpendProblem("reported_on", "give the date the report is for"),)
    if reported_on < made_on:
        return (
            SpendProblem(
                "reported_on",
                f"the report cannot be dated before the allocation was made "
                f"({made_on.day} {made_on:%B %Y})",
            ),
        )
    if reported_on > today:
        return (SpendProblem("reported_on", "the report cannot be dated in the future"),)
    return ()
