"""The audit record: every write in the system goes through `audit_record` (QUALITY R3)."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from .errors import InvalidInput, Problem
from .models import AuditEvent, User

GENESIS = "0" * 64
SYSTEM_ACTOR = "system"


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The record's fields as JSON-safe values, for the before and after of an event."""
    names = (
        list(fields) if fields is not None else [f.attname for f in instance._meta.concrete_fields]
    )
    data = {}
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = value.pk
        data[name] = value
    return json.loads(json.dumps(data, default=str))


def _digest(event: dict[str, Any]) -> str:
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _chained_fields(e: AuditEvent) -> dict[str, Any]:
    return {
        "at": e.at.isoformat(),
        "actor_id": e.actor_id,
        "actor_label": e.actor_label,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "object_label": e.object_label,
        "before": e.before,
        "after": e.after,
        "prev_hash": e.prev_hash,
    }


def _lock_chain() -> None:
    """Serialise writers at the chain's head. SQLite's immediate transactions already do."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(4242001)")


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the transaction of the change."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change")
    _lock_chain()
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    event = AuditEvent(
        at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.email if actor is not None and actor.pk else SYSTEM_ACTOR,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=str(obj)[:300],
        before=before,
        after=after,
        prev_hash=last or GENESIS,
    )
    event.hash = _digest(_chained_fields(event))
    event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    events: int
    first_broken_id: int | None = None
    problem: str = ""


def audit_verify() -> ChainReport:
    """Recompute the chain from the start; name the first event that does not fit."""
    expected_prev = GENESIS
    count = 0
    with transaction.atomic():
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            count += 1
            if event.prev_hash != expected_prev:
                return ChainReport(False, count, event.id, "it does not follow the event before it")
            if _digest(_chained_fields(event)) != event.hash:
                return ChainReport(False, count, event.id, "its content does not match its hash")
            expected_prev = event.hash
    return ChainReport(True, count)


def second_factor_confirm(*, actor: User, device: Any) -> None:
    """A person's authenticator app is confirmed: from now on it is asked for at sign-in."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=actor,
            action="second_factor_confirm",
            obj=actor,
            before={"second_factor": False},
            after={"second_factor": True, "device": device.name},
        )


# --- Loading data sets -------------------------------------------------------------


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, what: str) -> None:
        bucket = self.created if kind == "created" else self.updated
        bucket[what] = bucket.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        if not self.changed:
            return "Nothing to change: the data set is already loaded."
        parts = [f"created {n} {what}" for what, n in sorted(self.created.items())]
        parts += [f"updated {n} {what}" for what, n in sorted(self.updated.items())]
        return "Loaded: " + ", ".join(parts) + "."


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    m2m: dict[str, Iterable[models.Model]],
    *,
    actor: User | None,
    report: LoadReport,
    what: str,
) -> Any:
    """Create or bring up to date one record of a data set; audit only what changed."""
    try:
        return upsert_checked(model, lookup, values, m2m, actor=actor, report=report, what=what)
    except ValidationError as exc:
        name = ", ".join(f"{k} {v}" for k, v in lookup.items())
        raise InvalidInput(
            [
                Problem(" ".join(m), field=f"{what} ({name}).{f}")
                for f, m in exc.message_dict.items()
            ]
        ) from exc


def upsert_checked(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    m2m: dict[str, Iterable[models.Model]],
    *,
    actor: User | None,
    report: LoadReport,
    what: str,
) -> Any:
    obj = model._default_manager.filter(**lookup).first()
    wanted_m2m = {name: sorted(o.pk for o in objs) for name, objs in m2m.items()}
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        for name, objs in m2m.items():
            getattr(obj, name).set(list(objs))
        audit_record(
            actor=actor,
            action="create",
            obj=obj,
            before=None,
            after={**snapshot(obj), **wanted_m2m},
        )
        report.count("created", what)
        return obj
    current_m2m = {name: sorted(getattr(obj, name).values_list("pk", flat=True)) for name in m2m}
    fields = list(values)
    before = {**snapshot(obj, fields), **current_m2m}
    for name, value in values.items():
        setattr(obj, name, value)
    after = {**snapshot(obj, fields), **wanted_m2m}
    if before != after:
        obj.full_clean(validate_unique=False, validate_constraints=False)
        if hasattr(obj, "version"):
            obj.version += 1
        obj.save()
        for name, objs in m2m.items():
            getattr(obj, name).set(list(objs))
        audit_record(actor=actor, action="update", obj=obj, before=before, after=after)
        report.count("updated", what)
    return obj
