"""The meeting's record, written one write at a time and frozen once its minutes are
approved (SPEC §8): the lock every write to a record takes, shared by the services."""

import datetime as dt

from devolution.core.errors import RuleViolation

from ..models import Meeting, Minutes
from ..rules import agenda as agenda_rules


def day_text(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _minutes_frozen(minutes: Minutes, field: str = "text") -> RuleViolation:
    at = minutes.approved_at_meeting
    reason = agenda_rules.minutes_frozen(day_text(at.date) if at is not None else None)
    return RuleViolation(reason.rule_id, reason.message, reason.source, field=field)


def meeting_record_lock(meeting_id: int, *, field: str) -> Meeting:
    """Lock the meeting's row for a write to its record (attendance, declarations, flags,
    rulings, decisions, actions, minutes), so such writes to one meeting run one at a
    time, and refuse the write once its minutes are approved: the record they approve
    never changes. Runs inside the write's transaction."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting_id)
    )
    minutes = (
        Minutes.objects.select_related("approved_at_meeting").filter(meeting_id=meeting_id).first()
    )
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        raise _minutes_frozen(minutes, field)
    return meeting
