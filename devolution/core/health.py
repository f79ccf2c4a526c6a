"""The load balancer's probes: /healthz (is the process answering?) and /readyz (can it
serve: the database reachable, every migration applied, the task queue reachable, and the
shared cache reachable where there is one?).

Both are open to anyone, over plain HTTP, never throttled (the middleware exempts the
names in PROBES), and cheap: /healthz touches nothing; /readyz asks the database one
trivial question, the queue one and a shared cache one, and reads the migrations only
until they have once been found all applied (a process's code does not change under
it). Their bodies name each check, never a secret (no address, no password, no error
text from a driver).
"""

from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# The probes' route names: the bench's /health, /healthz and /readyz.
PROBES = ("health", "healthz", "readyz")

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"
RQ_QUEUE = "django_tasks_rq.RQBackend"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"

Check = tuple[bool, str]

# Set once every migration has been found applied; never unset within a process.
_all_migrated = False


def database_check() -> Check:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return False, f"unreachable ({type(error).__name__})"
    return True, "reachable"


def migrations_check() -> Check:
    global _all_migrated
    if _all_migrated:
        return True, "all applied"
    try:
        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return False, f"could not be read ({type(error).__name__})"
    if plan:
        return False, f"{len(plan)} not applied: run `devolution migrate`"
    _all_migrated = True
    return True, "all applied"


def _database_queue_check() -> Check:
    from django_tasks_db.models import DBTaskResult

    try:
        list(DBTaskResult.objects.order_by().values_list("pk", flat=True)[:1])
    except DatabaseError as error:
        return False, f"the queue's table does not answer ({type(error).__name__})"
    return True, "the database queue answers"


def _redis_ping(url: str) -> Check:
    """Whether the Redis at `url` answers PING within a second; never its address."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    # Whatever fails (no address, a refusal, a timeout, something else answering), it is
    # not ready.
    except Exception as error:
        return False, f"Redis does not answer PING ({type(error).__name__})"
    return True, "Redis answers PING"


def _rq_queue_check() -> Check:
    return _redis_ping(settings.RQ_QUEUES.get("default", {}).get("URL", ""))


def queue_check() -> Check:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend == DATABASE_QUEUE:
        return _database_queue_check()
    if backend == RQ_QUEUE:
        return _rq_queue_check()
    return True, "tasks run in the process that enqueues them"


def cache_check() -> Check:
    """The caches the processes share (Redis, with REDIS_URL: the throttles' counts, the
    sessions read through it): each server answers. A cache each process keeps for itself
    has nothing to reach."""
    servers: list[str] = []
    for cache in settings.CACHES.values():
        if cache["BACKEND"] == REDIS_CACHE:
            location = cache["LOCATION"]
            for url in [location] if isinstance(location, str) else location:
                if url not in servers:
                    servers.append(url)
    if not servers:
        return True, "kept in each process"
    for url in servers:
        ok, detail = _redis_ping(url)
        if not ok:
            return False, detail
    return True, "Redis answers PING"


READINESS: dict[str, Callable[[], Check]] = {
    "database": database_check,
    "migrations": migrations_check,
    "queue": queue_check,
    "cache": cache_check,
}


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Nothing else is asked, the database least of all,
    so a database outage never has every server restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every check passes, 503 naming the one that does not."""
    checks = {}
    for name, check in READINESS.items():
        ok, detail = check()
        checks[name] = {"ok": ok, "detail": detail}
    ready = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
