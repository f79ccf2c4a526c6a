"""The audit record: every write is an event in a hash chain the database will not let
anyone edit (QUALITY R3)."""

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from devolution.core.models import AuditEvent
from devolution.core.services import GENESIS, audit_verify
from devolution.partners.models import Organisation
from devolution.partners.services import organisation_update

pytestmark = pytest.mark.django_db


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


def test_chain_verifies_after_many_writes(alice, hackney):
    for i in range(25):
        hackney.refresh_from_db()
        _edit(alice, hackney, short_name=f"Hackney {i}")
    report = audit_verify()
    assert report.intact
    assert report.events == AuditEvent.objects.count()


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
        else:
            cursor.execute("DROP TRIGGER core_auditevent_no_change ON core_auditevent")


def test_verify_names_the_first_event_edited_around_the_triggers():
    _drop_triggers()
    target = AuditEvent.objects.order_by("id")[5]
    AuditEvent.objects.filter(pk=target.pk).update(after={"name": "Someone else"})
    report = audit_verify()
    assert not report.intact
    assert report.first_broken_id == target.pk
    assert "does not match its hash" in report.problem


def test_audit_verify_command_reports_intact_and_broken(capsys):
    call_command("audit", "verify")
    assert "The audit chain is intact" in capsys.readouterr().out
    _drop_triggers()
    target = AuditEvent.objects.order_by("id")[2]
    AuditEvent.objects.filter(pk=target.pk).update(prev_hash="f" * 64)
    with pytest.raises(CommandError, match=f"broken at event {target.pk}"):
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
