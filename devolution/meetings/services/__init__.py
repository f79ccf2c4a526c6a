"""The services of meetings (SPEC §8, §9), by concern: the record's lock, conflicts,
decisions, attendance, actions and minutes. Pages and the API call them from here."""

from .actions import action_create, action_done
from .attendance import Guest, SeatCall, attendance_record, attendance_roll_call
from .conflicts import flag_rule, item_flags_refresh
from .decisions import decision_record
from .minutes import minutes_approve, minutes_draft, minutes_update
from .record import meeting_record_lock

__all__ = [
    "Guest",
    "SeatCall",
    "action_create",
    "action_done",
    "attendance_record",
    "attendance_roll_call",
    "decision_record",
    "flag_rule",
    "item_flags_refresh",
    "meeting_record_lock",
    "minutes_approve",
    "minutes_draft",
    "minutes_update",
]
