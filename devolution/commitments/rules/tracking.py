"""When a commitment is blocked, a milestone overdue, or an update stale (SPEC §6)."""

import datetime as dt
from dataclasses import dataclass

SOURCE = (
    "Devolution's rules for commitments; the Strategic Partnership Board paper of 24 May 2017 "
    "('cannot progress until the MoU is signed')"
)


@dataclass(frozen=True)
class DependencyFact:
    label: str
    met: bool


@dataclass(frozen=True)
class MilestoneFact:
    """A milestone as the tracking rules see it. `complete` is its recorded status: the
    seeds call some milestones done without saying on what day, and those are complete
    all the same."""

    title: str
    due: dt.date | None
    completed_on: dt.date | None
    complete: bool = False
    due_precision: str = "day"

    @property
    def done(self) -> bool:
        """Complete by its status, or by the day it was completed."""
        return self.complete or self.completed_on is not None


def blocked_by(dependencies: tuple[DependencyFact, ...]) -> tuple[str, ...]:
    """A commitment whose dependency is unmet is blocked, by what."""
    return tuple(d.label for d in dependencies if not d.met)


def last_day(day: dt.date, precision: str) -> dt.date:
    """The last day a date given as a month ("June 2017") or a year still covers."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def milestone_state(milestone: MilestoneFact, today: dt.date) -> str:
    """complete, overdue, due or undated. A complete milestone is never overdue, whether
    or not its day of completion is known; one due in a month is due until its end."""
    if milestone.done:
        return "complete"
    if milestone.due is None:
        return "undated"
    return "overdue" if last_day(milestone.due, milestone.due_precision) < today else "due"


def overdue(milestones: tuple[MilestoneFact, ...], today: dt.date) -> tuple[MilestoneFact, ...]:
    """Milestones past their due date and not complete."""
    return tuple(m for m in milestones if milestone_state(m, today) == "overdue")


def stale(
    last_update: dt.date | None, cadence: str | None, cadence_days: int | None, today: dt.date
) -> str | None:
    """Why the latest update is stale for the accountable board's cadence, or None.

    `cadence_days` is how long the cadence lets an update stand, a dated parameter
    (commitments/data/parameters.yaml). With no cadence, or none whose day count is
    known on `today`, there is nothing to measure against, so nothing is flagged except
    a commitment that has never had an update.
    """
    if last_update is None:
        return "no progress update yet"
    if not cadence or cadence_days is None:
        return None
    age = (today - last_update).days
    if age > cadence_days:
        return f"last updated {age} days ago; the board meets {cadence.replace('_', '-')}"
    return None
