"""Blocked, overdue and stale, as pure rules (SPEC §6)."""

import datetime as dt

import pytest

from devolution.commitments.rules.access import may_update_commitment
from devolution.commitments.rules.tracking import (
    DependencyFact,
    MilestoneFact,
    blocked_by,
    milestone_state,
    overdue,
    stale,
)
from devolution.partners.rules import MembershipFact

TODAY = dt.date(2018, 3, 22)


def test_a_commitment_is_blocked_by_each_unmet_dependency_and_only_those():
    deps = (
        DependencyFact("MoU signed (event)", True),
        DependencyFact("LEB reaching phase 2", False),
    )
    assert blocked_by(deps) == ("LEB reaching phase 2",)
    assert blocked_by((DependencyFact("MoU signed (event)", True),)) == ()


@pytest.mark.parametrize(
    ("due", "completed", "is_overdue"),
    [
        (dt.date(2018, 3, 21), None, True),
        (dt.date(2018, 3, 22), None, False),
        (dt.date(2018, 1, 1), dt.date(2018, 2, 1), False),
        (None, None, False),
    ],
)
def test_overdue_milestones(due, completed, is_overdue):
    result = overdue((MilestoneFact("m", due, completed),), TODAY)
    assert bool(result) is is_overdue


@pytest.mark.parametrize(
    ("fact", "state"),
    [
        # the seeds call it done and give no day: complete, never overdue
        (MilestoneFact("m", dt.date(2017, 3, 1), None, complete=True), "complete"),
        (MilestoneFact("m", None, None, complete=True), "complete"),
        (MilestoneFact("m", dt.date(2017, 3, 1), dt.date(2017, 3, 9)), "complete"),
        (MilestoneFact("m", dt.date(2018, 3, 1), None, due_precision="month"), "due"),
        (MilestoneFact("m", dt.date(2018, 2, 1), None, due_precision="month"), "overdue"),
        (MilestoneFact("m", dt.date(2018, 1, 1), None, due_precision="year"), "due"),
        (MilestoneFact("m", dt.date(2018, 3, 21), None), "overdue"),
        (MilestoneFact("m", None, None), "undated"),
    ],
)
def test_a_complete_milestone_is_never_overdue_and_a_month_lasts_to_its_end(fact, state):
    assert milestone_state(fact, TODAY) == state
    assert bool(overdue((fact,), TODAY)) is (state == "overdue")


@pytest.mark.parametrize(
    ("last", "cadence", "days", "flagged"),
    [
        (None, "bi_monthly", 62, "no progress update yet"),
        (TODAY - dt.timedelta(days=62), "bi_monthly", 62, None),
        (TODAY - dt.timedelta(days=63), "bi_monthly", 62, "last updated 63 days ago"),
        (TODAY - dt.timedelta(days=15), "fortnightly", 14, "last updated 15 days ago"),
        (TODAY - dt.timedelta(days=90), "quarterly", 92, None),
        (TODAY - dt.timedelta(days=900), "", None, None),
        (TODAY - dt.timedelta(days=900), "monthly", None, None),
    ],
)
def test_an_update_older_than_the_boards_cadence_is_stale(last, cadence, days, flagged):
    reason = stale(last, cadence, days, TODAY)
    if flagged is None:
        assert reason is None
    else:
        assert reason is not None and reason.startswith(flagged)


HACKNEY, CAMDEN, LC = 1, 2, 3


@pytest.mark.parametrize(
    ("memberships", "allowed", "rule_id"),
    [
        ({MembershipFact(HACKNEY, "commitment_owner")}, True, "COM-OWNER-UPDATES"),
        ({MembershipFact(CAMDEN, "commitment_owner")}, False, "COM-NOT-YOUR-COMMITMENT"),
        ({MembershipFact(HACKNEY, "read_only")}, False, "COM-NOT-YOUR-COMMITMENT"),
        ({MembershipFact(LC, "secretariat")}, True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
        (set(), False, "ACC-SIGN-IN"),
    ],
)
def test_who_may_post_progress(memberships, allowed, rule_id):
    verdict = may_update_commitment(frozenset(memberships), frozenset({HACKNEY}))
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id
