"""Measuring: the bench's own databases and who reads them, queries per request, a page's
rows by raw SQL, and several probes timed turn and turn about."""

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from time import perf_counter_ns
from typing import Any

from django.conf import settings
from django.db import connection, reset_queries
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from devolution.bench import BenchError
from devolution.bench.server import PUBLIC, Reader
from devolution.core.models import User
from devolution.settings.base import database_from_url

# Enough runs that a median of a route answering in two milliseconds is steady to a tenth
# of one on a shared machine: P3's bar of 1.3x is half a millisecond at that speed.
RUNS = 21
WARM_UP = 3
MAX_QUERIES = 15
# A request slower than this is timed fewer times (SLOW_RUNS): a document that takes
# seconds says what it needs to in three runs, and the bench keeps to a few minutes.
SLOW_NS = 1_000_000_000
SLOW_RUNS = 3


@dataclass
class Signed:
    """A person signed in, with their second factor given: a test client for requests in
    process, and the same session as a Reader for requests over HTTP."""

    client: Client
    reader: Reader


def sign_in(user: User, name: str) -> Signed:
    """A session for `user` in the database in use, as signing in with a password and then
    a code would leave it: Django's login (the session's clocks started by
    core.middleware), and django-otp's record of the device the code came from
    (DEVICE_ID_SESSION_KEY, a confirmed TOTP device of theirs), which is what
    REQUIRE_SECOND_FACTOR asks of every request. A CSRF token of the bench's own goes
    with it for what it sends over HTTP."""
    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="Bench (synthetic)", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return Signed(client, Reader(name, session.session_key or "", get_random_string(32)))


@dataclass
class Site:
    """One of the bench's databases, with who reads it: the public, the bench's
    secretariat officer (staff pages), and a superuser (the Django admin, for P5)."""

    path: Path
    anonymous: Client = field(default_factory=Client)
    secretariat: Signed | None = None
    staff: Signed | None = None
    sizes: str = ""

    @property
    def checkpoint(self) -> Path:
        # Each database's audit chain has its own checkpoint (ADR 2), not the real one's.
        return self.path.with_suffix(".audit-checkpoint.json")

    def use(self) -> None:
        """Point Django's connection at this database; connect and read its schema now,
        so neither lands inside a timing."""
        if connection.settings_dict["NAME"] != str(self.path):
            connection.close()
            connection.settings_dict.update(database_from_url(f"sqlite:///{self.path}"))
            settings.AUDIT_CHECKPOINT = self.checkpoint
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")

    def client(self, staff: bool) -> Client:
        if staff:
            assert self.secretariat is not None
            return self.secretariat.client
        return self.anonymous

    def reader(self, staff: bool) -> Reader:
        if staff:
            assert self.secretariat is not None
            return self.secretariat.reader
        return PUBLIC


def page_get(client: Client, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"answered {response.status_code}")
    return response


def page_queries(client: Client, path: str, *, signed_in: bool = True) -> int:
    """The queries one request of the page makes, after a first visit has filled caches.

    Signed in, the fewer of two requests: a signed-in session notes when it was last seen
    once a minute (core.middleware.LAST_SEEN_STEP), three queries of its own that one
    request in a minute pays, whatever the page; two requests in a row cannot both pay
    them. The public never pays them, and a page slower than SLOW_NS is counted once."""
    start = perf_counter_ns()
    page_get(client, path)
    slow = perf_counter_ns() - start > SLOW_NS
    counts = []
    for _ in range(2 if signed_in and not slow else 1):
        # With DEBUG on, a full query log (9,000 entries) would make the capture read empty.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            page_get(client, path)
        counts.append(len(captured))
    return min(counts)


def raw_rows(site: Site, rows: QuerySet[Any]) -> Callable[[], int]:
    """The time of the page's rows fetched by the queryset's own SQL and joined into a
    string, in ns."""
    sql, params = rows.query.sql_with_params()

    def probe() -> int:
        site.use()
        start = perf_counter_ns()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            text = "\n".join("\t".join(map(str, row)) for row in cursor.fetchall())
        elapsed = perf_counter_ns() - start
        if not text:
            raise BenchError("the bench's data has no rows for this list, so no P2")
        return elapsed

    return probe


def in_process(site: Site, client: Client, path: str) -> Callable[[], int]:
    """The time of one request in process, in ns; BenchError unless it answers 200."""

    def probe() -> int:
        site.use()
        start = perf_counter_ns()
        response = client.get(path)
        elapsed = perf_counter_ns() - start
        if response.status_code != 200:
            raise BenchError(f"{path} answered {response.status_code} in process")
        return elapsed

    return probe


def interleaved(probes: list[Callable[[], int]], runs: int = RUNS) -> list[float]:
    """Median milliseconds of each probe, measured turn and turn about after a warm-up,
    each run starting one further along, so a drift of the machine's speed falls on all
    alike. A probe slower than SLOW_NS ends the warm-up and cuts the runs to SLOW_RUNS."""
    for _ in range(WARM_UP):
        slowest = max(probe() for probe in probes)
        if slowest > SLOW_NS:
            runs = min(runs, SLOW_RUNS)
            break
    gc.collect()
    times: list[list[int]] = [[] for _ in probes]
    for i in range(runs):
        for j in range(len(probes)):
            k = (i + j) % len(probes)
            times[k].append(probes[k]())
    return [median(t) / 1e6 for t in times]
