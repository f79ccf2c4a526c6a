"""Search (SPEC §15): the entries a reader may see that match their words, ranked, with
highlighted snippets, filtered by kind, board and date."""

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import F, Q
from django.utils.safestring import SafeString, mark_safe

from devolution.core.models import User
from devolution.funding.selectors.bids import bids_visible
from devolution.governance.models import Board, BoardMember
from devolution.governance.rules.access import board_facts_from
from devolution.meetings.rules.access import may_read_confidential
from devolution.partners.access import memberships_of
from devolution.partners.rules import may_keep_registers, may_read_staff_pages
from devolution.partners.selectors import partnership_in_view

from .backends import CANDIDATES, backend
from .models import Entry
from .rules.query import highlighted, plain, terms
from .rules.scope import PUBLIC, Scope, condition

KINDS = [(k.value, k.label) for k in Entry.Kind]


def _bids_seen_by(person: User | None) -> tuple[str, tuple[Any, ...]]:
    """The bids' own rule (funding's bids_visible) as SQL naming each bid's id `bid_id`."""
    rows = bids_visible(person).values(bid_id=F("pk"))
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def scope_of(person: User | None) -> Scope:
    """What a person may find: by the same rules as the areas' own pages."""
    memberships = memberships_of(person)
    if person is not None and may_keep_registers(memberships).allowed:
        return Scope(everything=True, staff=True)
    if person is None or not may_read_staff_pages(memberships).allowed:
        return replace(PUBLIC, bids=_bids_seen_by(person))
    seats: dict[int, list[tuple[int, str]]] = {}
    for board_id, person_id, office in BoardMember.objects.filter(person=person).values_list(
        "board_id", "person_id", "office"
    ):
        seats.setdefault(board_id, []).append((person_id, office))
    boards = frozenset(
        board_id
        for board_id, rows in seats.items()
        if may_read_confidential(memberships, board_facts_from(board_id, rows), person.pk).allowed
    )
    return Scope(
        staff=True,
        boards=boards,
        bids=_bids_seen_by(person),
    )


@dataclass(frozen=True)
class Result:
    kind: str
    kind_label: str
    title: str
    url: str
    snippet: SafeString  # escaped, with the words found in <mark>
    snippet_text: str
    date: dt.date | None
    date_precision: str  # day, month or year: how much of `date` is known


class Results:
    """The matches, read a page at a time: sliced for a page, counted for the pager (the
    shape Django's Paginator and the API's pagination both take)."""

    def __init__(self, words: str, where: str, params: list[Any], staff: bool) -> None:
        self.words, self.where, self.params = words, where, params
        self.staff = staff  # whether the reader reads staff pages, else each public one
        self._count: int | None = None

    def _counted(self) -> int:
        if self._count is None:
            self._count = (
                0 if not self.words else backend().count(self.words, self.where, self.params)
            )
        return self._count

    def count(self) -> int:
        """How many matches are read: all of them, or the newest CANDIDATES when more
        match (`more`); a search's cost is bounded, whatever its words match."""
        return min(self._counted(), CANDIDATES)

    @property
    def more(self) -> bool:
        """More match than are read: the page says so and asks for more words."""
        return self._counted() > CANDIDATES

    @property
    def limit(self) -> int:
        return CANDIDATES

    def __len__(self) -> int:
        return self.count()

    def all(self) -> "Results":
        return self

    def __getitem__(self, index: Any) -> list[Result]:
        if not isinstance(index, slice):
            raise TypeError("Results are read a page at a time")
        if not self.words:
            return []
        start = index.start or 0
        stop = index.stop if index.stop is not None else start + 20
        hits = backend().search(self.words, self.where, self.params, stop - start, start)
        entries = Entry.objects.in_bulk([h.id for h in hits])
        labels = dict(KINDS)
        return [
            Result(
                kind=e.kind,
                kind_label=labels.get(e.kind, e.kind),
                title=e.title,
                url=e.url if self.staff or not e.public_url else e.public_url,
                snippet=mark_safe(highlighted(h.snippet)),
                snippet_text=plain(h.snippet),
                date=e.date,
                date_precision=e.date_precision,
            )
            for h in hits
            if (e := entries.get(h.id)) is not None
        ]


def search(
    scope: Scope,
    words: str,
    *,
    kind: str = "",
    board_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> Results:
    """What `scope` may see matching `words` (every word, stemmed), best first."""
    where, params = condition(scope)
    where = f"({where})"
    if kind:
        where += " AND e.kind = %s"
        params.append(kind)
    if board_id is not None:
        where += " AND e.board_id = %s"
        params.append(board_id)
    if since is not None:
        where += " AND e.date >= %s"
        params.append(since.isoformat())
    if until is not None:
        where += " AND e.date <= %s"
        params.append(until.isoformat())
    return Results(words if terms(words) else "", where, params, scope.everything or scope.staff)


def board_choices(asked: str = "") -> list[tuple[str, str]]:
    """The boards offered to filter by: those of the partnership in view (the
    deployment's default; every board while none is), and the board `asked` for by its
    key if it is another's, so that a link to another partnership's board still filters.
    Never every board of England in one select (QUALITY P3)."""
    boards = Board.objects.all()
    partnership = partnership_in_view()
    if partnership is not None:
        boards = boards.filter(Q(partnership=partnership) | Q(key=asked))
    return list(boards.order_by("name").values_list("key", "name"))


def board_with_key(key: str) -> Board | None:
    return Board.objects.filter(key=key).only("pk", "key", "name").first()
