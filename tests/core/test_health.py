"""The load balancer's probes (core.health): /healthz answers without the database,
/readyz says whether the database, the migrations, the task queue and a shared cache are
ready, naming each, with 503 when one is not; both open to anyone, over plain HTTP."""

import socket
import threading

import pytest
from django.db import DatabaseError
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django_tasks_db.models import DBTaskResult

from devolution.core import health

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": health.DATABASE_QUEUE, "QUEUES": ["default"]}}
RQ_QUEUE = {"default": {"BACKEND": health.RQ_QUEUE, "QUEUES": ["default"]}}
NOTHING_LISTENS = "redis://:a-password@127.0.0.1:8619/0"


@pytest.fixture(autouse=True)
def migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_all_migrated", False)


def _ready(client: Client) -> tuple[int, dict]:
    response = client.get("/readyz")
    return response.status_code, response.json()


def test_healthz_answers_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_each_check_when_ready(client, settings):
    settings.TASKS = DATABASE_QUEUE
    status, body = _ready(client)
    assert status == 200
    assert body == {
        "status": "ready",
        "checks": {
            "database": {"ok": True, "detail": "reachable"},
            "migrations": {"ok": True, "detail": "all applied"},
            "queue": {"ok": True, "detail": "the database queue answers"},
            "cache": {"ok": True, "detail": "kept in each process"},
        },
    }


def test_readyz_is_503_while_a_migration_is_unapplied(client, monkeypatch):
    unapplied = [(object(), False)]
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: unapplied)
    status, body = _ready(client)
    assert status == 503
    assert body["status"] == "not ready"
    assert body["checks"]["migrations"] == {
        "ok": False,
        "detail": "1 not applied: run `devolution migrate`",
    }
    assert body["checks"]["database"]["ok"] is True


def test_readyz_reads_the_migrations_only_until_they_are_all_applied(
    client, settings, monkeypatch, django_assert_num_queries
):
    settings.TASKS = DATABASE_QUEUE
    assert _ready(client)[0] == 200

    def never_again(self, targets):
        raise AssertionError("the migrations were read again")

    monkeypatch.setattr(MigrationExecutor, "migration_plan", never_again)
    with django_assert_num_queries(2):  # SELECT 1, and one row of the queue's table
        assert _ready(client)[0] == 200


def test_readyz_is_503_when_the_database_queue_does_not_answer(client, settings, monkeypatch):
    settings.TASKS = DATABASE_QUEUE

    def broken(*args, **kwargs):
        raise DatabaseError('relation "django_tasks_database_dbtaskresult" does not exist')

    monkeypatch.setattr(DBTaskResult.objects, "order_by", broken)
    status, body = _ready(client)
    assert status == 503
    assert body["checks"]["queue"] == {
        "ok": False,
        "detail": "the queue's table does not answer (DatabaseError)",
    }


def test_readyz_is_503_when_redis_does_not_answer_and_gives_away_no_address(client, settings):
    settings.TASKS = RQ_QUEUE
    settings.RQ_QUEUES = {"default": {"URL": NOTHING_LISTENS}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == {
        "ok": False,
        "detail": "Redis does not answer PING (ConnectionError)",
    }
    assert b"8619" not in response.content and b"password" not in response.content


@pytest.fixture
def redis_that_answers_ping():
    """A server speaking just enough of Redis's protocol to answer PING with PONG."""
    server = socket.create_server(("127.0.0.1", 8618))
    server.settimeout(5)

    def answer():
        connection, _ = server.accept()
        with connection:
            while data := connection.recv(4096):
                # Each command is an array ("*<count>"): the client's greeting (HELLO, in
                # protocol 3) is answered with the protocol, PING with PONG, others OK.
                for command in data.split(b"*")[1:]:
                    if b"HELLO" in command:
                        connection.sendall(b"%1\r\n$5\r\nproto\r\n:3\r\n")
                    else:
                        connection.sendall(b"+PONG\r\n" if b"PING" in command else b"+OK\r\n")

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield "redis://127.0.0.1:8618/0"
    server.close()
    thread.join(timeout=5)


def test_readyz_is_200_when_redis_answers_ping(client, settings, redis_that_answers_ping):
    settings.TASKS = RQ_QUEUE
    settings.RQ_QUEUES = {"default": {"URL": redis_that_answers_ping}}
    status, body = _ready(client)
    assert (status, body["checks"]["queue"]) == (200, {"ok": True, "detail": "Redis answers PING"})


def _redis_caches(url: str) -> dict:
    return {
        name: {"BACKEND": health.REDIS_CACHE, "LOCATION": url, "KEY_PREFIX": name}
        for name in ("default", "data")
    }


def test_readyz_is_503_when_the_shared_cache_does_not_answer(client, settings):
    """With the caches in Redis (REDIS_URL), a Redis that does not answer is named, without
    its address, though the database and the queue are ready."""
    settings.TASKS = DATABASE_QUEUE
    settings.CACHES = _redis_caches(NOTHING_LISTENS)
    status, body = _ready(client)
    assert status == 503
    assert body["checks"]["cache"] == {
        "ok": False,
        "detail": "Redis does not answer PING (ConnectionError)",
    }
    assert body["checks"]["queue"]["ok"] and body["checks"]["database"]["ok"]
    assert "8619" not in str(body) and "password" not in str(body)


def test_readyz_is_200_when_the_shared_cache_answers(client, settings, redis_that_answers_ping):
    settings.TASKS = DATABASE_QUEUE
    settings.CACHES = _redis_caches(redis_that_answers_ping)
    status, body = _ready(client)
    assert (status, body["checks"]["cache"]) == (200, {"ok": True, "detail": "Redis answers PING"})


def test_the_probes_are_answered_before_the_second_factor(settings, django_user_model):
    settings.REQUIRE_SECOND_FACTOR = True
    client = Client()
    client.force_login(django_user_model.objects.create_user("probe@example.org", "x" * 16))
    assert client.get("/places/").status_code == 302  # everything else asks for it
    for path in ("/healthz", "/readyz", "/health"):
        assert client.get(path).status_code == 200, path


def test_the_probes_are_answered_over_plain_http_where_pages_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/places/").status_code == 301
    for path in ("/healthz", "/readyz", "/health"):
        assert client.get(path).status_code == 200, path


def test_the_probes_are_never_throttled(client, settings):
    settings.THROTTLE_RATES = {"anon": "1/min", "auth": "1/min"}
    settings.THROTTLED_PAGES = [*settings.THROTTLED_PAGES, "healthz", "readyz"]
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_readyz_is_503_not_500_when_the_queue_has_no_address(client, settings):
    settings.TASKS = RQ_QUEUE
    settings.RQ_QUEUES = {"default": {}}
    status, body = _ready(client)
    assert (status, body["checks"]["queue"]["ok"]) == (503, False)
