"""Measuring: queries per page, the bench's own databases and the server P1 is timed on, and
the two sides of a ratio timed turn and turn about."""

import gc
import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from time import perf_counter_ns
from typing import Any

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.bench import BenchError
from devolution.bench.pages import Page
from devolution.core.models import Source
from devolution.partners.models import (
    Organisation,
    Place,
)
from devolution.partners.views import PAGE_SIZE
from devolution.settings.base import database_from_url

RUNS = 50
WARM_UP = 5
MAX_QUERIES = 15


def page_queries(client: Client, path: str) -> int:
    """The queries one request of the page makes, after a first visit has filled caches.

    The fewer of two requests: a signed-in session notes when it was last seen once a
    minute (core.middleware.LAST_SEEN_STEP), three queries of its own that one request
    in a minute pays, whatever the page; two requests in a row cannot both pay them."""
    page_get(client, path)
    counts = []
    for _ in range(2):
        # With DEBUG on, a full query log (9,000 entries) would make the capture read empty.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            page_get(client, path)
        counts.append(len(captured))
    return min(counts)


def page_get(client: Client, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} answered {response.status_code}")
    return response


@dataclass
class Site:
    """One of the bench's databases, with a client signed out, one signed in as a
    superuser and one signed in as the bench's secretariat officer."""

    path: Path
    anonymous: Client = field(default_factory=Client)
    staff: Client = field(default_factory=Client)
    secretariat: Client = field(default_factory=Client)
    paths: dict[str, str] = field(default_factory=dict)
    sizes: str = ""

    def use(self) -> None:
        """Point Django's connection at this database; connect and read its schema now,
        so neither lands inside a timing."""
        if connection.settings_dict["NAME"] != str(self.path):
            connection.close()
            connection.settings_dict.update(database_from_url(f"sqlite:///{self.path}"))
            # Each database's audit chain has its own checkpoint (ADR 2), not the real one's.
            settings.AUDIT_CHECKPOINT = self.path.with_suffix(".audit-checkpoint.json")
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")

    def timed(self, client: Client, path: str) -> Callable[[], int]:
        def probe() -> int:
            self.use()
            start = perf_counter_ns()
            response = client.get(path)
            elapsed = perf_counter_ns() - start
            if response.status_code != 200:
                page_get(client, path)  # raises, saying why
            return elapsed

        return probe

    def reader(self, page: Page) -> Client:
        """Who P3 times the page for: the public, or the secretariat for a staff page."""
        return self.secretariat if page.signed_in else self.anonymous

    def queries(self, page: str, *, signed_in: bool = False) -> int:
        self.use()
        return page_queries(self.secretariat if signed_in else self.staff, self.paths[page])


@dataclass
class Server:
    """`devolution runserver` on a free loopback port, serving `database` with the
    bench's own settings module and DEBUG, for P1.

    Each timed request opens its own connection and asks the server to close it after
    the response (`Connection: close`), so the time is that of one whole request as a
    client sees it, the same for both sides of the ratio. Not kept alive because
    runserver writes a response in several small writes without TCP_NODELAY: on a
    kept-alive connection each response then waits for the client's delayed
    acknowledgement (40 ms on Linux), and the ratio would time the kernel's timer, not
    the server.
    """

    database: Path
    log: Path
    host: str = "127.0.0.1"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "devolution.settings.local"
            ),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DEBUG": "true" if settings.DEBUG else "false",
            "ALLOWED_HOSTS": self.host,
        }
        command = [sys.executable, "-m", "devolution.cli", "runserver"]
        command += [f"{self.host}:{self.port}", "--noreload", "--skip-checks"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"the server for P1 stopped: {self._log_tail()}")
            try:
                self.get("/health")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(
                        f"the server for P1 did not answer in {timeout:.0f} s: {self._log_tail()}"
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:].strip() or "(no output)"
        except OSError:
            return "(no output)"

    def fetch(self, path: str) -> tuple[int, bytes]:
        """One request on a new connection: its time in ns, from connecting to the last
        byte of the body, and the body."""
        start = perf_counter_ns()
        client = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            client.request("GET", path, headers={"Connection": "close"})
            response = client.getresponse()
            body = response.read()
        finally:
            client.close()
        elapsed = perf_counter_ns() - start
        if response.status != 200 or not body:
            raise BenchError(f"{path} answered {response.status} over HTTP")
        return elapsed, body

    def get(self, path: str) -> int:
        return self.fetch(path)[0]

    def timed(self, path: str) -> Callable[[], int]:
        return lambda: self.get(path)


@contextmanager
def server_running(site: Site, folder: Path) -> Iterator[Server]:
    server = Server(site.path, folder / "server.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _raw_rows_sql() -> str:
    """The rows of the first page of organisations, with their source and the places they
    serve, in one join. The table names come from the models; the page size is bound."""
    organisation, source, place = (m._meta.db_table for m in (Organisation, Source, Place))
    serves = Organisation.serves.through._meta.db_table
    columns = "o.id, o.name, o.type, o.ods_code, o.gss_code, s.title, p.code, p.name"
    page = f"SELECT * FROM {organisation} ORDER BY name, id LIMIT %s"  # noqa: S608
    return (
        f"SELECT {columns} FROM ({page}) o JOIN {source} s ON s.id = o.source_id "  # noqa: S608
        f"LEFT JOIN {serves} os ON os.organisation_id = o.id "
        f"LEFT JOIN {place} p ON p.id = os.place_id ORDER BY o.name, o.id, p.name"
    )


def raw_rows(site: Site) -> Callable[[], int]:
    sql = _raw_rows_sql()

    def probe() -> int:
        site.use()
        start = perf_counter_ns()
        with connection.cursor() as cursor:
            cursor.execute(sql, [PAGE_SIZE])
            text = "\n".join("\t".join(map(str, row)) for row in cursor.fetchall())
        elapsed = perf_counter_ns() - start
        if not text:
            raise BenchError("the raw SQL found no organisations")
        return elapsed

    return probe


def side_by_side(
    a: Callable[[], int], b: Callable[[], int], runs: int = RUNS
) -> tuple[float, float]:
    """Median milliseconds of a and of b, measured turn and turn about after a warm-up."""
    for _ in range(WARM_UP):
        a()
        b()
    gc.collect()
    times_a: list[int] = []
    times_b: list[int] = []
    for i in range(runs):
        if i % 2:
            times_b.append(b())
            times_a.append(a())
        else:
            times_a.append(a())
            times_b.append(b())
    return median(times_a) / 1e6, median(times_b) / 1e6
