"""Backups of the database and the uploaded files together, in one archive (QUALITY R4, ADR 25).

An archive is a tar file of:

    database.sqlite3 or database.pgdump   the database, as one snapshot
    audit-checkpoint.json                 the audit chain's checkpoint (ADR 2), if there was one
    media/<name>                          every stored file (papers, bid documents)
    manifest.json                         what the archive holds, with the sha256 of each member,
                                          and the database's facts at its snapshot
    manifest.sig                          the manifest's HMAC, keyed with AUDIT_KEY

The database is copied as one snapshot while people go on writing. SQLite's online backup
API copies it in one step, inside one read transaction; PostgreSQL's pg_dump dumps a
snapshot exported by a repeatable-read transaction, in which the manifest's facts (the
migrations applied, each table's rows and a digest of them, the files named) are read
too. So the manifest describes exactly what was dumped, and a restore is held against it
table by table, once its signature shows that it is the one this deployment made.

Files are written before the row that names them commits, so every file the snapshot
names is in storage by the time the files are copied, after the snapshot: a file named
but missing is an error, a file no row names is copied and harmless.
"""

import hashlib
import hmac
import io
import json
import os
import posixpath
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .checkpoint import write_atomically
from .services import ChainReport, audit_checkpoint_renew, audit_verify

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
CHECKPOINT = "audit-checkpoint.json"
MEDIA = "media/"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why in plain words."""


# --- The database's facts -----------------------------------------------------------


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _model_tables() -> dict[str, str]:
    """Every model's table (many-to-many tables included) and its primary key column."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy:
            tables[meta.db_table] = meta.pk.column
    return dict(sorted(tables.items()))


def _devolution_tables() -> list[str]:
    """The tables of Devolution's own models: any row in one makes a database not empty."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_config is not None
            and model._meta.app_config.name.startswith("devolution.")
            and model._meta.managed
            and not model._meta.proxy
        }
    )


def _file_columns() -> list[tuple[str, str]]:
    """The (table, column) of every FileField: where the database names stored files."""
    return sorted(
        (model._meta.db_table, f.column)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField)
    )


@dataclass(frozen=True)
class DatabaseFacts:
    """What a database held at one moment, read by the same SQL at backup and restore."""

    tables: dict[str, dict[str, Any]]
    migrations: list[str]
    files: list[str]


def _facts(cursor: Any, existing: set[str]) -> DatabaseFacts:
    """Rows and a digest of each table (its rows in primary-key order), the migrations
    applied and the stored files named. `cursor` reads the snapshot."""
    tables: dict[str, dict[str, Any]] = {}
    for table, pk in _model_tables().items():
        if table not in existing:
            continue
        digest = hashlib.sha256()
        rows = 0
        # Names from the models, quoted; no input reaches these statements.
        cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {_quote(pk)}")  # noqa: S608
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(repr(tuple(row)).encode())
                digest.update(b"\n")
            rows += len(batch)
        tables[table] = {"rows": rows, "sha256": digest.hexdigest()}
    migrations: list[str] = []
    if "django_migrations" in existing:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
    files: set[str] = set()
    for table, column in _file_columns():
        if table in existing:
            cursor.execute(
                f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} <> ''"  # noqa: S608
            )
            files.update(name for (name,) in cursor.fetchall() if name)
    return DatabaseFacts(tables, migrations, sorted(files))


def _sqlite_tables(conn: sqlite3.Connection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _postgres_tables(cursor: Any) -> set[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {name for (name,) in cursor.fetchall()}


def _database() -> dict[str, Any]:
    db: dict[str, Any] = connections["default"].settings_dict
    return db


def _vendor() -> str:
    vendor = connections["default"].vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sqlite_file(db: dict[str, Any]) -> str:
    name = str(db.get("NAME") or "")
    if not name or ":memory:" in name or name.startswith("file:"):
        raise BackupError(
            "The database is held in memory, not in a file, so there is nothing to back up "
            "or restore into: set DATABASE_URL to an SQLite file or a PostgreSQL database."
        )
    return name


def _postgres_command(program: str, db: dict[str, Any], *args: str) -> None:
    """Run pg_dump or pg_restore on the database named in the settings. The password goes
    in the environment, never on the command line, where other users could read it."""
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = str(db["PASSWORD"])
    sslmode = (db.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        environment["PGSSLMODE"] = str(sslmode)
    command = [program, "--no-password"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{flag}={db[key]}")
    command += [f"--dbname={db['NAME']}", *args]
    try:
        done = subprocess.run(  # noqa: S603 (fixed program, arguments from the settings)
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{program} is not installed; install the PostgreSQL client of the server's version."
        ) from exc
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")


def _snapshot_sqlite(into: Path) -> DatabaseFacts:
    """Copy the database with SQLite's online backup API in one step: one read transaction,
    so a snapshot; in WAL mode writers go on meanwhile."""
    name = _sqlite_file(_database())
    if not Path(name).exists():
        raise BackupError(f"There is no database at {name}.")
    with (
        closing(sqlite3.connect(name, timeout=20)) as source,
        closing(sqlite3.connect(into)) as target,
    ):
        source.backup(target)
        return _facts(target.cursor(), _sqlite_tables(target))


def _snapshot_postgres(into: Path) -> DatabaseFacts:
    """pg_dump a snapshot exported by a repeatable-read transaction, and read the facts in
    that transaction, so they describe exactly what was dumped."""
    connection = connections["default"]
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside another transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        _postgres_command(
            "pg_dump", _database(), "--format=custom", f"--snapshot={snapshot}", f"--file={into}"
        )
        return _facts(cursor, _postgres_tables(cursor))


# --- Writing an archive -------------------------------------------------------------


class _HashingReader:
    """Reads a file into the archive and hashes exactly the bytes it read."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


def _stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from _stored_files(storage, posixpath.join(folder, name) if folder else name)


def _version() -> str:
    try:
        return metadata.version("devolution")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class _ArchiveWriter:
    tar: tarfile.TarFile
    members: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, raw: IO[bytes], size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        info.mode = 0o600
        reader = _HashingReader(raw)
        self.tar.addfile(info, reader)
        self.members[name] = {"sha256": reader.sha256.hexdigest(), "bytes": size}


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: dict[str, Any]

    def summary(self) -> str:
        rows = sum(t["rows"] for t in self.manifest["tables"].values())
        media = sum(1 for name in self.manifest["members"] if name.startswith(MEDIA))
        return (
            f"Backed up to {self.path}: {len(self.manifest['tables'])} tables with {rows} rows "
            f"({self.manifest['database']['vendor']}), {media} stored files"
            + (", the audit checkpoint" if self.manifest["audit_checkpoint"] else "")
            + "."
        )


def backup_create(path: Path) -> BackupReport:
    """Back up the database, the stored files and the audit checkpoint to one archive at
    `path`. Written beside it and renamed at the end, so a backup that fails leaves no
    archive that looks whole."""
    vendor = _vendor()
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a folder; name the archive, like {path / 'devolution.tar'}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Read before the snapshot: the checkpoint is written after its event commits, so the
    # event it names is in the snapshot (a checkpoint read later could name a newer one).
    checkpoint_path = Path(settings.AUDIT_CHECKPOINT)
    checkpoint = checkpoint_path.read_bytes() if checkpoint_path.exists() else None
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".devolution-backup-") as work:
            dump = Path(work) / DUMPS[vendor]
            facts = _snapshot_sqlite(dump) if vendor == "sqlite" else _snapshot_postgres(dump)
            with tarfile.open(partial, "w") as tar:
                writer = _ArchiveWriter(tar)
                with open(dump, "rb") as raw:
                    writer.add(DUMPS[vendor], raw, dump.stat().st_size)
                if checkpoint is not None:
                    writer.add(CHECKPOINT, io.BytesIO(checkpoint), len(checkpoint))
                for name in _stored_files(default_storage):
                    with default_storage.open(name, "rb") as raw:
                        writer.add(MEDIA + name, raw, default_storage.size(name))
                missing = sorted(set(facts.files) - {n[len(MEDIA) :] for n in writer.members})
                if missing:
                    raise BackupError(
                        f"The database names {len(missing)} stored files that are not in "
                        f"storage ({', '.join(missing[:5])}); the backup is not kept. A file "
                        "is written before its row, so a missing one was lost or removed."
                    )
                manifest = {
                    "format": FORMAT,
                    "devolution": _version(),
                    "made_at": timezone.now().isoformat(),
                    "database": {"vendor": vendor, "member": DUMPS[vendor]},
                    "migrations": facts.migrations,
                    "tables": facts.tables,
                    "files": facts.files,
                    "audit_checkpoint": checkpoint is not None,
                    "members": writer.members,
                }
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(timezone.now().timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(body))
                signature = _signature(body).encode()
                info = tarfile.TarInfo(SIGNATURE)
                info.size = len(signature)
                info.mtime = int(timezone.now().timestamp())
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(signature))
        with open(partial, "rb") as done:
            os.fsync(done.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(path, manifest)


# --- Restoring ----------------------------------------------------------------------


def _safe_media_name(name: str) -> bool:
    relative = name[len(MEDIA) :]
    parts = relative.split("/")
    return bool(relative) and "\\" not in relative and all(p not in ("", ".", "..") for p in parts)


def _sha256(raw: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := raw.read(_CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _signature(body: bytes) -> str:
    """The manifest's signature: an HMAC of its bytes keyed with AUDIT_KEY, which the
    archive does not hold and which a deployment keeps for as long as its audit chain. The
    manifest holds every member's sha256 and every table's row digests, so whoever changes
    anything in the archive must sign again, which takes the key."""
    return salted_hmac(
        "devolution.core.backups.manifest", body, secret=settings.AUDIT_KEY, algorithm="sha256"
    ).hexdigest()


def _read_member(tar: tarfile.TarFile, name: str) -> bytes | None:
    try:
        raw = tar.extractfile(name)
    except KeyError:
        return None
    return raw.read() if raw is not None else None


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    body = _read_member(tar, MANIFEST)
    try:
        manifest = json.loads(body) if body is not None else None
    except ValueError as exc:
        raise BackupError("This is not a Devolution backup: it has no readable manifest.") from exc
    if manifest is None:
        raise BackupError("This is not a Devolution backup: it has no readable manifest.")
    assert body is not None
    signature = _read_member(tar, SIGNATURE)
    if signature is None:
        raise BackupError(
            "The backup's manifest is not signed, so what it holds cannot be trusted. "
            "Nothing was restored."
        )
    if not hmac.compare_digest(signature.strip(), _signature(body).encode()):
        raise BackupError(
            "The backup's manifest does not carry this deployment's signature: it was changed "
            "after the backup was made, or the backup was made with another AUDIT_KEY "
            "(restore it with the AUDIT_KEY it was made with). Nothing was restored."
        )
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a Devolution backup this version can read.")
    for key in ("database", "migrations", "tables", "members"):
        if key not in manifest:
            raise BackupError(f"The backup's manifest is damaged: it has no {key}.")
    return manifest


def _check_archive(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    """Every member is listed, safe to unpack and unchanged; nothing listed is missing."""
    listed: dict[str, dict[str, Any]] = manifest["members"]
    seen = set()
    for member in tar.getmembers():
        if member.name in (MANIFEST, SIGNATURE):
            continue
        if member.name not in listed:
            raise BackupError(
                f"The backup is damaged: it holds {member.name}, which its manifest does not list."
            )
        if not member.isfile() or (
            member.name.startswith(MEDIA) and not _safe_media_name(member.name)
        ):
            raise BackupError(f"The backup is damaged: {member.name} is not a plain file name.")
        raw = tar.extractfile(member)
        if raw is None or _sha256(raw) != listed[member.name]["sha256"]:
            raise BackupError(
                f"The backup is damaged: {member.name} is not what was backed up (its sha256 "
                "does not match the manifest). Nothing was restored."
            )
        seen.add(member.name)
    absent = sorted(set(listed) - seen)
    if absent:
        raise BackupError(
            f"The backup is damaged: it lacks {', '.join(absent[:5])}. Nothing was restored."
        )
    if manifest["database"].get("member") not in seen:
        raise BackupError("The backup is damaged: it holds no database.")


def _tables_with_rows() -> list[str]:
    """The Devolution tables of the target database that hold any row."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        occupied = []
        for table in _devolution_tables():
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone() is not None:
                    occupied.append(table)
    return occupied


def _unknown_migrations(applied: list[str]) -> list[str]:
    """Migrations the backup had applied that this version of Devolution does not have:
    the backup comes from a newer version, whose data this code may not understand."""
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    return sorted(set(applied) - known)


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files_restored: int = 0
    files_already_there: int = 0
    checkpoint: str = ""
    mismatches: list[str] = field(default_factory=list)
    chain: ChainReport | None = None
    migrations_to_apply: bool = False

    @property
    def ok(self) -> bool:
        return not self.mismatches and self.chain is not None and self.chain.intact


def _restored_facts(vendor: str) -> DatabaseFacts:
    """The restored database's facts, read by the same SQL the backup used."""
    if vendor == "sqlite":
        with closing(sqlite3.connect(_sqlite_file(_database()), timeout=20)) as conn:
            return _facts(conn.cursor(), _sqlite_tables(conn))
    with transaction.atomic(), connections["default"].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _facts(cursor, _postgres_tables(cursor))


def backup_restore(path: Path, *, force: bool = False) -> RestoreReport:
    """Restore an archive into the database DATABASE_URL names and into storage, then hold
    the restored tables against the manifest and verify the audit chain.

    Refuses, before changing anything, a damaged archive, a backup of another database
    vendor or of a newer Devolution, and (unless `force`) a database with rows in any
    Devolution table or stored files that differ from the backup's."""
    vendor = _vendor()
    try:
        tar = tarfile.open(path, "r")  # noqa: SIM115 (closed by the `with tar` below)
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} cannot be read as a Devolution backup: {exc}.") from exc
    report = RestoreReport()
    with tar:
        manifest = _read_manifest(tar)
        _check_archive(tar, manifest)
        if manifest["database"]["vendor"] != vendor:
            raise BackupError(
                f"This is a backup of a {manifest['database']['vendor']} database; "
                f"DATABASE_URL names a {vendor} one. Restore it into the same kind."
            )
        unknown = _unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                f"The backup comes from a newer Devolution (it has migrations this version "
                f"lacks: {', '.join(unknown[:5])}). Restore it with that version."
            )
        media = [m for m in manifest["members"] if m.startswith(MEDIA)]
        different = [
            m
            for m in media
            if default_storage.exists(m[len(MEDIA) :])
            and _stored_sha256(m[len(MEDIA) :]) != manifest["members"][m]["sha256"]
        ]
        if not force:
            occupied = _tables_with_rows()
            if occupied:
                raise BackupError(
                    f"The database DATABASE_URL names is not empty ({len(occupied)} tables hold "
                    f"rows, {', '.join(occupied[:3])} among them); restoring would replace "
                    "them. Restore into a fresh database, or give --force to replace it."
                )
            if different:
                raise BackupError(
                    f"{len(different)} stored files differ from the backup's "
                    f"({', '.join(d[len(MEDIA) :] for d in different[:3])}); give --force to "
                    "replace them."
                )
        _restore_database(tar, manifest, vendor)
        for member in media:
            name = member[len(MEDIA) :]
            if default_storage.exists(name) and member not in different:
                report.files_already_there += 1
                continue
            if default_storage.exists(name):
                default_storage.delete(name)
            raw = tar.extractfile(member)
            assert raw is not None  # checked by _check_archive
            saved = default_storage.save(name, File(raw, name=posixpath.basename(name)))
            if saved != name:
                raise BackupError(
                    f"The stored file {name} was saved as {saved}; storage refused its name."
                )
            report.files_restored += 1
        report.checkpoint = _restore_checkpoint(tar, manifest, force=force)
    connections["default"].close()
    facts = _restored_facts(vendor)
    report.tables = len(facts.tables)
    report.rows = sum(t["rows"] for t in facts.tables.values())
    for table, expected in manifest["tables"].items():
        found = facts.tables.get(table)
        if found is None:
            report.mismatches.append(f"table {table} is missing")
        elif found["rows"] != expected["rows"]:
            report.mismatches.append(
                f"table {table} has {found['rows']} rows, the backup {expected['rows']}"
            )
        elif found["sha256"] != expected["sha256"]:
            report.mismatches.append(f"table {table}'s rows differ from the backup's")
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    report.migrations_to_apply = bool(known - set(manifest["migrations"]))
    report.chain = audit_verify()
    if report.chain.intact:
        audit_checkpoint_renew()
    return report


def _stored_sha256(name: str) -> str:
    with default_storage.open(name, "rb") as raw:
        return _sha256(raw)


def _restore_database(tar: tarfile.TarFile, manifest: dict[str, Any], vendor: str) -> None:
    db = _database()
    connections["default"].close()
    with tempfile.TemporaryDirectory(prefix="devolution-restore-") as work:
        dump = Path(work) / manifest["database"]["member"]
        raw = tar.extractfile(manifest["database"]["member"])
        assert raw is not None  # checked by _check_archive
        with open(dump, "wb") as out:
            while chunk := raw.read(_CHUNK):
                out.write(chunk)
        if vendor == "sqlite":
            # The backup API replaces the target's pages in one transaction: all or nothing.
            with (
                closing(sqlite3.connect(dump)) as source,
                closing(sqlite3.connect(_sqlite_file(db), timeout=20)) as target,
            ):
                source.backup(target)
        else:
            # --clean drops what the dump holds before making it again (a migrated, empty
            # database has the tables already); one transaction, so all or nothing.
            _postgres_command(
                "pg_restore",
                db,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(dump),
            )


def _restore_checkpoint(tar: tarfile.TarFile, manifest: dict[str, Any], *, force: bool) -> str:
    """Put the backup's audit checkpoint where AUDIT_CHECKPOINT says, unless one is there
    already: that one records this deployment's newest event, and holding the restored
    chain against it shows whether events after the backup were lost. `force` replaces it
    (the operator accepts the loss)."""
    path = Path(settings.AUDIT_CHECKPOINT)
    if not manifest.get("audit_checkpoint"):
        return "the backup holds no audit checkpoint"
    if path.exists() and not force:
        return f"the audit checkpoint at {path} was kept"
    raw = tar.extractfile(CHECKPOINT)
    assert raw is not None  # checked by _check_archive
    write_atomically(path, raw.read())
    return f"the backup's audit checkpoint was restored to {path}"
