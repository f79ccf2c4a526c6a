"""P8 under a working day's load: a realistic mix through gunicorn at 1, 2 and 4 workers,
on the database this process is given (DATABASE_URL) and, when REDIS_URL is set, with the
workers sharing their caches, sessions and queue in Redis, as several machines do (ADR 27).

The mix is what a partnership's day asks of the site at once: the public reading pages,
staff reading theirs signed in, clients reading the API, owners posting progress updates,
and a meeting being run (the secretariat recording who is present and the actions of an
agenda item, while others read the meeting). Each run lasts SECONDS on the loopback,
reported as requests a second with p50, p95 and p99; one error fails it.

`devolution bench-load` runs it in a process of its own on an empty database it fills with
London's data set (the bench runs it on an SQLite file and, when it can reach one, on a
PostgreSQL database with Redis); `devolution bench` adds its figures to the report.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from devolution.bench import keys as bench_keys
from devolution.bench.england_meetings import BENCH_SECRETARIAT, SECRETARIAT_ORGANISATION
from devolution.bench.figures import Figure
from devolution.bench.server import PUBLIC, Reader, Server
from devolution.bench.throughput import Call, MixResult, mix_run, posted, staff_writes

WORKER_COUNTS = (1, 2, 4)
CLIENTS = 16
SECONDS = 10.0


@dataclass(frozen=True)
class LoadRun:
    """One run of the mix: on which database, at how many workers, and what it measured."""

    database: str
    workers: int
    clients: int
    result: MixResult

    def figure(self) -> Figure:
        r = self.result
        kinds = sorted(set(r.errors))
        return Figure(
            "P8",
            f"day's mix, {self.database}, {self.workers} worker(s): {self.clients} clients for "
            f"{r.seconds:.0f} s; p50 {r.percentile(50):.0f} ms, p95 {r.percentile(95):.0f} ms, "
            f"p99 {r.percentile(99):.0f} ms; {len(r.errors)} errors"
            + (f" ({'; '.join(kinds[:4])})" if kinds else ""),
            f"{r.per_second:.1f} requests/s",
            "reported; 0 errors",
            not r.errors and r.requests > 0,
        )


def day_mix(officer: Reader) -> list[Call]:
    """The mix, on London's records the bench keys name (devolution.bench.keys), read in
    the database in use. `officer` is the bench's secretariat officer, signed in."""
    meeting = bench_keys.meeting_key()
    reference = bench_keys.commitment().reference
    return [
        # The public.
        Call("home", reverse("partners:home"), PUBLIC, 3),
        Call("meetings", reverse("meetings:meeting-list"), PUBLIC, 2),
        Call("commitments", reverse("commitments:commitment-list"), PUBLIC, 2),
        Call("a public meeting", reverse("meetings:public-meeting", args=[meeting]), PUBLIC, 2),
        # Staff, signed in.
        Call("my actions", reverse("meetings:my-actions"), officer, 2),
        Call("the meeting", reverse("meetings:meeting-detail", args=[meeting]), officer, 2),
        Call("a commitment", reverse("commitments:commitment-detail", args=[reference]), officer),
        # The API.
        Call("API commitments", reverse("api:commitment_list"), PUBLIC, 2),
        Call("API meeting", reverse("api:meeting_get", kwargs={"key": meeting}), officer, 2),
        # Writes: progress, and the meeting being run.
        *staff_writes(officer, "the bench's load"),
        # The roll-call: the officer recorded present, for their own organisation, again
        # and again (a second entry replaces the first, as the secretariat corrects a roll).
        posted(
            "attendance",
            reverse("api:attendance_record", kwargs={"key": meeting}),
            officer,
            {
                "person_email": BENCH_SECRETARIAT,
                "organisation": SECRETARIAT_ORGANISATION,
                "kind": "present",
            },
            weight=1,
        ),
    ]


def load_runs(
    database: str,
    server_at: Callable[[int], Server],
    calls: list[Call],
    *,
    worker_counts: tuple[int, ...] = WORKER_COUNTS,
    clients: int = CLIENTS,
    seconds: float = SECONDS,
) -> list[LoadRun]:
    """The mix at each number of workers, each on a server of its own, stopped after."""
    runs = []
    for workers in worker_counts:
        server = server_at(workers)
        server.start()
        try:
            result = mix_run(server, f"day's mix at {workers}", calls, clients, seconds)
        finally:
            server.stop()
        runs.append(LoadRun(database, workers, clients, result))
    return runs


def scaling_figure(runs: list[LoadRun]) -> Figure:
    """How throughput grows with workers on one database: the most workers / one."""
    by_workers = {r.workers: r.result.per_second for r in runs}
    low, high = min(by_workers), max(by_workers)
    ratio = by_workers[high] / by_workers[low] if by_workers[low] else 0.0
    return Figure(
        "P8",
        f"day's mix, {runs[0].database}: {high} workers / {low} "
        + ", ".join(f"{w}: {v:.1f}/s" for w, v in sorted(by_workers.items())),
        f"{ratio:.2f}x",
        "reported; 0 errors",
        all(not r.result.errors and r.result.requests > 0 for r in runs),
    )
