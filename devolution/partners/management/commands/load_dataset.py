from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.core.errors import InvalidInput
from devolution.core.loading import declared_for, load_files, read_file


class Command(BaseCommand):
    help = (
        "Load a partnership's data set from YAML files in the format of the London data set "
        "(each area's data/london.yaml), in the order given, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", type=Path, nargs="+")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            files = []
            for path in options["files"]:
                data = read_file(path)
                files.append((declared_for(path, data), data))
            reports = load_files(files)
        except InvalidInput as exc:
            raise CommandError(
                "Nothing was loaded. Problems:\n"
                + "\n".join(f"  - {p.text()}" for p in exc.problems)
            ) from exc
        for declared, report in reports:
            self.stdout.write(f"{declared.path}: {report.summary()}")
