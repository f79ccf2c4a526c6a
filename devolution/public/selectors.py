"""The reads of the public record (SPEC §15; QUALITY R5). Every decision is read through
meetings' one publication rule (meetings.visibility): the public sees only the published
decisions of public items; the secretariat every decision, the confidential ones marked.
The open data is the public's reading, whoever asks."""

import datetime as dt
from typing import Any

from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from devolution.core.models import AuditEvent
from devolution.meetings.models import ConflictFlag, Decision, Declaration, Paper, Ruling
from devolution.meetings.selectors import reader_of
from devolution.meetings.visibility import PUBLIC, Reader, visible_q
from devolution.partners.models import Partnership

from .rules.kinds import BINDING, OTHER, PHASE_MOVE, REGISTERED, decision_kind

__all__ = [
    "PUBLIC",
    "DecisionRegister",
    "Reader",
    "decision_rows",
    "last_changed",
    "reader_of",
    "with_item_counts",
]


def _kind_q(kind: str) -> Q:
    """The decisions rules.kinds.decision_kind calls `kind`, as a filter."""
    phase = Q(item__gateway_phase__isnull=False)
    if kind == PHASE_MOVE:
        return phase | Q(kind__in=REGISTERED[PHASE_MOVE])
    if kind == OTHER:
        named = [k for keys in REGISTERED.values() for k in keys]
        return ~phase & ~Q(kind__in=named)
    return ~phase & Q(kind__in=REGISTERED[kind])


DECISION_FIELDS = (
    "id",
    "kind",
    "outcome",
    "how",
    "text",
    "binding",
    "recommendation_to",
    "item_id",
    "item__key",
    "item__title",
    "item__public",
    "item__recommendation",
    "item__gateway_phase__key",
    "item__gateway_phase__name",
    "item__meeting__key",
    "item__meeting__date",
    "item__meeting__date_precision",
    "item__meeting__board__key",
    "item__meeting__board__name",
)


def decision_rows(
    reader: Reader,
    *,
    partnership: Partnership | None = None,
    board: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str = "",
    binding: str = "",
    counts: bool = True,
) -> QuerySet[Any]:
    """Every decision `reader` may see of the boards of `partnership` (every board for
    None, while no partnership is the default), newest meeting first, as plain values
    with the register's kind; with `counts`, how many papers, declarations and conflict
    flags (with rulings) its item has, in the same query. A page reads its rows without
    them and adds them for its own rows (DecisionRegister): the database would otherwise
    count for every row it sorts, not only those shown (QUALITY P3)."""
    rows = Decision.objects.filter(visible_q(reader, "item__"))
    if partnership is not None:
        rows = rows.filter(item__meeting__board__partnership=partnership)
    if board:
        rows = rows.filter(item__meeting__board__key=board)
    if start:
        rows = rows.filter(item__meeting__date__gte=start)
    if end:
        rows = rows.filter(item__meeting__date__lte=end)
    if kind:
        rows = rows.filter(_kind_q(kind))
    if binding == "unknown":
        rows = rows.filter(binding__isnull=True)
    elif binding:
        rows = rows.filter(binding=BINDING[binding])
    if counts:
        rows = rows.annotate(**_item_counts())
    ordered: QuerySet[Any] = rows.order_by(
        "-item__meeting__date", "item__meeting__board__name", "item__order", "id"
    ).values(*DECISION_FIELDS, *(_item_counts() if counts else ()))
    return ordered


def _item_counts() -> dict[str, Any]:
    return {
        "papers": _count(Paper.objects.filter(item_id=OuterRef("item_id"))),
        "declarations": _count(Declaration.objects.filter(item_id=OuterRef("item_id"))),
        "flags": _count(ConflictFlag.objects.filter(item_id=OuterRef("item_id"))),
        "rulings": _count(Ruling.objects.filter(flag__item_id=OuterRef("item_id"))),
    }


def with_item_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` (decision_rows without counts) with their items' counts: one query for
    them all, whatever the rows."""
    ids = [row["id"] for row in rows]
    found = {
        c["id"]: c
        for c in Decision.objects.filter(pk__in=ids)
        .annotate(**_item_counts())
        .values("id", *_item_counts())
    }
    return [{**row, **found.get(row["id"], {})} for row in rows]


class DecisionRegister:
    """The register's rows read a page at a time (the shape Django's Paginator and the
    API's pagination take): counted in one query, and the page's rows with their items'
    counts in two, whatever the register's size."""

    def __init__(self, rows: QuerySet[Any]) -> None:
        self.rows = rows

    def count(self) -> int:
        return int(self.rows.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        if not isinstance(part, slice):
            raise TypeError("The register is read a page at a time")
        return with_item_counts(list(self.rows[part]))


def _count(rows: QuerySet[Any]) -> Any:
    """How many `rows` there are, as a column of the outer query."""
    return Coalesce(
        Subquery(
            rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def register_kind(row: dict[str, Any]) -> str:
    return decision_kind(row["kind"], row["item__gateway_phase__key"] is not None)


def last_changed() -> dt.datetime | None:
    """When the data last changed: the time of the audit chain's head (core.versions)."""
    return AuditEvent.objects.order_by("-id").values_list("at", flat=True).first()
