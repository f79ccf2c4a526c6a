"""When a commitment is blocked, a milestone overdue, or an update stale (SPEC §6)."""

import datetime as dt
from dataclasses import dataclass

SOURCE = "SPEC §6; seed 000 ('cannot progress until the MoU is signed')"


@dataclass(frozen=True)
class DependencyFact:
    label: str
    met: bool


@dataclass(frozen=True)
class MilestoneFact:
    title: str
    due: dt.date | None
    completed_on: dt.date | None


def blocked_by(dependencies: tuple[DependencyFact, ...]) -> tuple[str, ...]:
    """A commitment whose dependency is unmet is blocked, by what."""
    return tuple(d.label for d in dependencies if not d.met)


def overdue(milestones: tuple[MilestoneFact, ...], today: dt.date) -> tuple[MilestoneFact, ...]:
    """Milestones past their due date and not completed."""
    return tuple(m for m in milestones if m.due and m.due < today and m.completed_on is None)


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
