"""Who may see which entries of the search index: pure Python, turned into the query's
condition by selectors.py, so that what a reader may not see is never read."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scope:
    """What a reader sees: everything (the secretariat); or public entries, with staff
    entries for partnership staff, the confidential business of `boards` they sit on, and
    the entries of `organisations` they are members of (their bids)."""

    everything: bool = False
    staff: bool = False
    boards: frozenset[int] = field(default_factory=frozenset)
    organisations: frozenset[int] = field(default_factory=frozenset)


PUBLIC = Scope()


def condition(scope: Scope) -> tuple[str, list[Any]]:
    """The scope as SQL over the entry `e`, with its parameters (ids only: integers)."""
    if scope.everything:
        return "1 = 1", []
    parts: list[str] = ["e.public"]
    params: list[Any] = []
    if scope.staff:
        parts.append("e.staff")
        for column, ids in (
            ("reader_board_id", scope.boards),
            ("reader_organisation_id", scope.organisations),
        ):
            if ids:
                parts.append(f"e.{column} IN ({', '.join(['%s'] * len(ids))})")
                params.extend(sorted(ids))
    return " OR ".join(parts), params
