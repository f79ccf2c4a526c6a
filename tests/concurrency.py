"""Real concurrency: many threads, each with its own database connection, at once.

The usual test runs inside a transaction that is rolled back, which threads cannot see,
and the audit table refuses the DELETE a flush would need. So `concurrent_db` gives each
test a fresh, committed copy of the London test database: an SQLite file in WAL mode
(copied with SQLite's backup API) or a PostgreSQL database made from a template. Threads
started by it connect to that copy; the test's own connection stays where it was.

    def test_one_decision_wins(concurrent_db):
        item_id = concurrent_db.setup(make_scenario)
        outcomes = concurrent_db.at_once(20, lambda i: decide(item_id))
        assert concurrent_db.read(lambda: Decision.objects.count()) == 1
"""

import itertools
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import connection, connections

T = TypeVar("T")
_made = itertools.count(1)


def _in_thread(fn: Callable[[], T]) -> T:
    """Run fn in a new thread (so on a new connection) and give back what it returned."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed back to the caller, who decides
            outcome["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class ConcurrentDatabase:
    """A committed copy of the test database that threads share."""

    def setup(self, fn: Callable[[], T]) -> T:
        """Prepare the scenario (committed, as a request would leave it)."""
        return _in_thread(fn)

    read = setup

    def at_once(self, n: int, fn: Callable[[int], T], timeout: float = 60) -> list[Any]:
        """Run fn(0) ... fn(n - 1) in n threads released together. Each outcome is what
        the call returned or the exception it raised, in the order of i."""
        barrier = threading.Barrier(n, timeout=timeout)
        outcomes: list[Any] = [None] * n

        def run(i: int) -> None:
            try:
                connection.ensure_connection()
                barrier.wait()
                outcomes[i] = fn(i)
            except BaseException as exc:
                outcomes[i] = exc
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        return outcomes


def _postgres(sql: str, settings: dict[str, Any]) -> None:
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
        autocommit=True,
    ) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def _concurrent_template(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The London test database as committed, copied once per test process."""
    with django_db_blocker.unblock():
        settings = dict(connection.settings_dict)
        if connection.vendor == "sqlite":
            folder = tempfile.mkdtemp(prefix="devolution-concurrent-")
            template = os.path.join(folder, "template.sqlite3")

            def copy() -> None:
                # In a thread of its own: this process's main thread may be inside a
                # browser test's event loop, where Django refuses database calls.
                connection.ensure_connection()
                target = sqlite3.connect(template)
                connection.connection.backup(target)
                target.close()

            _in_thread(copy)
            yield template
            shutil.rmtree(folder, ignore_errors=True)
        else:
            template = f"{settings['NAME']}_concurrent"
            connections.close_all()
            _postgres(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)', settings)
            _postgres(f'CREATE DATABASE "{template}" TEMPLATE "{settings["NAME"]}"', settings)
            yield template
            _postgres(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)', settings)


@pytest.fixture
def concurrent_db(
    _concurrent_template: str, django_db_blocker: Any
) -> Iterator[ConcurrentDatabase]:
    """A fresh committed copy of the London test database for this test's threads."""
    original = connections.settings["default"]
    n = next(_made)
    if connection.vendor == "sqlite":
        name = f"{_concurrent_template[: -len('template.sqlite3')]}copy-{n}.sqlite3"
        shutil.copyfile(_concurrent_template, name)
    else:
        name = f"{_concurrent_template}_{os.getpid()}_{n}"
        _postgres(f'CREATE DATABASE "{name}" TEMPLATE "{_concurrent_template}"', original)
    connections.settings["default"] = {**original, "NAME": name}
    try:
        with django_db_blocker.unblock():
            yield ConcurrentDatabase()
    finally:
        connections.settings["default"] = original
        if original["ENGINE"].endswith("sqlite3"):
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(name + suffix):
                    os.remove(name + suffix)
        else:
            _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', original)
