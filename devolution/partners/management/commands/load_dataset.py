from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.core.errors import InvalidInput
from devolution.partners.services import dataset_load_file


class Command(BaseCommand):
    help = (
        "Load a partnership's data set from a YAML file (the format of partners/data/london.yaml)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = dataset_load_file(path=options["file"])
        except InvalidInput as exc:
            raise CommandError(
                "Nothing was loaded. Problems:\n"
                + "\n".join(f"  - {p.text()}" for p in exc.problems)
            ) from exc
        self.stdout.write(report.summary())
