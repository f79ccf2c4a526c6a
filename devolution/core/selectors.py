"""Reads of the core records that other apps share."""

from .models import AuditEvent
from .services import GENESIS


def audit_head() -> str:
    """The hash at the head of the audit chain (the genesis value while it is empty):
    printed on approved minutes, so that a later rewrite of the chain is caught against
    the paper record (QUALITY R3)."""
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return head or GENESIS
