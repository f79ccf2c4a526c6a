from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (one snapshot, taken while people go on working), the stored "
        "files and the audit checkpoint into one archive (ADR 25)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive to write, like backup.tar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_create(options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:  # a full disk, a folder not writable: said, not a traceback
            raise CommandError(f"The backup stopped: {exc}.") from exc
        self.stdout.write(report.summary())
