"""The audit record: every write is an event in a hash chain the database will not let
anyone edit, keyed with a secret the database does not hold, its head checkpointed in a
signed file (QUALITY R3, ADR 2)."""

import hashlib
import hmac
import itertools
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from devolution.core.checkpoint import Checkpoint, checkpoint_advance, checkpoint_read
from devolution.core.models import AuditEvent, AuditScheme
from devolution.core.services import GENESIS, _chained_fields, audit_verify
from devolution.partners.models import Organisation
from devolution.partners.services import organisation_update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT = tmp_path / "audit-checkpoint.json"
    return settings.AUDIT_CHECKPOINT


def _edit(person, organisation, **data):
    return organisation_update(
        actor=person, organisation_id=organisation.pk, version=organisation.version, data=data
    )


def test_a_write_records_who_what_and_before_and_after(alice, hackney):
    before_count = AuditEvent.objects.count()
    old_short_name = hackney.short_name
    _edit(alice, hackney, short_name="LB Hackney")
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before_count + 1
    assert event.actor == alice
    assert event.action == "update"
    assert event.object_type == "partners.organisation"
    assert event.object_id == str(hackney.pk)
    assert event.before == {"short_name": old_short_name}
    assert event.after == {"short_name": "LB Hackney"}


def test_events_form_a_chain_from_the_first(alice, hackney):
    _edit(alice, hackney, short_name="One")
    events = list(AuditEvent.objects.order_by("id"))
    assert events[0].prev_hash == GENESIS
    for earlier, later in itertools.pairwise(events):
        assert later.prev_hash == earlier.hash


def _committed_edit(person, organisation, capture, **data):
    """An edit as a request makes it: committed, so the checkpoint moves after it."""
    organisation.refresh_from_db()
    with capture(execute=True):
        _edit(person, organisation, **data)


def _head() -> Checkpoint:
    return Checkpoint(*AuditEvent.objects.order_by("-id").values_list("id", "hash").first())


def test_chain_verifies_after_many_writes(alice, hackney, django_capture_on_commit_callbacks):
    for i in range(25):
        _committed_edit(alice, hackney, django_capture_on_commit_callbacks, short_name=f"H {i}")
    report = audit_verify()
    assert report.intact, report.problem
    assert report.events == AuditEvent.objects.count()
    assert report.checkpoint == _head()


def test_a_commit_of_many_events_writes_the_checkpoint_once_at_the_head(
    alice, hackney, checkpoint_file, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from devolution.core import services

    writes = []

    def counted(*args, **kwargs):
        writes.append(args)
        return checkpoint_advance(*args, **kwargs)

    monkeypatch.setattr(services, "checkpoint_advance", counted)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name in ("One", "Two", "Three"):
            hackney.refresh_from_db()
            _edit(alice, hackney, short_name=name)
    assert len(writes) == 1
    assert checkpoint_read(checkpoint_file, settings.AUDIT_KEY) == _head()


def test_every_new_event_is_keyed(alice, hackney):
    _edit(alice, hackney, short_name="One")
    event = AuditEvent.objects.order_by("-id").first()
    assert event.scheme == AuditScheme.HMAC_SHA256
    plain = hashlib.sha256(_canonical(event)).hexdigest()
    assert event.hash != plain


def test_database_refuses_to_update_an_audit_row():
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    assert AuditEvent.objects.get(pk=event.pk).action != "tampered"


def test_database_refuses_to_delete_an_audit_row():
    event = AuditEvent.objects.first()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def _drop_triggers() -> None:
    """What an attacker with the database's owner rights could do; rolled back after the test."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute("DROP TRIGGER core_auditevent_no_change ON core_auditevent")


def _canonical(event: AuditEvent) -> bytes:
    fields = _chained_fields(event)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def _rebuild_chain(start_at: int, digest, scheme: str | None = None) -> None:
    """Recompute every hash from the event `start_at` on, as someone who can write the
    table would after editing it: each event made to follow the one before again."""
    events = list(AuditEvent.objects.order_by("id"))
    for index in range(start_at, len(events)):
        event = events[index]
        event.prev_hash = events[index - 1].hash if index else GENESIS
        event.scheme = scheme or event.scheme
        event.hash = digest(_canonical(event))
    AuditEvent.objects.bulk_update(events[start_at:], ["prev_hash", "hash", "scheme"])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac_with(key: str):
    return lambda data: hmac.new(key.encode(), data, hashlib.sha256).hexdigest()


@pytest.fixture
def sealed(alice, hackney, django_capture_on_commit_callbacks):
    """A chain whose head is checkpointed, as after any committed change."""
    _committed_edit(alice, hackney, django_capture_on_commit_callbacks, short_name="Sealed")
    assert audit_verify().intact
    return _head()


def test_verify_names_the_first_event_edited_around_the_triggers(sealed):
    _drop_triggers()
    target = AuditEvent.objects.order_by("id")[5]
    AuditEvent.objects.filter(pk=target.pk).update(after={"name": "Someone else"})
    report = audit_verify()
    assert not report.intact
    assert report.first_broken_id == target.pk
    assert f"event {target.pk}'s hash does not match its content" in report.problem


def _delete_newest(count: int) -> int:
    """Delete the newest events with raw SQL; the id of the event now at the end."""
    _drop_triggers()
    ids = list(AuditEvent.objects.order_by("-id").values_list("id", flat=True)[: count + 1])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id > %s", [ids[-1]])
    return ids[-1]


def test_a_chain_with_its_tail_deleted_fails_verification(sealed):
    now_last = _delete_newest(3)
    report = audit_verify()
    assert not report.intact
    assert report.problem == (
        "the newest events were deleted since the checkpoint: it records event "
        f"{sealed.event_id} as the newest, and it now ends at event {now_last}"
    )


def test_an_edit_with_the_hashes_recomputed_in_plain_sha256_fails_verification(sealed):
    _drop_triggers()
    target = AuditEvent.objects.order_by("id")[5]
    AuditEvent.objects.filter(pk=target.pk).update(after={"name": "Someone else"})
    _rebuild_chain(5, _sha256)
    report = audit_verify()
    assert not report.intact
    assert report.first_broken_id == target.pk
    assert "made without the audit key" in report.problem


def test_an_edit_with_the_hashes_recomputed_with_another_key_fails_verification(sealed):
    _drop_triggers()
    target = AuditEvent.objects.order_by("id")[5]
    AuditEvent.objects.filter(pk=target.pk).update(after={"name": "Someone else"})
    _rebuild_chain(5, _hmac_with("a guessed key"))
    report = audit_verify()
    assert not report.intact
    assert report.first_broken_id == target.pk


def test_an_edit_passed_off_as_written_before_keying_fails_verification(sealed):
    _drop_triggers()
    target = AuditEvent.objects.order_by("-id")[1]
    AuditEvent.objects.filter(pk=target.pk).update(after={"name": "Someone else"})
    total = AuditEvent.objects.count()
    _rebuild_chain(total - 2, _sha256, scheme=AuditScheme.SHA256)
    report = audit_verify()
    assert not report.intact
    assert f"event {target.pk} is not keyed, yet keyed events come before it" in report.problem


def test_a_whole_chain_rebuilt_as_unkeyed_is_caught_by_the_checkpoint(sealed):
    _drop_triggers()
    AuditEvent.objects.filter(pk=sealed.event_id).update(after={"name": "Someone else"})
    _rebuild_chain(0, _sha256, scheme=AuditScheme.SHA256)
    report = audit_verify()
    assert not report.intact
    assert f"event {sealed.event_id} is not the event the checkpoint recorded" in report.problem


def test_a_tampered_checkpoint_fails_verification(sealed, checkpoint_file):
    data = json.loads(checkpoint_file.read_text())
    data["event_id"] -= 3
    checkpoint_file.write_text(json.dumps(data))
    report = audit_verify()
    assert not report.intact
    assert "the checkpoint" in report.problem
    assert "its signature is not valid" in report.problem


def test_a_checkpoint_signed_with_another_key_fails_verification(sealed, settings):
    settings.AUDIT_KEY = "another key"
    report = audit_verify()
    assert not report.intact
    assert "its signature is not valid" in report.problem


def test_keyed_events_with_no_checkpoint_fail_verification(sealed, checkpoint_file):
    checkpoint_file.unlink()
    report = audit_verify()
    assert not report.intact
    assert "there is no checkpoint" in report.problem


def test_events_written_before_keying_verify_and_are_sealed_by_the_next_change(
    alice, hackney, checkpoint_file, django_capture_on_commit_callbacks
):
    # A database from before the key: every event plain SHA-256, no checkpoint yet.
    _drop_triggers()
    _rebuild_chain(0, _sha256, scheme=AuditScheme.SHA256)
    report = audit_verify()
    assert report.intact, report.problem
    assert report.checkpoint is None
    _committed_edit(alice, hackney, django_capture_on_commit_callbacks, short_name="After")
    report = audit_verify()
    assert report.intact, report.problem
    assert report.checkpoint == _head()


def test_the_checkpoint_never_moves_backwards(sealed, checkpoint_file, settings):
    older = Checkpoint(sealed.event_id - 1, "0" * 64)
    assert not checkpoint_advance(
        checkpoint_file, settings.AUDIT_KEY, older, still_holds=lambda c: True
    )
    assert checkpoint_read(checkpoint_file, settings.AUDIT_KEY) == sealed


def test_the_checkpoint_does_not_move_past_a_deleted_tail(
    sealed, alice, hackney, checkpoint_file, settings, django_capture_on_commit_callbacks
):
    _delete_newest(3)
    for name in ("New one", "New two", "New three", "New four"):
        _committed_edit(alice, hackney, django_capture_on_commit_callbacks, short_name=name)
    assert checkpoint_read(checkpoint_file, settings.AUDIT_KEY) == sealed
    assert not audit_verify().intact


def test_a_checkpoint_that_cannot_be_written_is_logged_and_the_change_stands(
    alice, hackney, settings, tmp_path, caplog, django_capture_on_commit_callbacks
):
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    settings.AUDIT_CHECKPOINT = blocked / "audit-checkpoint.json"
    _committed_edit(alice, hackney, django_capture_on_commit_callbacks, short_name="Stands")
    assert Organisation.objects.get(pk=hackney.pk).short_name == "Stands"
    assert "checkpoint_after_commit" in caplog.text


def test_many_writers_at_once_leave_the_newest_head(tmp_path, settings):
    path = tmp_path / "concurrent.json"
    heads = [Checkpoint(n, f"{n:064x}") for n in range(1, 41)]
    threads = [
        threading.Thread(
            target=checkpoint_advance,
            args=(path, settings.AUDIT_KEY, head),
            kwargs={"still_holds": lambda c: True},
        )
        for head in reversed(heads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert checkpoint_read(path, settings.AUDIT_KEY) == heads[-1]
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".tmp"] == []


def test_audit_verify_command_reports_intact_and_broken(sealed, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "The audit chain is intact" in out
    assert f"held by the checkpoint at event {sealed.event_id}" in out
    _drop_triggers()
    target = AuditEvent.objects.order_by("id")[2]
    AuditEvent.objects.filter(pk=target.pk).update(prev_hash="f" * 64)
    with pytest.raises(
        CommandError,
        match=f"The audit chain is broken: event {target.pk} does not follow the event before it",
    ):
        call_command("audit", "verify")


def test_audit_record_refuses_to_run_outside_a_transaction(alice, hackney):
    from devolution.core.services import audit_record

    with pytest.raises(RuntimeError, match="inside the transaction"):
        # pytest-django wraps tests in a transaction; step outside it on purpose.
        connection.in_atomic_block, saved = False, connection.in_atomic_block
        try:
            audit_record(actor=alice, action="x", obj=hackney, before=None, after=None)
        finally:
            connection.in_atomic_block = saved


def test_a_failed_write_leaves_no_event(alice, hackney):
    count = AuditEvent.objects.count()
    with pytest.raises(Exception, match="ODS code"):
        _edit(alice, hackney, ods_code="not valid!")
    assert AuditEvent.objects.count() == count
    assert Organisation.objects.get(pk=hackney.pk).ods_code == ""
