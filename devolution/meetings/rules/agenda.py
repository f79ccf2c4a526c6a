"""A meeting's course and its agenda (SPEC §8), as pure rules.

A meeting is scheduled (and may be cancelled until it is held); its agenda is published
(only once it has an item, and it may be taken back to draft while not yet held); the
meeting is held; the minutes are drafted from the record and approved at a later meeting,
and drafting and approving move the meeting on from "held". The agenda is kept until the
minutes are approved; an item whose decision is recorded no longer changes, nor do
approved minutes.
"""

import datetime as dt
from collections.abc import Mapping

from devolution.core.rules import Verdict, VerdictReason

SOURCE = (
    "Devolution's rules for meetings: a meeting is scheduled, its agenda published, it is "
    "held, and its minutes drafted from the record and approved at the next meeting"
)
SCHEDULED, AGENDA_PUBLISHED, HELD = "scheduled", "agenda_published", "held"
CANCELLED = "cancelled"
# The moves the secretariat makes by hand; the minutes make the others.
STATUS_MOVES: Mapping[str, tuple[str, ...]] = {
    SCHEDULED: (AGENDA_PUBLISHED, CANCELLED),
    AGENDA_PUBLISHED: (SCHEDULED, HELD, CANCELLED),
}


def status_moves(current: str) -> tuple[str, ...]:
    return STATUS_MOVES.get(current, ())


def status_move_verdict(
    current: str, to: str, *, has_items: bool, names: Mapping[str, str]
) -> Verdict:
    """Whether the secretariat may move a meeting from `current` to `to`; `names` gives
    each status in words."""
    allowed = status_moves(current)
    if to not in allowed:
        way = (
            f": it can become {' or '.join(f'“{names[s]}”' for s in allowed)}."
            if allowed
            else ": the minutes move it on from here."
        )
        return Verdict.refuse(
            VerdictReason(
                "MTG-STATUS",
                f"A meeting whose status is “{names.get(current, current)}” cannot become "
                f"“{names.get(to, to)}”{way}",
                SOURCE,
            )
        )
    if to == AGENDA_PUBLISHED and not has_items:
        return Verdict.refuse(
            VerdictReason(
                "MTG-AGENDA-EMPTY",
                "The agenda has no items: add them, or draft it from the work programme, "
                "before publishing it.",
                SOURCE,
            )
        )
    return Verdict.allow(VerdictReason("MTG-STATUS", f"“{names.get(to, to)}” is next.", SOURCE))


def minutes_frozen(approved_at: str | None) -> VerdictReason:
    """Why nothing of a meeting whose minutes are approved changes; `approved_at` is the
    approving meeting's day in words, if known."""
    when = f" at the meeting of {approved_at}" if approved_at else ""
    return VerdictReason(
        "MTG-MINUTES-FROZEN",
        f"These minutes were approved{when}: approved minutes never change, nor the "
        "agenda they record.",
        SOURCE,
    )


def agenda_change_verdict(
    *, minutes_approved: bool, approved_at: str | None = None, decided: bool = False
) -> Verdict:
    """Whether an item may be added to the agenda (decided=False) or one changed."""
    if minutes_approved:
        return Verdict.refuse(minutes_frozen(approved_at))
    if decided:
        return Verdict.refuse(
            VerdictReason(
                "MTG-ITEM-DECIDED",
                "This item's decision is recorded: the item it was taken on no longer changes.",
                SOURCE,
            )
        )
    return Verdict.allow(VerdictReason("MTG-AGENDA-OPEN", "The agenda is still kept.", SOURCE))


def decision_once_verdict(*, decided: bool) -> Verdict:
    """An item is decided once: its recorded decision is the record, never replaced."""
    if decided:
        return Verdict.refuse(
            VerdictReason(
                "MTG-DECIDED-ONCE",
                "This item's decision is already recorded: an item is decided once, and its "
                "decision is not changed.",
                SOURCE,
            )
        )
    return Verdict.allow(VerdictReason("MTG-DECIDED-ONCE", "No decision is recorded yet.", SOURCE))


def held_verdict(*, starts: dt.datetime, now: dt.datetime, time_known: bool) -> Verdict:
    """A meeting is recorded as held only once it has started (its day, where no start
    time is known)."""
    if now < starts:
        when = (
            f"{starts:%H:%M} on {starts.day} {starts:%B %Y}"
            if time_known
            else (f"on {starts.day} {starts:%B %Y}")
        )
        return Verdict.refuse(
            VerdictReason(
                "MTG-HELD-BEFORE-START",
                f"The meeting starts {'at ' if time_known else ''}{when}: it cannot be recorded "
                "as held before it has started.",
                SOURCE,
            )
        )
    return Verdict.allow(VerdictReason("MTG-HELD-BEFORE-START", "The meeting has started.", SOURCE))
