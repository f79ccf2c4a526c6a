"""The partners area's rules, as pure functions."""

from .access import (
    MembershipFact,
    may_edit_organisation,
    may_keep_registers,
    may_read_staff_pages,
)

__all__ = [
    "MembershipFact",
    "may_edit_organisation",
    "may_keep_registers",
    "may_read_staff_pages",
]
