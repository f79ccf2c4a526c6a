"""Reads of the core records that other apps share."""

from collections.abc import Iterable

from django.db.models import Prefetch

from .models import AuditEvent, SourceTable, SourceTableRow
from .services import GENESIS


def audit_head() -> str:
    """The hash at the head of the audit chain (the genesis value while it is empty):
    printed on approved minutes, so that a later rewrite of the chain is caught against
    the paper record (QUALITY R3)."""
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return head or GENESIS


def source_table_list(keys: Iterable[str]) -> list[SourceTable]:
    """The source tables of these keys, in the order asked, each with its rows and their
    sources; a key with no table is left out."""
    wanted = list(keys)
    found = {
        t.key: t
        for t in SourceTable.objects.filter(key__in=wanted)
        .select_related("source")
        .prefetch_related(
            Prefetch("rows", SourceTableRow.objects.select_related("source").order_by("order"))
        )
    }
    return [found[k] for k in wanted if k in found]
