from typing import Any

from django.core.management.base import BaseCommand, CommandError

from devolution.core.errors import InvalidInput
from devolution.partners.services import LONDON_DATASET, dataset_load_file


class Command(BaseCommand):
    help = "Load the embedded London data set (places, organisations, partnerships). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = dataset_load_file(path=LONDON_DATASET)
        except InvalidInput as exc:
            raise CommandError(
                "The London data set is not valid:\n"
                + "\n".join(f"  - {p.text()}" for p in exc.problems)
            ) from exc
        self.stdout.write(report.summary())
