"""Who may see which entries of the search index: pure Python, turned into the query's
condition by selectors.py, so that what a reader may not see is never read."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Scope:
    """What a reader sees: everything (the secretariat); or public entries, with staff
    entries for partnership staff, the confidential business of `boards` they sit on, and
    the bids the bids' own rule lets them read: `bids` is that rule as a query of bid ids
    (SQL and its parameters, made by the funding area's selector), so search never decides
    on bids by a rule of its own."""

    everything: bool = False
    staff: bool = False
    boards: frozenset[int] = field(default_factory=frozenset)
    bids: tuple[str, tuple[Any, ...]] | None = None


PUBLIC = Scope()


def condition(scope: Scope) -> tuple[str, list[Any]]:
    """The scope as SQL over the entry `e`, with its parameters: ids, and the bids rule's
    query as Django compiled it (its values bound as parameters, never in the SQL)."""
    if scope.everything:
        return "1 = 1", []
    parts: list[str] = ["e.public"]
    params: list[Any] = []
    if scope.staff:
        parts.append("e.staff")
        if scope.boards:
            parts.append(f"e.reader_board_id IN ({', '.join(['%s'] * len(scope.boards))})")
            params.extend(sorted(scope.boards))
    if scope.bids is not None:
        sql, bid_params = scope.bids  # compiled by Django: its values are parameters
        seen = f"SELECT 'bid:' || CAST(v.bid_id AS VARCHAR(20)) FROM ({sql}) v"  # noqa: S608
        parts.append(f"(e.kind = 'bid' AND e.ref IN ({seen}))")
        params.extend(bid_params)
    return " OR ".join(parts), params
