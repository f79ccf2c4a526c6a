import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings

from devolution.bench import BenchError
from devolution.bench.england_meetings import BENCH_SECRETARIAT
from devolution.bench.figures import Figure, Report
from devolution.bench.load import CLIENTS, SECONDS, WORKER_COUNTS, day_mix, load_runs
from devolution.bench.load import scaling_figure as scaling
from devolution.bench.measuring import sign_in
from devolution.bench.run import london_bench_load
from devolution.bench.server import Server
from devolution.core.models import User
from devolution.search.services import rebuild as search_rebuild


def _workers(value: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(v) for v in value.split(","))
    except ValueError:
        raise CommandError(f"--workers takes numbers separated by commas, not {value!r}.") from None
    if not counts or min(counts) < 1:
        raise CommandError("--workers: each number of workers is at least 1.")
    return counts


class Command(BaseCommand):
    help = (
        "P8 under a day's mix (public and staff pages, API reads, progress updates, a meeting "
        "being run) through gunicorn at 1, 2 and 4 workers, on an EMPTY database given by "
        "DATABASE_URL, which it fills with London's data set; with REDIS_URL, the workers "
        "share Redis. Prints requests/s with p50, p95 and p99."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=float, default=SECONDS, help="each run's length")
        parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent clients")
        parser.add_argument(
            "--workers", default=",".join(map(str, WORKER_COUNTS)), help="e.g. 1,2,4"
        )
        parser.add_argument("--label", default="", help="what the database is, for the report")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        workers = _workers(options["workers"])
        if options["seconds"] <= 0 or options["clients"] < 1:
            raise CommandError("--seconds and --clients must be positive.")
        folder = Path(tempfile.mkdtemp(prefix="devolution-load-"))
        try:
            figures = self._measure(folder, workers, options)
        except BenchError as exc:
            raise CommandError(f"The load could not be measured: {exc}.") from exc
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if options["json"]:
            self.stdout.write(json.dumps([asdict(f) for f in figures], indent=2))
        else:
            self.stdout.write(Report(figures, []).table())
        if any(f.passed is False for f in figures):
            raise CommandError("The load had errors; see above.")

    def _measure(
        self, folder: Path, workers: tuple[int, ...], options: dict[str, Any]
    ) -> list[Figure]:
        database = settings.DATABASES["default"]
        # The load is measured on a database of its own, never one in use.
        call_command("migrate", interactive=False, verbosity=0)
        if User.objects.exists():
            raise CommandError(
                "bench-load fills an empty database with London's data set; "
                f"{database['NAME']} already has people in it."
            )
        with override_settings(MEDIA_ROOT=str(folder / "media")):
            self.stderr.write("Loading London's data set...")
            london_bench_load()
            search_rebuild()
            officer = sign_in(User.objects.get(email=BENCH_SECRETARIAT), "secretariat").reader
            calls = day_mix(officer)
        connection.close()
        redis = getattr(settings, "REDIS_URL", "")
        label = options["label"] or (f"{connection.vendor}" + (" with Redis" if redis else ""))
        url = os.environ.get("DATABASE_URL", "") or f"sqlite:///{database['NAME']}"

        def server_at(n: int) -> Server:
            return Server(
                Path(str(database["NAME"])),
                folder,
                Path(settings.AUDIT_CHECKPOINT),
                workers=n,
                database_url=url,
                redis_url=redis,
            )

        self.stderr.write(f"The day's mix on {label} at {workers} workers...")
        runs = load_runs(
            label,
            server_at,
            calls,
            worker_counts=workers,
            clients=options["clients"],
            seconds=options["seconds"],
        )
        return [*(r.figure() for r in runs), scaling(runs)]
