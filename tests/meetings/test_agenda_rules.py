"""A meeting's course and its agenda (SPEC §8), as pure rules: no database."""

import pytest

from devolution.meetings.rules.agenda import (
    agenda_change_verdict,
    decision_once_verdict,
    status_move_verdict,
    status_moves,
)

NAMES = {
    "scheduled": "Scheduled",
    "agenda_published": "Agenda published",
    "held": "Held",
    "minutes_drafted": "Minutes drafted",
    "minutes_approved": "Minutes approved",
    "cancelled": "Cancelled",
}


@pytest.mark.parametrize(
    "current, to, allowed",
    [
        ("scheduled", "agenda_published", True),
        ("scheduled", "held", False),  # the agenda is published first
        ("agenda_published", "scheduled", True),  # taken back to draft
        ("agenda_published", "held", True),
        ("held", "agenda_published", False),
        ("held", "minutes_drafted", False),  # the minutes move it on, not a button
        ("minutes_approved", "scheduled", False),
        ("scheduled", "cancelled", True),
        ("agenda_published", "cancelled", True),
        ("held", "cancelled", False),  # a meeting held was not cancelled
        ("minutes_approved", "cancelled", False),
        ("cancelled", "scheduled", False),  # a cancelled meeting stays cancelled
        ("cancelled", "agenda_published", False),
    ],
)
def test_a_meeting_moves_only_along_its_course(current, to, allowed):
    verdict = status_move_verdict(current, to, has_items=True, names=NAMES)
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == "MTG-STATUS"
    assert verdict.reasons[0].source.startswith("Devolution's rules for meetings")


def test_the_refusal_says_where_the_meeting_can_go():
    verdict = status_move_verdict("scheduled", "held", has_items=True, names=NAMES)
    assert verdict.reasons[0].message == (
        "A meeting whose status is “Scheduled” cannot become “Held”: it can become "
        "“Agenda published” or “Cancelled”."
    )
    held = status_move_verdict("held", "scheduled", has_items=True, names=NAMES)
    assert held.reasons[0].message.endswith("the minutes move it on from here.")


def test_an_empty_agenda_is_not_published():
    verdict = status_move_verdict("scheduled", "agenda_published", has_items=False, names=NAMES)
    assert not verdict.allowed
    assert verdict.reasons[0].rule_id == "MTG-AGENDA-EMPTY"


def test_the_moves_offered_are_the_moves_allowed():
    for current in NAMES:
        for to in NAMES:
            offered = to in status_moves(current)
            allowed = status_move_verdict(current, to, has_items=True, names=NAMES).allowed
            assert offered is allowed, (current, to)


@pytest.mark.parametrize(
    "approved, decided, rule",
    [
        (False, False, None),
        (False, True, "MTG-ITEM-DECIDED"),
        (True, False, "MTG-MINUTES-FROZEN"),
        (True, True, "MTG-MINUTES-FROZEN"),
    ],
)
def test_the_agenda_is_kept_until_the_minutes_are_approved(approved, decided, rule):
    verdict = agenda_change_verdict(
        minutes_approved=approved, approved_at="21 June 2018", decided=decided
    )
    assert verdict.allowed is (rule is None)
    if rule:
        assert verdict.reasons[0].rule_id == rule
    if rule == "MTG-MINUTES-FROZEN":
        assert "approved at the meeting of 21 June 2018" in verdict.reasons[0].message


@pytest.mark.parametrize(("decided", "allowed"), [(False, True), (True, False)])
def test_an_item_is_decided_once(decided, allowed):
    verdict = decision_once_verdict(decided=decided)
    assert verdict.allowed is allowed and verdict.reasons[0].rule_id == "MTG-DECIDED-ONCE"
