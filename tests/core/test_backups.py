"""Backups restore (QUALITY R4, ADR 25): a backup taken while people write restores into a
fresh database equal, table by table, to the snapshot it took; a restore refuses a
database with rows (unless forced) and a damaged archive, brings back the stored files,
and verifies the audit chain, saying so when it does not hold.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL, on committed copies of the London
test database (tests/concurrency.py) that threads write to while the backup runs."""

import hashlib
import io
import itertools
import json
import sqlite3
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from devolution.core import backups
from devolution.core.backups import BackupError, backup_create, backup_restore
from devolution.core.models import AuditEvent
from devolution.core.services import audit_record, audit_verify, snapshot
from devolution.meetings.models import AgendaItem, Paper
from devolution.partners.models import Organisation
from tests.concurrency import _postgres

_fresh = itertools.count(1)
ON_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def stores(settings, tmp_path):
    """Stored files in a folder, as in production, and this test's own audit checkpoint."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.AUDIT_CHECKPOINT = tmp_path / "audit-checkpoint.json"
    return settings


def _write(organisation_id: int, label: str) -> None:
    """One change as a service makes it: the row and its audit event, one transaction."""
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
        before = snapshot(organisation, ["short_name"])
        organisation.short_name = label
        organisation.save(update_fields=["short_name"])
        audit_record(
            actor=None,
            action="update",
            obj=organisation,
            before=before,
            after=snapshot(organisation, ["short_name"]),
        )


@pytest.fixture
def source(concurrent_db, stores):
    """The committed London copy, with one change made so the audit checkpoint exists."""
    ids = concurrent_db.read(
        lambda: list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:3])
    )
    concurrent_db.read(lambda: _write(ids[0], "First"))
    concurrent_db.organisation_ids = ids
    return concurrent_db


class _Writers:
    """Threads writing through the ORM until told to stop, each to its own organisation."""

    def __init__(self, organisation_ids: list[int]) -> None:
        self.stop = threading.Event()
        self.done = [0] * len(organisation_ids)
        self.errors: list[BaseException] = []
        self.threads = [
            threading.Thread(target=self._run, args=(i, pk))
            for i, pk in enumerate(organisation_ids)
        ]

    def _run(self, i: int, organisation_id: int) -> None:
        try:
            while not self.stop.is_set():
                _write(organisation_id, f"W{i}-{self.done[i]}")
                self.done[i] += 1
        except BaseException as exc:
            self.errors.append(exc)
        finally:
            connections.close_all()

    def wait_for(self, more: int) -> None:
        target = sum(self.done) + more
        deadline = time.monotonic() + 60
        while sum(self.done) < target and not self.errors:
            assert time.monotonic() < deadline, "the writers stalled"
            time.sleep(0.01)


@contextmanager
def _writing(organisation_ids: list[int]) -> Iterator[_Writers]:
    writers = _Writers(organisation_ids)
    for thread in writers.threads:
        thread.start()
    try:
        yield writers
    finally:
        writers.stop.set()
        for thread in writers.threads:
            thread.join(60)
    assert not writers.errors, writers.errors


@contextmanager
def _fresh_database(tmp_path: Path, *, same_checkpoint: bool = False) -> Iterator[None]:
    """Connections made inside (by threads) go to a new, empty database, with a checkpoint
    of its own as a new deployment has, or `same_checkpoint` as the source's."""
    original = connections.settings["default"]
    n = next(_fresh)
    checkpoint = settings.AUDIT_CHECKPOINT
    if not same_checkpoint:
        settings.AUDIT_CHECKPOINT = tmp_path / f"fresh-{n}.audit-checkpoint.json"
    if original["ENGINE"].endswith("sqlite3"):
        name = str(tmp_path / f"fresh-{n}.sqlite3")
    else:
        name = f"{original['NAME']}_fresh{n}"
        _postgres(f'CREATE DATABASE "{name}"', original)
    connections.settings["default"] = {**original, "NAME": name}
    try:
        yield
    finally:
        connections.settings["default"] = original
        settings.AUDIT_CHECKPOINT = checkpoint
        if not original["ENGINE"].endswith("sqlite3"):
            _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', original)


def _tables() -> list:
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    ]


def _every_table() -> dict[str, tuple[int, str]]:
    """Each model's table through the ORM: its rows, and a hash of them in pk order."""
    seen = {}
    for model in _tables():
        digest = hashlib.sha256()
        rows = 0
        for row in model._base_manager.order_by("pk").values_list().iterator():
            digest.update(repr(row).encode())
            rows += 1
        seen[model._meta.db_table] = (rows, digest.hexdigest())
    return seen


def test_a_backup_taken_while_people_write_restores_equal_to_its_snapshot(source, tmp_path):
    archive = tmp_path / "backup.tar"
    events_before = source.read(AuditEvent.objects.count)
    with _writing(source.organisation_ids) as writers:
        writers.wait_for(10)
        made = source.read(lambda: backup_create(archive))
        writers.wait_for(10)
    events_after = source.read(AuditEvent.objects.count)
    in_backup = made.manifest["tables"]["core_auditevent"]["rows"]
    assert events_before < in_backup < events_after, "the backup was not taken mid-writing"

    with _fresh_database(tmp_path):
        restored = source.read(lambda: backup_restore(archive))
        assert restored.mismatches == []
        assert restored.chain is not None and restored.chain.intact, restored.chain
        assert restored.chain.events == in_backup
        counted = source.read(lambda: {t: rows for t, (rows, _) in _every_table().items()})
        recorded = {t: facts["rows"] for t, facts in made.manifest["tables"].items()}
        assert counted == recorded
        # Backed up again, the restored copy is the snapshot's very rows, table by table.
        again = source.read(lambda: backup_create(tmp_path / "again.tar"))
        assert again.manifest["tables"] == made.manifest["tables"]


def test_a_quiet_backup_restores_every_table_row_for_row(source, tmp_path):
    archive = tmp_path / "backup.tar"
    source.read(lambda: backup_create(archive))
    original = source.read(_every_table)
    with _fresh_database(tmp_path):
        source.read(lambda: call_command("restore", str(archive), stdout=io.StringIO()))
        assert source.read(_every_table) == original
    assert original["core_auditevent"][0] > 0 and original["partners_organisation"][0] > 0


def test_restore_refuses_a_database_with_rows_unless_forced(source, tmp_path):
    archive = tmp_path / "backup.tar"
    source.read(lambda: backup_create(archive))
    with _fresh_database(tmp_path):
        source.read(lambda: backup_restore(archive))
        source.read(lambda: _write(source.organisation_ids[1], "After the restore"))
        with pytest.raises(CommandError, match=r"is not empty.*--force"):
            source.read(lambda: call_command("restore", str(archive)))
        assert source.read(
            lambda: Organisation.objects.filter(short_name="After the restore").exists()
        )

        out = io.StringIO()
        source.read(lambda: call_command("restore", str(archive), "--force", stdout=out))
        assert "The audit chain is intact" in out.getvalue()
        assert not source.read(
            lambda: Organisation.objects.filter(short_name="After the restore").exists()
        )


def _rewritten(archive: Path, into: Path, change) -> Path:
    """A copy of the archive with each member's bytes passed through change(name, data)."""
    with tarfile.open(archive) as old, tarfile.open(into, "w") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return into


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


@pytest.mark.parametrize("damaged", ["database", "media"])
def test_restore_refuses_a_damaged_archive_and_changes_nothing(source, tmp_path, damaged):
    paper = source.read(_paper_with_file)
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    target = backups.DUMPS[connection.vendor] if damaged == "database" else "media/" + paper
    bad = _rewritten(
        archive,
        tmp_path / "bad.tar",
        lambda name, data: _flip_last_byte(data) if name == target else data,
    )
    (tmp_path / "media").rename(tmp_path / "media-before")
    with _fresh_database(tmp_path):
        with pytest.raises(CommandError, match=f"damaged: {target} is not what was backed up"):
            source.read(lambda: call_command("restore", str(bad)))
        assert source.read(lambda: connection.introspection.table_names()) == []
    assert not (tmp_path / "media").exists()


def test_restore_refuses_what_is_not_a_backup(source, tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"not an archive at all")
    with _fresh_database(tmp_path), pytest.raises(CommandError, match="cannot be read"):
        source.read(lambda: call_command("restore", str(junk)))


def _paper_with_file() -> str:
    paper = Paper.objects.create(
        item=AgendaItem.objects.order_by("pk").first(),
        title="Estates strategy",
        file=ContentFile(b"%PDF-1.4 the estates strategy", name="estates.pdf"),
    )
    return paper.file.name


def test_stored_papers_are_backed_up_and_restored(source, tmp_path, settings):
    name = source.read(_paper_with_file)
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    settings.MEDIA_ROOT = str(tmp_path / "elsewhere")  # a new machine's empty storage
    with _fresh_database(tmp_path):
        restored = source.read(lambda: backup_restore(archive))
        assert restored.files_restored == 1
        with default_storage.open(name, "rb") as stored:
            assert stored.read() == b"%PDF-1.4 the estates strategy"
        assert source.read(lambda: Paper.objects.get(title="Estates strategy").file.name) == name


def test_a_backup_missing_a_paper_the_database_names_is_refused(source, tmp_path):
    name = source.read(_paper_with_file)
    default_storage.delete(name)
    with pytest.raises(
        BackupError, match=f"names 1 stored files that are not in storage \\({name}"
    ):
        source.read(lambda: backup_create(tmp_path / "backup.tar"))
    assert list(tmp_path.glob("backup.tar*")) == []


def test_the_audit_chain_verifies_after_a_restore_and_the_checkpoint_moves_on(source, tmp_path):
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    with _fresh_database(tmp_path):
        source.read(lambda: backup_restore(archive))
        source.read(lambda: _write(source.organisation_ids[1], "Next change"))
        report = source.read(audit_verify)
        assert report.intact, report.problem
        head = source.read(lambda: AuditEvent.objects.order_by("-id").first().id)
        assert report.checkpoint is not None and report.checkpoint.event_id == head


def test_a_restore_older_than_the_checkpoint_says_the_chain_does_not_verify(source, tmp_path):
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    source.read(lambda: _write(source.organisation_ids[1], "After the backup"))
    with _fresh_database(tmp_path, same_checkpoint=True):
        with pytest.raises(CommandError, match="does not verify: the newest events were deleted"):
            source.read(lambda: call_command("restore", str(archive), stdout=io.StringIO()))
        out = io.StringIO()
        source.read(lambda: call_command("restore", str(archive), "--force", stdout=out))
        assert "backup's audit checkpoint was restored" in out.getvalue()
        assert "The audit chain is intact" in out.getvalue()


def test_an_event_edited_in_the_backup_fails_the_restore_chain(source, tmp_path):
    """Edited outside Devolution, with the archive's sha256s and table digests made to fit,
    the audit chain, keyed with a secret the archive does not hold, still does not."""
    if ON_POSTGRES:
        pytest.skip("edits the SQLite file inside the archive")
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="data")
    database = tmp_path / "unpacked" / "database.sqlite3"
    with closing(sqlite3.connect(database)) as conn:
        triggers = conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (trigger,) in triggers.fetchall():
            conn.execute(f'DROP TRIGGER "{trigger}"')
        conn.execute("UPDATE core_auditevent SET object_label = 'edited' WHERE id = 1")
        conn.commit()
        tables = backups._facts(conn.cursor(), backups._sqlite_tables(conn)).tables
    edited = database.read_bytes()
    manifest = json.loads((tmp_path / "unpacked" / "manifest.json").read_text())
    manifest["members"]["database.sqlite3"]["sha256"] = hashlib.sha256(edited).hexdigest()
    manifest["tables"] = tables
    body = json.dumps(manifest).encode()
    # Signed as this deployment signs (whoever holds AUDIT_KEY): the chain still holds.
    forged_members = {
        "database.sqlite3": edited,
        "manifest.json": body,
        "manifest.sig": backups._signature(body).encode(),
    }
    forged = _rewritten(
        archive, tmp_path / "forged.tar", lambda name, old: forged_members.get(name, old)
    )
    with _fresh_database(tmp_path), pytest.raises(CommandError) as refused:
        source.read(lambda: call_command("restore", str(forged), stdout=io.StringIO()))
    assert "the audit chain does not verify: event 1's hash does not match" in str(refused.value)


def _with_manifest(archive: Path, into: Path, change) -> Path:
    """A copy of the archive whose manifest is changed by change(manifest), its signature
    kept as it was."""

    def edit(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest, indent=1, sort_keys=True).encode()

    return _rewritten(archive, into, edit)


def test_a_manifest_changed_after_the_backup_is_refused_by_its_signature(source, tmp_path):
    """Whoever changes the archive and fits the manifest to it, without AUDIT_KEY, cannot
    sign it: the restore refuses before changing anything."""
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    table = "partners_organisation"
    forged = _with_manifest(
        archive, tmp_path / "forged.tar", lambda m: m["tables"][table].update(rows=1)
    )
    with _fresh_database(tmp_path):
        with pytest.raises(CommandError, match="does not carry this deployment's signature"):
            source.read(lambda: call_command("restore", str(forged), stdout=io.StringIO()))
        assert source.read(lambda: connection.introspection.table_names()) == []


def test_an_unsigned_backup_or_another_keys_is_refused(source, tmp_path, settings):
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    with tarfile.open(archive) as tar:
        assert (
            tar.extractfile("manifest.sig").read()
            == backups._signature(tar.extractfile("manifest.json").read()).encode()
        )
    unsigned = tmp_path / "unsigned.tar"
    with tarfile.open(archive) as old, tarfile.open(unsigned, "w") as new:
        for member in old.getmembers():
            if member.name != "manifest.sig":
                new.addfile(member, old.extractfile(member))
    with _fresh_database(tmp_path):
        with pytest.raises(CommandError, match="manifest is not signed"):
            source.read(lambda: call_command("restore", str(unsigned), stdout=io.StringIO()))
        garbled = _rewritten(
            archive,
            tmp_path / "garbled.tar",
            lambda name, data: b"\xff\xfe not a signature" if name == "manifest.sig" else data,
        )
        with pytest.raises(CommandError, match="does not carry this deployment's signature"):
            source.read(lambda: call_command("restore", str(garbled), stdout=io.StringIO()))
        settings.AUDIT_KEY = "another deployment's audit key, long enough"
        with pytest.raises(CommandError, match="made with another AUDIT_KEY"):
            source.read(lambda: call_command("restore", str(archive), stdout=io.StringIO()))
        assert source.read(lambda: connection.introspection.table_names()) == []


def test_the_database_password_is_given_to_pg_dump_in_its_environment(monkeypatch):
    ran = {}

    def run(command, env, **kwargs):
        ran.update(command=command, env=env)
        raise FileNotFoundError

    monkeypatch.setattr(backups.subprocess, "run", run)
    with pytest.raises(BackupError, match="pg_dump is not installed"):
        backups._postgres_command("pg_dump", {"NAME": "db", "PASSWORD": "s3cret", "USER": "u"})
    assert ran["env"]["PGPASSWORD"] == "s3cret"
    assert "--username=u" in ran["command"]
    assert not any("s3cret" in part for part in ran["command"])


def test_a_postgres_backup_holds_a_pg_dump_archive(source, tmp_path):
    if not ON_POSTGRES:
        pytest.skip("the PostgreSQL path")
    archive = source.read(lambda: backup_create(tmp_path / "backup.tar")).path
    with tarfile.open(archive) as tar:
        assert tar.extractfile("database.pgdump").read(5) == b"PGDMP"


def test_a_backup_named_as_a_folder_is_refused_in_words(source, tmp_path):
    with pytest.raises(CommandError, match="is a folder; name the archive"):
        source.read(lambda: call_command("backup", str(tmp_path)))


def test_restoring_an_archive_that_is_not_there_is_said_in_words(source, tmp_path):
    with _fresh_database(tmp_path), pytest.raises(CommandError, match="cannot be read"):
        source.read(lambda: call_command("restore", str(tmp_path / "absent.tar")))
