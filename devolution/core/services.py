"""The audit record: every write in the system goes through `audit_record` (QUALITY R3)."""

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from .checkpoint import Checkpoint, CheckpointInvalid, checkpoint_advance, checkpoint_read
from .errors import InvalidInput, Problem
from .models import AuditEvent, AuditScheme, AuthenticatorReset, User

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


def _digest(event: dict[str, Any], scheme: str) -> str:
    """The event's hash: keyed with AUDIT_KEY, which the database does not hold, so who
    can rewrite the table still cannot make an edited chain fit again (ADR 2)."""
    canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), default=str).encode()
    if scheme == AuditScheme.SHA256:
        return hashlib.sha256(canonical).hexdigest()
    return hmac.new(_audit_key().encode(), canonical, hashlib.sha256).hexdigest()


def _audit_key() -> str:
    key: str = settings.AUDIT_KEY
    return key


def _checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT)


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
        scheme=AuditScheme.HMAC_SHA256,
    )
    event.hash = _digest(_chained_fields(event), event.scheme)
    event.save(force_insert=True)
    event_id = event.id

    def checkpoint_after_commit() -> None:
        _checkpoint_head(event_id)

    # Robust: the change is committed by then, and a checkpoint that cannot be written is
    # logged, not turned into an error page.
    transaction.on_commit(checkpoint_after_commit, robust=True)
    return event


# The newest event each checkpoint file was brought up to by this process: a transaction
# of many events runs one callback each, and all but the first then have nothing to do.
_checkpointed: dict[Path, int] = {}


def _checkpoint_head(event_id: int) -> None:
    """After a commit: record the chain's committed head in the checkpoint file."""
    path = _checkpoint_path()
    if _checkpointed.get(path, 0) >= event_id:
        return
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if head is not None:
        checkpoint_advance(path, _audit_key(), Checkpoint(*head), still_holds=_in_chain)
        _checkpointed[path] = head[0]


def audit_checkpoint_renew() -> None:
    """After a restore replaced the database (and perhaps the checkpoint file): forget what
    this process last wrote there and bring the checkpoint up to the restored chain's head,
    as the next change would."""
    path = _checkpoint_path()
    _checkpointed.pop(path, None)
    head = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    if head is not None:
        checkpoint_advance(path, _audit_key(), Checkpoint(*head), still_holds=_in_chain)
        _checkpointed[path] = head[0]


def _in_chain(checkpoint: Checkpoint) -> bool:
    return AuditEvent.objects.filter(id=checkpoint.event_id, hash=checkpoint.hash).exists()


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    events: int
    first_broken_id: int | None = None
    problem: str = ""
    checkpoint: Checkpoint | None = None


def audit_verify() -> ChainReport:
    """Recompute the chain from the start with the audit key and hold its head against the
    checkpoint; name, in plain words, the first thing that does not fit."""
    path = _checkpoint_path()
    try:
        checkpoint = checkpoint_read(path, _audit_key())
    except CheckpointInvalid as exc:
        return ChainReport(
            False,
            0,
            problem=f"the checkpoint at {path} cannot be trusted: {exc} (it was changed, "
            "or signed with another audit key)",
        )
    expected_prev = GENESIS
    count = 0
    keyed = False
    checkpoint_found = False
    newest: int | None = None
    with transaction.atomic():
        for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
            count += 1
            broken = _event_problem(event, expected_prev, keyed)
            if broken:
                return ChainReport(False, count, event.id, broken, checkpoint)
            if checkpoint is not None and event.id == checkpoint.event_id:
                if event.hash != checkpoint.hash:
                    return ChainReport(
                        False,
                        count,
                        event.id,
                        f"event {event.id} is not the event the checkpoint recorded under "
                        "that number: the chain was rebuilt since",
                        checkpoint,
                    )
                checkpoint_found = True
            keyed = keyed or event.scheme == AuditScheme.HMAC_SHA256
            expected_prev = event.hash
            newest = event.id
    if checkpoint is not None and not checkpoint_found:
        ends = f"it now ends at event {newest}" if newest is not None else "it is now empty"
        return ChainReport(
            False,
            count,
            checkpoint.event_id,
            f"the newest events were deleted since the checkpoint: it records event "
            f"{checkpoint.event_id} as the newest, and {ends}",
            checkpoint,
        )
    if checkpoint is None and keyed:
        return ChainReport(
            False,
            count,
            problem=f"there is no checkpoint at {path} to hold the newest events against "
            "(it is written after every change; check the AUDIT_CHECKPOINT setting)",
        )
    return ChainReport(True, count, checkpoint=checkpoint)


def _event_problem(event: AuditEvent, expected_prev: str, keyed: bool) -> str:
    if event.prev_hash != expected_prev:
        return f"event {event.id} does not follow the event before it"
    if event.scheme == AuditScheme.SHA256 and keyed:
        return (
            f"event {event.id} is not keyed, yet keyed events come before it: Devolution "
            "did not write it"
        )
    if event.scheme not in AuditScheme.values:
        return f"event {event.id} names no known way of hashing"
    if not hmac.compare_digest(_digest(_chained_fields(event), event.scheme), event.hash):
        return (
            f"event {event.id}'s hash does not match its content: it was changed after it "
            "was written, or its hash was made without the audit key"
        )
    return ""


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


def password_set(*, person: User, password: str, action: str) -> None:
    """A person's new password (changed by them, or set from an e-mailed link), audited;
    Django's validators have passed it already (the forms of core.accounts)."""
    with transaction.atomic():
        person.set_password(password)
        person.save(update_fields=["password"])
        audit_record(actor=person, action=action, obj=person, before=None, after=None)


def authenticator_reset_ask(*, person: User) -> "AuthenticatorReset":
    """A person who has lost their authenticator app asks the secretariat for a new one;
    asking again while a request is open changes nothing."""
    with transaction.atomic():
        open_request = AuthenticatorReset.objects.filter(
            AuthenticatorReset.OPEN, person=person
        ).first()
        if open_request is not None:
            return open_request
        reset = AuthenticatorReset.objects.create(person=person, asked_at=timezone.now())
        audit_record(
            actor=person,
            action="authenticator_reset_ask",
            obj=reset,
            before=None,
            after={"person": person.email},
        )
    return reset


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
