"""The commitments list (its page and its API) and the themes page as rows of plain data,
made once for a version of the data (core.versions.cached) and kept until the next write.

A commitment's row shows its flags, and the tracking rules that flag it need its
dependencies, milestones, latest update and its board's cadence: seven queries and a
few hundred model instances a page. Read far more often than written, the rows are
made once for a version, the partnership in view, the filters, the page and the day
they are as at (partners.as_at: what is overdue or stale, and a commitment's status
then, move with the day), and every request after reads them back
(QUALITY P1, P2). They are kept as named tuples of strings and numbers, never as model
instances or querysets."""

import datetime as dt
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.core.paginator import Paginator
from django.db.models import Q, Value
from django.utils import timezone

from devolution.core.versions import cached
from devolution.governance.models import Board
from devolution.partners.models import Organisation, Partnership

from . import selectors
from .models import Commitment, Theme

Choices = list[tuple[str, str]]


class RowFlags(NamedTuple):
    """A commitment's flags in words (selectors.Flags without the update they measure)."""

    blocked_by: tuple[str, ...]
    overdue: tuple[str, ...]  # the titles of its overdue milestones
    stale: str | None

    @property
    def overdue_milestones(self) -> tuple[str, ...]:
        """The API's name for them."""
        return self.overdue


class CommitmentRow(NamedTuple):
    """A commitment as the list page and the list API show it: keys for the API, names
    for the page."""

    reference: str
    text: str
    theme: str | None
    theme_name: str | None
    lead_owner: str | None
    lead_owner_id: int | None
    lead_owner_name: str | None
    supporting: tuple[str, ...]
    board: str | None
    board_name: str | None
    level: str | None
    kind: str
    status: str
    rag: str
    version: int
    flags: RowFlags
    # The day of its latest progress update on or before the day the list is as at.
    last_updated: dt.date | None = None


class Filters(NamedTuple):
    """What chooses the list's rows: the partnership in view and the filters' keys."""

    partnership: Partnership | None = None
    theme: str | None = None
    owner: str | None = None
    board: str | None = None
    status: str | None = None

    def name(self) -> str:
        """The filters in a cache key: keys only, each checked to be one that exists
        before it gets here (the form's choices, the API's 422s)."""
        scope = self.partnership.key if self.partnership else "all"
        return ":".join([scope, *(value or "" for value in self[1:])])


class RowsPage(NamedTuple):
    """Some of the list's rows, how many the list has, and the number of the page they
    are (1 for the API's offsets)."""

    rows: list[CommitmentRow]
    total: int
    number: int


def commitment_row(c: Commitment, today: dt.date) -> CommitmentRow:
    """The row of a commitment of selectors.commitment_list (its prefetches), as at
    `today`: the day the list was read as at."""
    flags = selectors.commitment_flags(c, today)
    status, rag = selectors.rating_of(c)
    return CommitmentRow(
        reference=c.reference,
        text=c.text,
        theme=c.theme.key if c.theme else None,
        theme_name=c.theme.name if c.theme else None,
        lead_owner=c.lead_owner.key if c.lead_owner else None,
        lead_owner_id=c.lead_owner_id,
        lead_owner_name=c.lead_owner.name if c.lead_owner else None,
        supporting=tuple(o.key for o in c.supporting.all()),
        board=c.board.key if c.board else None,
        board_name=(c.board.short_name or c.board.name) if c.board else None,
        level=c.level.key if c.level else None,
        kind=c.kind,
        status=status,
        rag=rag,
        version=c.version,
        flags=RowFlags(
            blocked_by=flags.blocked_by,
            overdue=tuple(m.title for m in flags.overdue),
            stale=flags.stale,
        ),
        last_updated=flags.latest.date if flags.latest else None,
    )


def _rows(filters: Filters, as_at: dt.date) -> Any:
    return selectors.commitment_list(
        partnership=filters.partnership,
        theme=filters.theme,
        owner=filters.owner,
        board=filters.board,
        status=filters.status,
        as_at=as_at,
    )


def _made(commitments: Iterable[Commitment], today: dt.date) -> list[CommitmentRow]:
    return [commitment_row(c, today) for c in commitments]


def commitment_page(
    filters: Filters,
    number: int,
    size: int,
    *,
    as_at: dt.date | None = None,
    version: str | None = None,
) -> RowsPage:
    """Page `number` of the list (the last for a number past it, as core.pages.paginate
    gives) as at `as_at` (today for None), made once for the data's version and that
    day."""
    today = as_at or timezone.localdate()

    def build() -> RowsPage:
        page = Paginator(_rows(filters, today), size).get_page(number)
        return RowsPage(_made(page.object_list, today), page.paginator.count, page.number)

    return cached(
        f"commitments:list:{filters.name()}:{today:%Y-%m-%d}:page:{number}:{size}",
        build,
        version=version,
    )


def commitment_slice(
    filters: Filters,
    offset: int,
    limit: int,
    *,
    as_at: dt.date | None = None,
    version: str | None = None,
) -> RowsPage:
    """The list's rows from `offset`, at most `limit` of them (the API's page) as at
    `as_at` (today for None), made once for the data's version and that day."""
    today = as_at or timezone.localdate()

    def build() -> RowsPage:
        rows = _rows(filters, today)
        return RowsPage(_made(rows[offset : offset + limit], today), rows.count(), 1)

    return cached(
        f"commitments:list:{filters.name()}:{today:%Y-%m-%d}:slice:{offset}:{limit}",
        build,
        version=version,
    )


class FilterChoices(NamedTuple):
    """What the list's filters offer: other partnerships with commitments, every theme,
    and the owners and boards of the partnership's commitments (never every partner of
    the country: a filter that did would grow with it, not with the register)."""

    partnerships: Choices
    themes: Choices
    owners: Choices
    boards: Choices


def _named(rows: Any, listed: str) -> Any:
    """(listed, key, name) of each row: two lists of choices read by one union."""
    return rows.order_by().annotate(listed=Value(listed)).values_list("listed", "key", "name")


def filter_choices(partnership: Partnership | None, *, version: str | None = None) -> FilterChoices:
    """The list's filter choices for the partnership in view, made once for a version."""

    def build() -> FilterChoices:
        held = selectors.in_partnership(Commitment.objects.all(), partnership)
        supporting = Commitment.supporting.through.objects.filter(commitment__in=held.values("pk"))
        owners = Organisation.objects.filter(
            Q(pk__in=held.values("lead_owner")) | Q(pk__in=supporting.values("organisation"))
        )
        boards = Board.objects.filter(pk__in=held.values("board"))
        # Owners and boards in one query: the list's first request after a write makes
        # its choices and its page, and together they stay within QUALITY P4's 15.
        named: dict[str, Choices] = {"owner": [], "board": []}
        for listed, key, name in (
            _named(owners, "owner").union(_named(boards, "board")).order_by("listed", "name")
        ):
            named[listed].append((key, name))
        return FilterChoices(
            partnerships=selectors.partnerships_with_commitments(partnership),
            themes=[
                (t.key, f"{t.name} (under {t.parent.name})" if t.parent else t.name)
                for t in Theme.objects.select_related("parent").order_by("order")
            ],
            owners=named["owner"],
            boards=named["board"],
        )

    scope = partnership.key if partnership else "all"
    return cached(f"commitments:list-choices:{scope}", build, version=version)


# ------------------------------------------------------------------ the themes page


class SourceRef(NamedTuple):
    """A source as a table cell names it (governance/_parts.jinja's source_short)."""

    key: str
    title: str
    kind: str
    reference: str


class ThemeRef(NamedTuple):
    key: str
    name: str
    note: str


class PlanRow(NamedTuple):
    """An implementation plan: its theme, owners (id, name) and board (its short name and
    its name), dates and source."""

    theme: ThemeRef
    name: str
    owners: tuple[tuple[int, str], ...]
    board_key: str | None
    board_short_name: str | None
    board_name: str | None
    proposed_on: dt.date | None
    agreed_on: dt.date | None
    note: str
    source: SourceRef


class NamedCommitment(NamedTuple):
    """A commitment as the themes page names it: by reference, words and lead owner."""

    reference: str
    text: str
    lead_owner_name: str | None


class ThemeSection(NamedTuple):
    """A broad theme with its plans, the themes under it (each with how many of the
    partnership's commitments it has) and the commitments under them all."""

    theme: ThemeRef
    plans: list[PlanRow]
    children: list[tuple[ThemeRef, int]]
    commitments: list[NamedCommitment]


class ThemesPage(NamedTuple):
    plans: list[PlanRow]
    sections: list[ThemeSection]
    without_theme: list[NamedCommitment]
    partnerships: Choices


def _source(source: Any) -> SourceRef:
    return SourceRef(source.key, source.title, source.kind, source.link)


def _plan_row(plan: Any) -> PlanRow:
    board = plan.board
    return PlanRow(
        theme=ThemeRef(plan.theme.key, plan.theme.name, plan.theme.note),
        name=plan.name,
        owners=tuple((o.pk, o.name) for o in plan.owners.all()),
        board_key=board.key if board else None,
        board_short_name=(board.short_name or board.name) if board else None,
        board_name=board.name if board else None,
        proposed_on=plan.proposed_on,
        agreed_on=plan.agreed_on,
        note=plan.note,
        source=_source(plan.source),
    )


def themes_page(partnership: Partnership | None, *, version: str | None = None) -> ThemesPage:
    """The themes with their plans and the partnership's commitments under each (by name:
    the list has their flags), made once for a version of the data."""

    def build() -> ThemesPage:
        themes = list(selectors.theme_list())
        plans = [_plan_row(p) for p in selectors.implementation_plan_list(partnership)]
        by_theme: dict[int | None, list[NamedCommitment]] = {}
        for c in selectors.commitment_light_list(partnership):
            owner = c.lead_owner.name if c.lead_owner else None
            by_theme.setdefault(c.theme_id, []).append(NamedCommitment(c.reference, c.text, owner))
        sections = []
        for top in (t for t in themes if t.parent_id is None):
            children = [t for t in themes if t.parent_id == top.pk]
            keys = {top.key, *(t.key for t in children)}
            sections.append(
                ThemeSection(
                    theme=ThemeRef(top.key, top.name, top.note),
                    plans=[p for p in plans if p.theme.key in keys],
                    children=[
                        (ThemeRef(t.key, t.name, t.note), len(by_theme.get(t.pk, [])))
                        for t in children
                    ],
                    commitments=[c for t in [top, *children] for c in by_theme.get(t.pk, [])],
                )
            )
        return ThemesPage(
            plans=plans,
            sections=sections,
            without_theme=by_theme.get(None, []),
            partnerships=selectors.partnerships_with_commitments(partnership),
        )

    scope = partnership.key if partnership else "all"
    return cached(f"commitments:themes:{scope}", build, version=version)
