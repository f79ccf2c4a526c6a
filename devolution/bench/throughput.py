"""P8: throughput through gunicorn on England's database, under CLIENTS concurrent clients,
for a read mix and a write mix of SECONDS each: requests a second, p50 and p95, errors.

Each client is a thread asking one request after another on a new connection, choosing
each by weight from the mix (its own seeded random, so two runs ask alike). An error is
any answer but the one the call expects (200 for a read, 201 for a write), or none; one
error fails P8. The write mix posts as the bench's secretariat officer, through the JSON
API with the session's CSRF token, what staff post most: a commitment's progress update
and an action of an agenda item.
"""

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass
from statistics import quantiles

from devolution.bench.figures import Figure
from devolution.bench.server import Reader, Server

CLIENTS = 20
SECONDS = 10.0


@dataclass(frozen=True)
class Call:
    """One request of a mix: `weight` says how often it is chosen."""

    name: str
    path: str
    reader: Reader
    weight: int = 1
    body: bytes | None = None
    expected: int = 200

    @property
    def method(self) -> str:
        return "GET" if self.body is None else "POST"


def posted(name: str, path: str, reader: Reader, payload: dict[str, str], weight: int) -> Call:
    return Call(name, path, reader, weight, json.dumps(payload).encode(), expected=201)


def staff_writes(officer: Reader, by: str) -> list[Call]:
    """What staff post most, through the JSON API as the bench's secretariat officer, on
    the records the bench keys name: a commitment's progress update (twice as often) and
    an action of an agenda item. `by` says what posted them ("the bench")."""
    from django.urls import reverse

    from devolution.bench import keys as bench_keys
    from devolution.bench.england_meetings import SECRETARIAT_ORGANISATION

    meeting, item = bench_keys.meeting_key(), bench_keys.item().key
    reference = bench_keys.commitment().reference
    return [
        posted(
            "a progress update",
            reverse("api:commitment_post_update", kwargs={"reference": reference}),
            officer,
            {"progress_to_date": f"Progress made (synthetic: posted by {by})."},
            weight=2,
        ),
        posted(
            "an action",
            reverse("api:action_create", kwargs={"key": meeting, "item": item}),
            officer,
            {
                "text": f"An action (synthetic: recorded by {by}).",
                "organisation": SECRETARIAT_ORGANISATION,
            },
            weight=1,
        ),
    ]


@dataclass
class MixResult:
    name: str
    requests: int
    seconds: float
    times_ms: list[float]
    errors: list[str]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        if len(self.times_ms) < 2:
            return self.times_ms[0] if self.times_ms else 0.0
        return quantiles(self.times_ms, n=100)[p - 1]

    def figure(self) -> Figure:
        kinds = sorted(set(self.errors))
        return Figure(
            "P8",
            f"{self.name}: {CLIENTS} clients for {self.seconds:.0f} s through gunicorn, "
            f"England; p50 {self.percentile(50):.0f} ms, p95 {self.percentile(95):.0f} ms; "
            f"{len(self.errors)} errors"
            + (f" ({'; '.join(kinds[:4])}{'...' if len(kinds) > 4 else ''})" if kinds else ""),
            f"{self.per_second:.1f} requests/s",
            "reported; 0 errors",
            not self.errors and self.requests > 0,
        )


def mix_run(
    server: Server, name: str, calls: list[Call], clients: int = CLIENTS, seconds: float = SECONDS
) -> MixResult:
    lock = threading.Lock()
    times: list[float] = []
    errors: list[str] = []
    weights = [c.weight for c in calls]
    deadline = time.monotonic() + seconds

    def client(seed: int) -> None:
        chooser = random.Random(seed)  # noqa: S311 - a mix, not a secret
        while time.monotonic() < deadline:
            call = chooser.choices(calls, weights)[0]
            try:
                answer = server.fetch(call.path, call.reader, method=call.method, body=call.body)
                problem = "" if answer.status == call.expected else f"{call.name} {answer.status}"
                elapsed = answer.elapsed_ns / 1e6
            except (OSError, http.client.HTTPException) as exc:
                problem, elapsed = f"{call.name} no answer ({type(exc).__name__})", 0.0
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    times.append(elapsed)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return MixResult(name, len(times) + len(errors), time.monotonic() - started, times, errors)
