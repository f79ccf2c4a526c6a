"""Keeping the search index up to date (SPEC §15): each write to a row of a kind it holds
rewrites that row's entry (and those whose visibility it changes) in the same
transaction, through Django's signals, so that no area below imports search; `devolution
search-rebuild` writes the whole index again (after a bulk load, which sends no signals)."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .backends import backend
from .models import Entry
from .sources import SOURCES, Row, dependents

BATCH = 2000
FIELDS = [
    "kind", "title", "body", "url", "public_url", "board_id", "date", "date_precision",
    "public", "staff", "reader_board_id",
]  # fmt: skip


def _store(rows: Iterable[Row]) -> int:
    """Write entries in batches, each with its words indexed; the number written."""
    written = 0
    batch: list[Entry] = []

    def flush() -> None:
        if not batch:
            return
        Entry.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["ref"], update_fields=FIELDS
        )
        ids = list(
            Entry.objects.filter(ref__in=[e.ref for e in batch]).values_list("pk", flat=True)
        )
        backend().write(ids)
        batch.clear()

    for row in rows:
        batch.append(Entry(**row))
        written += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return written


def _forget(refs: list[str]) -> None:
    ids = list(Entry.objects.filter(ref__in=refs).values_list("pk", flat=True))
    if ids:
        backend().forget(ids)
        Entry.objects.filter(pk__in=ids).delete()


def index_rows(kind: str, ids: list[int]) -> None:
    """Write again the entries of these rows of a kind, and forget those of rows gone."""
    _, entries = SOURCES[kind]
    rows = list(entries(ids))
    _store(rows)
    kept = {row["ref"] for row in rows}
    _forget([f"{kind}:{pk}" for pk in ids if f"{kind}:{pk}" not in kept])


def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """The whole index written again, all of it or none: the number of entries of each kind."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for kind in kinds or SOURCES:
            _, entries = SOURCES[kind]
            old = list(Entry.objects.filter(kind=kind).values_list("pk", flat=True))
            if old:
                backend().forget(old)
                Entry.objects.filter(kind=kind).delete()
            counts[kind] = _store(entries(None))
    return counts


def _rows(kind: str, pk: int) -> Iterator[tuple[str, list[int]]]:
    yield kind, [pk]
    yield from dependents(kind, pk).items()


def _saved(kind: str) -> Any:
    def handler(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:  # loading a fixture: the rebuild indexes it
            return
        for each, ids in _rows(kind, instance.pk):
            if ids:
                index_rows(each, ids)

    return handler


def _deleted(kind: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        _forget([f"{kind}:{instance.pk}"])

    return handler


# Kept, so that the signals' weak references to them live.
_HANDLERS: list[Any] = []


def connect() -> None:
    """Listen to every write of the kinds the index holds (from SearchConfig.ready)."""
    for kind, (model, _) in SOURCES.items():
        saved, deleted = _saved(kind), _deleted(kind)
        _HANDLERS.extend([saved, deleted])
        post_save.connect(saved, sender=model, dispatch_uid=f"search-save-{kind}")
        post_delete.connect(deleted, sender=model, dispatch_uid=f"search-delete-{kind}")
