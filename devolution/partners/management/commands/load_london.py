from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from devolution.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Load the embedded London data set: each area's part, in the order of "
        "settings.LONDON_DATA_LOADERS, all or nothing. Loading it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                reports = [(path, import_string(path)()) for path in settings.LONDON_DATA_LOADERS]
        except InvalidInput as exc:
            raise CommandError(
                "The London data set is not valid; nothing was loaded:\n"
                + "\n".join(f"  - {p.text()}" for p in exc.problems)
            ) from exc
        for path, report in reports:
            self.stdout.write(f"{path.split('.')[1]}: {report.summary()}")
