from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `devolution backup` into the database DATABASE_URL "
        "names and into storage, then check every table against the backup and verify the "
        "audit chain (ADR 25)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="an archive made by `devolution backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace a database that is not empty, stored files that differ, and the "
            "audit checkpoint",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:  # a full disk, a folder not writable: said, not a traceback
            raise CommandError(f"The restore stopped: {exc}.") from exc
        self.stdout.write(
            f"Restored {report.tables} tables with {report.rows} rows; "
            f"{report.files_restored} stored files restored, "
            f"{report.files_already_there} already there; {report.checkpoint}."
        )
        if report.migrations_to_apply:
            self.stdout.write(
                "The backup is from an older Devolution: run `devolution migrate` next."
            )
        if report.mismatches:
            raise CommandError(
                "The restored database does not match the backup: "
                + "; ".join(report.mismatches[:10])
                + "."
            )
        chain = report.chain
        assert chain is not None  # set by every restore that gets this far
        if not chain.intact:
            hint = (
                " If the backup is older than this deployment's checkpoint on purpose (the "
                "events since are lost), restore again with --force, which puts the backup's "
                "checkpoint in its place."
                if "deleted since the checkpoint" in chain.problem
                else ""
            )
            raise CommandError(
                f"Restored, but the audit chain does not verify: {chain.problem}.{hint}"
            )
        self.stdout.write(f"The audit chain is intact: {chain.events} events verified.")
