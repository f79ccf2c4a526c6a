"""What version of the data a page, chart or document shows (QUALITY P3, P7).

Every write, by a service or by a loader, appends an event to the audit chain in its own
transaction (core.services.audit_record), so the chain's head is the version of the whole
data set: anything computed from the data and cached under the version it was computed
at is current until the next write, and never needs invalidating by hand. One query, on
the primary key.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection

from .models import AuditEvent

T = TypeVar("T")

# Long enough to outlive a quiet week; a new version is a new key, so nothing waits on it.
TIMEOUT = 7 * 24 * 3600


def data_version() -> str:
    """The data's version: the database it is in and the head of its audit chain."""
    head = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    where = hashlib.sha256(str(connection.settings_dict["NAME"]).encode()).hexdigest()[:12]
    return f"{where}.{head or 0}"


def cached(name: str, build: Callable[[], T], *, version: str | None = None) -> T:
    """`build()`'s value at the data's current version, from Django's cache (CACHES) when
    it was built at this version already. `name` says what is built and from what (a
    report and its filters): two values under one name must be the same at one version."""
    key = f"devolution:{name}:{version or data_version()}"
    store = caches["data"]
    found: T | None = store.get(key)
    if found is None:
        found = build()
        store.set(key, found, TIMEOUT)
    return found
