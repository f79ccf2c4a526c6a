"""Several machines (ADR 27), for real: four gunicorn workers on one PostgreSQL database and
one Redis, as the processes of a deployment of several machines share them, and clients
asking at once. Nothing is lost, no fund is over-allocated, a session made by one worker
is honoured by every other, and a lock-out counted by several locks the account on all.

Each request opens its own connection, so the workers take them in turn; gunicorn's access
log names the worker (its process id) that answered each request, by a probe header.

Runs only where DATABASE_URL names PostgreSQL and a Redis answers (REDIS_TEST_URL, by
default database 5 of the Redis on this machine, emptied first).
"""

import json
import os
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connections
from django.urls import reverse
from django.utils.crypto import get_random_string
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from devolution.bench.server import CSRF_COOKIE, PUBLIC, SESSION_COOKIE, Answer, Reader, Server
from devolution.commitments.models import Commitment, ProgressUpdate
from devolution.core.models import User
from devolution.funding.models import Allocation
from devolution.meetings.models import Action, AgendaItem
from tests.conftest import PASSWORD
from tests.funding.test_allocations_concurrency import (
    AMOUNT,
    ASK,
    BIDS,
    SECRETARIAT,
    _category,
    _scenario,
)

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/5")
WORKERS = 4
AT_ONCE = 20
FAILURES = settings.AXES_FAILURE_LIMIT


def _redis() -> Any:
    """The test's Redis, or None when none answers."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1)
        client.ping()
    except Exception:
        return None
    return client


def _why_skipped() -> str:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql")):
        return "several machines share a PostgreSQL database: DATABASE_URL names none"
    if _redis() is None:
        return f"several machines share a Redis: none answers at {REDIS_TEST_URL}"
    return ""


pytestmark = [
    pytest.mark.skipif(bool(_why_skipped()), reason=_why_skipped() or "-"),
    pytest.mark.xdist_group("several-machines"),
]


def _database_url(database: dict[str, Any]) -> str:
    user = urllib.parse.quote(database.get("USER") or "")
    password = urllib.parse.quote(database.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{database['NAME']}"


def _setting_up() -> dict[str, Any]:
    """The allocation test's scenario (fifty bids, each on its own SPB meeting's agenda,
    from a category of £1,000,000), the secretariat officer's authenticator app, and a
    commitment to post updates to."""
    items = _scenario()
    officer = User.objects.get(email=SECRETARIAT)
    officer.full_name = "Sadia Shared-Session"
    # Hashed as production hashes (the tests' own hasher is not among production's).
    argon2 = Argon2PasswordHasher()
    officer.password = argon2.encode(PASSWORD, argon2.salt())
    officer.save(update_fields=["full_name", "password"])
    device = TOTPDevice.objects.create(user=officer, name="Test app", confirmed=True)
    agenda = AgendaItem.objects.select_related("meeting").filter(pk__in=items)
    keys = {i.pk: (i.meeting.key, i.key) for i in agenda}
    commitment = Commitment.objects.order_by("pk").first()
    assert commitment is not None
    return {
        "items": [keys[pk] for pk in items],
        "device_key": device.bin_key.hex(),
        "commitment": commitment.reference,
    }


@pytest.fixture
def shared(concurrent_db: Any, tmp_path: Path) -> Iterator[tuple[Server, Any, dict[str, Any]]]:
    """Four workers serving a committed copy of the test database, sharing Redis."""
    redis = _redis()
    redis.flushdb()
    scenario = concurrent_db.setup(_setting_up)
    server = Server(
        tmp_path / "several",
        tmp_path,
        tmp_path / "checkpoint.json",
        workers=WORKERS,
        database_url=_database_url(connections.settings["default"]),
        redis_url=REDIS_TEST_URL,
        # One proxy in front: the lock-out's failures come from addresses of their own.
        environ={"TRUSTED_PROXY_COUNT": "1", "TASKS_BACKEND": "immediate"},
        arguments=(
            "--access-logfile",
            str(tmp_path / "access.log"),
            "--access-logformat",
            "%(p)s %({x-probe}i)s %(s)s",
        ),
    )
    server.start()
    try:
        yield server, concurrent_db, scenario
    finally:
        server.stop()
        redis.flushdb()


class Probes:
    """Which worker answered which request: each request carries a probe id, which the
    access log writes beside the worker's process id."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._n = 0
        self._lock = threading.Lock()

    def fetch(self, path: str, reader: Reader, **options: Any) -> tuple[str, Answer]:
        with self._lock:
            self._n += 1
            probe = f"probe-{self._n}"
        headers = {
            "X-Probe": probe,
            "X-Forwarded-For": options.pop("address", "10.0.0.1"),
            **options.pop("headers", {}),
        }
        return probe, self.server.fetch(path, reader, headers=headers, **options)

    def workers(self, probes: list[str]) -> set[str]:
        """The process ids of the workers that answered these probes."""
        wanted, found = set(probes), {}
        log = self.server.folder / "access.log"
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for line in log.read_text().splitlines():
                pid, probe, _ = line.split(" ", 2)
                found[probe] = pid
            if wanted <= found.keys():
                break
            time.sleep(0.1)
        assert wanted <= found.keys(), "the access log misses some requests"
        return {found[p] for p in wanted}


def at_once(n: int, call: Callable[[int], Any]) -> list[Any]:
    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(call, range(n)))


def signing_in(probes: Probes, device_key: str, address: str = "10.0.0.1") -> Reader:
    """Sign in over HTTP as a person does: password, then a code from their app."""
    csrf = get_random_string(32)
    _, answer = password_posted(probes, PASSWORD, csrf, address)
    return _second_factor(probes, answer, csrf, device_key, address)


def password_posted(probes: Probes, password: str, csrf: str, address: str) -> tuple[str, Answer]:
    """The sign-in form posted with the officer's e-mail and `password`, from `address`."""
    form = urllib.parse.urlencode(
        {"email": SECRETARIAT, "password": password, "csrfmiddlewaretoken": csrf}
    ).encode()
    return probes.fetch(
        "/sign-in/",
        Reader("anonymous", "", csrf),
        method="POST",
        body=form,
        content_type="application/x-www-form-urlencoded",
        address=address,
        headers={"Cookie": f"{CSRF_COOKIE}={csrf}"},
    )


def _second_factor(
    probes: Probes, answer: Answer, csrf: str, device_key: str, address: str
) -> Reader:
    assert answer.status == 302 and answer.location.endswith("/sign-in/code/"), answer.body[:300]
    password_only = Reader("password only", answer.cookies[SESSION_COOKIE], csrf)
    code = f"{totp(bytes.fromhex(device_key)):06d}"
    form = urllib.parse.urlencode({"code": code, "csrfmiddlewaretoken": csrf}).encode()
    _, answer = probes.fetch(
        "/sign-in/code/",
        password_only,
        method="POST",
        body=form,
        content_type="application/x-www-form-urlencoded",
        address=address,
    )
    assert answer.status == 302, answer.body[:300]
    return Reader("secretariat", answer.cookies[SESSION_COOKIE], csrf)


def test_several_workers_share_sessions_lose_nothing_never_over_allocate_and_lock_out(shared):
    server, database, scenario = shared
    probes = Probes(server)
    officer = signing_in(probes, scenario["device_key"])

    # A session made by one worker is honoured by every other.
    asked = at_once(
        AT_ONCE * 2,
        lambda _: probes.fetch(reverse("meetings:my-actions"), officer, address="10.0.0.2"),
    )
    assert all(a.status == 200 for _, a in asked), {a.status for _, a in asked}
    assert all(b"Sadia Shared-Session" in a.body for _, a in asked)
    answered_by = probes.workers([p for p, _ in asked])
    assert len(answered_by) >= 2, f"every request went to one worker: {answered_by}"

    # N progress updates and N actions at once: every one is kept.
    reference = scenario["commitment"]
    before = database.read(
        lambda: ProgressUpdate.objects.filter(commitment__reference=reference).count()
    )

    def update(i: int) -> tuple[str, Answer]:
        body = json.dumps({"progress_to_date": f"Update {i} (several workers)"}).encode()
        return probes.fetch(
            f"/api/commitments/{reference}/updates", officer, method="POST", body=body
        )

    updated = at_once(AT_ONCE, update)
    assert [a.status for _, a in updated] == [201] * AT_ONCE, updated[0][1].body[:300]
    texts = database.read(
        lambda: set(
            ProgressUpdate.objects.filter(commitment__reference=reference).values_list(
                "progress_to_date", flat=True
            )
        )
    )
    assert {f"Update {i} (several workers)" for i in range(AT_ONCE)} <= texts
    assert (
        database.read(
            lambda: ProgressUpdate.objects.filter(commitment__reference=reference).count()
        )
        == before + AT_ONCE
    )
    meeting, item = scenario["items"][0]

    def act(i: int) -> tuple[str, Answer]:
        body = json.dumps({"text": f"Action {i}", "organisation": "london-councils"}).encode()
        return probes.fetch(
            f"/api/meetings/{meeting}/items/{item}/actions", officer, method="POST", body=body
        )

    acted = at_once(AT_ONCE, act)
    assert [a.status for _, a in acted] == [201] * AT_ONCE, acted[0][1].body[:300]
    numbers = sorted(json.loads(a.body)["number"] for _, a in acted)
    assert numbers == list(range(1, AT_ONCE + 1))
    assert (
        database.read(
            lambda: Action.objects.filter(item__key=item, item__meeting__key=meeting).count()
        )
        == AT_ONCE
    )
    assert len(probes.workers([p for p, _ in updated + acted])) >= 2

    # Fifty decisions allocating £30,000 each from £1,000,000, at once, over HTTP.
    def decide(i: int) -> tuple[str, Answer]:
        meeting, item = scenario["items"][i]
        body = json.dumps({"outcome": "agreed", "decision_kind": "allocate_funding"}).encode()
        return probes.fetch(
            f"/api/meetings/{meeting}/items/{item}/decision", officer, method="POST", body=body
        )

    decided = at_once(BIDS, decide)
    statuses = [a.status for _, a in decided]
    assert statuses.count(201) == AMOUNT // ASK == 33, sorted(set(statuses))
    refused = [json.loads(a.body) for _, a in decided if a.status != 201]
    assert len(refused) == BIDS - 33
    assert all("more than is left" in json.dumps(r) for r in refused), refused[0]
    assert len(probes.workers([p for p, _ in decided])) >= 2

    def totals() -> tuple[int, int | None, int]:
        category = _category()
        allocated = Allocation.objects.filter(category_year=category, status="allocated")
        return category.allocated, category.amount, sum(allocated.values_list("amount", flat=True))

    allocated, amount, summed = database.read(totals)
    assert allocated == summed == 33 * ASK and amount is not None and allocated <= amount

    # The public list of meetings, asked of every worker: what it computes from the data
    # is kept where every worker finds it.
    listed = at_once(AT_ONCE, lambda _: probes.fetch(reverse("meetings:meeting-list"), PUBLIC))
    assert all(a.status == 200 for _, a in listed)

    # What the workers keep for one another is in Redis: the throttles' counts and the
    # sessions (the "default" cache), what is computed from the data (the "data" cache).
    kept = {k.decode().split(":", 1)[0] for k in _redis().scan_iter(count=1000)}
    assert {"devolution-default", "devolution-data"} <= kept, kept

    # Last, as it locks the officer out: a lock-out counted on several workers.
    failed_sign_ins_lock_the_account_on_every_worker(probes)


def failed_sign_ins_lock_the_account_on_every_worker(probes: Probes) -> None:
    """Five failures, each answered by whichever worker took it, lock the account for
    all: the count is the database's (django-axes' database handler), not a worker's."""
    csrf = get_random_string(32)

    def sign_in(password: str, address: str) -> tuple[str, Answer]:
        return password_posted(probes, password, csrf, address)

    # Each failure from an address of its own: only the account's count can lock it.
    failed = at_once(FAILURES, lambda i: sign_in("not the password", f"10.1.0.{i + 1}"))
    assert all(a.status in (400, 429) for _, a in failed), [a.status for _, a in failed]
    assert len(probes.workers([p for p, _ in failed])) >= 2

    # The right password, from new addresses, on every worker: refused, locked out.
    tried = at_once(AT_ONCE, lambda i: sign_in(PASSWORD, f"10.2.0.{i + 1}"))
    assert [a.status for _, a in tried] == [429] * AT_ONCE
    assert all(b"locked" in a.body.lower() or b"too many" in a.body.lower() for _, a in tried)
    assert all(SESSION_COOKIE not in a.cookies for _, a in tried)
    assert len(probes.workers([p for p, _ in tried])) >= 2
