"""The server the bench times: gunicorn, as the site runs for its users, one per database.

Production's settings (devolution.settings.bench: production's, with uploads kept in the
bench's folder) with DEBUG off, the same SECRET_KEY and AUDIT_KEY as the bench process
(so the sessions it makes are the server's, and the audit chain it extends is one chain),
and `--workers` from the cores. Three things come from the environment as production
reads them: SECURE_SSL_REDIRECT=false, because the bench speaks plain HTTP on the
loopback, not through a TLS proxy; and THROTTLE_RATE_ANON and THROTTLE_RATE_AUTH set so
high they are never reached, so that the throttles still count every request, as they do
in production, but the bench's thousands of requests a minute are answered with the page,
not 429.

Each timed request opens its own connection and asks for it to be closed after the
response (`Connection: close`): that is what gunicorn's sync workers do with every
request anyway (they force the connection closed, keep-alive being left to a proxy in
front), so the time is that of one whole request as a client sees it, from connecting to
the last byte of the body. gunicorn sets TCP_NODELAY on its socket, so no response waits
on the client's delayed acknowledgement.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from time import perf_counter_ns

from django.conf import settings

from devolution.bench import BenchError

# The cookies production names (devolution.settings.production); the bench sends them
# itself, so their Secure flag, which a browser honours, does not stop it on plain HTTP.
SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"
# A rate no bench reaches: the throttles run and count, and never refuse.
UNREACHED_RATE = "1000000/s"
# gunicorn's own default, as a deployment would leave it: a request taking longer has its
# worker killed, and the client gets no answer.
TIMEOUT_S = 30
# What puts caches, sessions and the queue in Redis (devolution.settings.base).
REDIS_VARIABLES = ("REDIS_URL", "RQ_URL", "TASKS_BACKEND")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass(frozen=True)
class Reader:
    """Who asks: the public (no cookies), or a signed-in person by their session, with a
    CSRF token for what they send."""

    name: str
    session: str = ""
    csrf: str = ""

    def headers(self) -> dict[str, str]:
        if not self.session:
            return {}
        headers = {"Cookie": f"{SESSION_COOKIE}={self.session}; {CSRF_COOKIE}={self.csrf}"}
        if self.csrf:
            headers["X-CSRFToken"] = self.csrf
        return headers


PUBLIC = Reader("public")


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    elapsed_ns: int
    # The cookies the answer sets, by name: a session made at sign-in, say.
    cookies: dict[str, str] = field(default_factory=dict)
    location: str = ""


@dataclass
class Server:
    """gunicorn serving `database` on a free loopback port; see the module's docstring.

    `database` is an SQLite file, unless `database_url` names another database (a
    PostgreSQL one); with `redis_url`, the workers share their caches, sessions and queue
    in that Redis, as the machines of a deployment do (ADR 27). `environ` adds to or
    overrides the environment, and `arguments` go to gunicorn (an access log, say)."""

    database: Path
    folder: Path
    checkpoint: Path
    workers: int = field(default_factory=cores)
    host: str = "127.0.0.1"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    database_url: str = ""
    redis_url: str = ""
    environ: dict[str, str] = field(default_factory=dict)
    arguments: tuple[str, ...] = ()

    @property
    def log(self) -> Path:
        return self.folder / f"{self.database.stem}.gunicorn.log"

    def environment(self) -> dict[str, str]:
        # Redis only when asked for: a REDIS_URL of the bench's own shell is not the server's.
        inherited = {k: v for k, v in os.environ.items() if k not in REDIS_VARIABLES}
        redis = {"REDIS_URL": self.redis_url} if self.redis_url else {}
        return {
            **inherited,
            **redis,
            "DJANGO_SETTINGS_MODULE": "devolution.settings.bench",
            "SECRET_KEY": settings.SECRET_KEY,
            "AUDIT_KEY": settings.AUDIT_KEY,
            "ALLOWED_HOSTS": self.host,
            "DATABASE_URL": self.database_url or f"sqlite:///{self.database}",
            "AUDIT_CHECKPOINT": str(self.checkpoint),
            "BENCH_MEDIA_ROOT": str(self.folder / "media"),
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "THROTTLE_RATE_ANON": UNREACHED_RATE,
            "THROTTLE_RATE_AUTH": UNREACHED_RATE,
            **self.environ,
        }

    def start(self, timeout: float = 60.0) -> None:
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        command = [sys.executable, "-m", "gunicorn", "devolution.wsgi:application"]
        command += ["--bind", f"{self.host}:{self.port}", "--workers", str(self.workers)]
        command += ["--timeout", str(TIMEOUT_S), "--log-level", "warning"]
        # Two servers at once (London and England): without this each would make the
        # same control socket in the home folder.
        command += ["--no-control-socket", *self.arguments]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                command,
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped: {self.log_tail()}")
            try:
                if self.fetch("/health").status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise BenchError(f"gunicorn did not answer in {timeout:.0f} s: {self.log_tail()}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:].strip() or "(no output)"
        except OSError:
            return "(no output)"

    def fetch(
        self,
        path: str,
        reader: Reader = PUBLIC,
        *,
        method: str = "GET",
        body: bytes | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """One request on a new connection, timed from connecting to the last byte."""
        headers = {"Connection": "close", **reader.headers(), **(headers or {})}
        if body is not None:
            headers["Content-Type"] = content_type
        start = perf_counter_ns()
        client = http.client.HTTPConnection(self.host, self.port, timeout=2 * TIMEOUT_S)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            content = response.read()
        finally:
            client.close()
        elapsed = perf_counter_ns() - start
        cookies = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.load(header)
        return Answer(
            response.status,
            content,
            elapsed,
            {name: morsel.value for name, morsel in cookies.items()},
            response.getheader("Location") or "",
        )

    def get_ok(self, path: str, reader: Reader = PUBLIC) -> int:
        """The time of one GET in ns; BenchError unless it answers 200."""
        try:
            answer = self.fetch(path, reader)
        except (OSError, http.client.HTTPException) as exc:
            raise BenchError(f"no answer ({type(exc).__name__}: {exc})") from exc
        if answer.status != 200:
            raise BenchError(f"answered {answer.status}")
        return answer.elapsed_ns
