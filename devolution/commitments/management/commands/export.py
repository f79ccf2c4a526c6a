"""`devolution export commitments FILE.csv|FILE.xlsx`: the register, in the import's layout."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.commitments import transfer


class Command(BaseCommand):
    help = (
        "Export the commitments register (commitments, milestones and progress updates) as "
        "CSV or XLSX, by the file's extension, in the layout the import reads: the file "
        "imports again to no change."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["commitments"], help="what to export")
        parser.add_argument("file", type=Path, help="the file to write: .csv or .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        suffix = path.suffix.lower()
        if suffix == ".csv":
            content = transfer.export_csv()
        elif suffix == ".xlsx":
            content = transfer.export_xlsx()
        else:
            raise CommandError(f"Name the file .csv or .xlsx, not {path.name!r}.")
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
        self.stdout.write(f"Wrote the commitments register to {path} ({len(content):,} bytes).")
