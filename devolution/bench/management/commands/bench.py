import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.bench import BenchError
from devolution.bench.measuring import RUNS
from devolution.bench.run import run


class Command(BaseCommand):
    help = (
        "The speed bars of QUALITY.md (P1 to P8) on every GET route, served by gunicorn "
        "from databases of the bench's own, London's and an England of 42 partnerships; "
        "prints a row for every route and exits non-zero when a bar is missed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--runs",
            type=int,
            default=RUNS,
            help="timed runs of each side of a ratio (three times as many for a list)",
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        try:
            report = run(runs=options["runs"], say=self.stderr.write)
        except BenchError as exc:
            raise CommandError(f"The bench could not measure: {exc}.") from exc
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self.stdout.write(report.table())
        if not report.passed:
            raise CommandError("A speed bar of QUALITY.md is missed; see the table above.")
