from typing import Any

from django.core.management.base import BaseCommand, CommandError

from devolution.core.errors import InvalidInput
from devolution.core.loading import london_load


class Command(BaseCommand):
    help = (
        "Load the embedded London data set: each area's files, in the order of "
        "settings.LONDON_DATA_SET, all or nothing. Loading it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = london_load()
        except InvalidInput as exc:
            raise CommandError(
                "The London data set is not valid; nothing was loaded:\n"
                + "\n".join(f"  - {p.text()}" for p in exc.problems)
            ) from exc
        for declared, report in reports:
            self.stdout.write(f"{declared.name}: {report.summary()}")
