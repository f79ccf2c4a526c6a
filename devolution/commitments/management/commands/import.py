"""`devolution import commitments FILE`: import a register as the system, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.commitments import transfer
from devolution.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Import a register kept in a spreadsheet (CSV or XLSX, in the layout of the import "
        "page): every row is checked first, and nothing is stored unless the whole file is "
        "good. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["commitments"], help="what the file holds")
        parser.add_argument("file", type=Path, help="the .csv or .xlsx file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        try:
            transfer.check_size(size)
            report = transfer.commitments_import(
                actor=None, content=path.read_bytes(), filename=path.name
            )
        except InvalidInput as exc:
            count = len(exc.problems)
            raise CommandError(
                f"{path.name} was not imported: nothing was stored. "
                f"{count} {'problem' if count == 1 else 'problems'} to put right:\n"
                + "\n".join(f"  - {transfer.problem_text(p)}" for p in exc.problems)
            ) from exc
        self.stdout.write(report.summary())
