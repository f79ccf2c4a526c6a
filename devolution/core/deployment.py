"""Is the environment fit to run Devolution in production? Every rule reads the
environment as devolution.settings.production would, and names the variable that is
missing or unsafe, so that a deployment learns it before the server starts rather than
from a stack trace, or not at all (an e-mail printed to a log nobody reads).

The rules are Django system checks (core.checks: `devolution check --deploy` reports
them under the production settings) and `devolution check-config` prints them, without
needing the settings to load at all: a missing SECRET_KEY is one of the things it
names. Nothing here reads django.conf.settings.
"""

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

import dj_database_url
from sentry_sdk.utils import BadDsn, Dsn

from .logs import LOG_FORMATS

Level = Literal["error", "warning"]

# As long as Django's own deployment check asks of SECRET_KEY (security.W009).
KEY_MIN_LENGTH = 50
KEY_MIN_CHARACTERS = 5
TASK_BACKENDS = ("database", "rq", "immediate")
# E-mail backends that send nothing to anyone; the console's also writes every e-mail,
# names and addresses included, into the server's log.
UNSENT_EMAIL = {
    "django.core.mail.backends.console.EmailBackend": "prints every e-mail into the log",
    "django.core.mail.backends.locmem.EmailBackend": "keeps every e-mail in memory",
    "django.core.mail.backends.dummy.EmailBackend": "throws every e-mail away",
    "django.core.mail.backends.filebased.EmailBackend": "writes every e-mail to a file",
}
WHOLE_NUMBERS = (
    "TRUSTED_PROXY_COUNT",
    "MAX_REQUEST_BYTES",
    "EMAIL_PORT",
    "NOTIFY_DUE_DAYS",
    "NOTIFY_ATTEMPTS",
    "NOTIFY_DIGEST_HOUR",
)
TRUE = {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Problem:
    id: str  # stable, as Django's checks name theirs: "devolution.E001"
    level: Level
    variable: str
    message: str


Environ = Mapping[str, str]


class Writer(Protocol):
    def write(self, text: str) -> object: ...


def _get(env: Environ, name: str) -> str:
    return env.get(name, "").strip()


def _key_problems(env: Environ, name: str, missing_id: str, weak_id: str) -> list[Problem]:
    value = _get(env, name)
    if not value:
        return [Problem(missing_id, "error", name, "is not set; production has no default.")]
    if len(value) < KEY_MIN_LENGTH or len(set(value)) < KEY_MIN_CHARACTERS:
        return [
            Problem(
                weak_id,
                "error",
                name,
                f"is too short or too plain: use at least {KEY_MIN_LENGTH} random "
                "characters, e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))'.",
            )
        ]
    return []


def keys_rule(env: Environ) -> list[Problem]:
    """SECRET_KEY and AUDIT_KEY set, long and random, and not the same key (ADR 2)."""
    problems = _key_problems(env, "SECRET_KEY", "devolution.E001", "devolution.E002")
    problems += _key_problems(env, "AUDIT_KEY", "devolution.E003", "devolution.E004")
    if _get(env, "AUDIT_KEY") and _get(env, "AUDIT_KEY") == _get(env, "SECRET_KEY"):
        problems.append(
            Problem(
                "devolution.E005",
                "error",
                "AUDIT_KEY",
                "is the same as SECRET_KEY: keep the audit chain's key apart, so a leaked "
                "session key cannot rebuild the chain.",
            )
        )
    return problems


def hosts_rule(env: Environ) -> list[Problem]:
    hosts = [h.strip() for h in _get(env, "ALLOWED_HOSTS").split(",") if h.strip()]
    if not hosts:
        return [
            Problem(
                "devolution.E006",
                "error",
                "ALLOWED_HOSTS",
                "is not set: name the host names the site is served at, comma-separated.",
            )
        ]
    if "*" in hosts:
        return [
            Problem(
                "devolution.W001",
                "warning",
                "ALLOWED_HOSTS",
                "accepts any host (*): name the site's host names instead.",
            )
        ]
    return []


def debug_rule(env: Environ) -> list[Problem]:
    if _get(env, "DEBUG").lower() in TRUE:
        return [
            Problem(
                "devolution.E007",
                "error",
                "DEBUG",
                "is on: its error pages show settings and code to anyone. Unset it.",
            )
        ]
    return []


def several_machines(env: Environ) -> bool:
    """A deployment that shares a queue or a cache in Redis runs on several machines."""
    return _get(env, "TASKS_BACKEND") == "rq" or bool(_get(env, "REDIS_URL"))


def database_rule(env: Environ) -> list[Problem]:
    url = _get(env, "DATABASE_URL")
    if url:
        try:
            engine = dj_database_url.parse(url)["ENGINE"]
        except ValueError:
            return [
                Problem(
                    "devolution.E008",
                    "error",
                    "DATABASE_URL",
                    "cannot be read: write it as postgres://user:password@host:5432/name.",
                )
            ]
    else:
        engine = "django.db.backends.sqlite3"
    if engine == "django.db.backends.sqlite3" and several_machines(env):
        return [
            Problem(
                "devolution.W002",
                "warning",
                "DATABASE_URL",
                "is an SQLite file, which only one machine can use, while TASKS_BACKEND=rq "
                "or REDIS_URL says there are several: use PostgreSQL.",
            )
        ]
    return []


def proxies_rule(env: Environ) -> list[Problem]:
    """Several machines stand behind a load balancer: without TRUSTED_PROXY_COUNT every
    sign-in comes from its address, and one lock-out locks everyone out."""
    if several_machines(env) and _get(env, "TRUSTED_PROXY_COUNT") in ("", "0"):
        return [
            Problem(
                "devolution.W005",
                "warning",
                "TRUSTED_PROXY_COUNT",
                "is 0 on several machines: behind a load balancer every sign-in shares its "
                "address, and one lock-out locks everyone out; say how many proxies append "
                "to X-Forwarded-For.",
            )
        ]
    return []


def tasks_rule(env: Environ) -> list[Problem]:
    backend = _get(env, "TASKS_BACKEND") or "database"
    if backend not in TASK_BACKENDS:
        return [
            Problem(
                "devolution.E009",
                "error",
                "TASKS_BACKEND",
                f"is {backend!r}: use one of {', '.join(TASK_BACKENDS)}.",
            )
        ]
    if backend == "rq" and not (_get(env, "RQ_URL") or _get(env, "REDIS_URL")):
        return [
            Problem(
                "devolution.E010",
                "error",
                "RQ_URL",
                "is not set, and TASKS_BACKEND=rq puts the queue in Redis: "
                "say where, as redis://host:6379/0 (in RQ_URL or REDIS_URL).",
            )
        ]
    return []


def email_rule(env: Environ) -> list[Problem]:
    backend = _get(env, "EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
    problems = []
    if backend in UNSENT_EMAIL:
        problems.append(
            Problem(
                "devolution.E011",
                "error",
                "EMAIL_BACKEND",
                f"{UNSENT_EMAIL[backend]}, so nobody is notified: "
                "use django.core.mail.backends.smtp.EmailBackend with EMAIL_HOST.",
            )
        )
    if backend == "django.core.mail.backends.smtp.EmailBackend" and not _get(env, "EMAIL_HOST"):
        problems.append(
            Problem(
                "devolution.W003",
                "warning",
                "EMAIL_HOST",
                "is not set: e-mail goes to a mail server on this machine (localhost).",
            )
        )
    sender = _get(env, "DEFAULT_FROM_EMAIL")
    if not sender or sender.endswith("@localhost"):
        problems.append(
            Problem(
                "devolution.W004",
                "warning",
                "DEFAULT_FROM_EMAIL",
                "is not an address people can reply to: set the deployment's own.",
            )
        )
    return problems


def sentry_rule(env: Environ) -> list[Problem]:
    problems = []
    dsn = _get(env, "SENTRY_DSN")
    if dsn:
        try:
            Dsn(dsn)
        except BadDsn:
            problems.append(
                Problem(
                    "devolution.E012",
                    "error",
                    "SENTRY_DSN",
                    "is not a Sentry DSN (https://key@host/project): copy it from the "
                    "project's settings in Sentry, or unset it.",
                )
            )
    rate = _get(env, "SENTRY_TRACES_SAMPLE_RATE")
    if rate:
        try:
            fine = 0 <= float(rate) <= 1
        except ValueError:
            fine = False
        if not fine:
            problems.append(
                Problem(
                    "devolution.E013",
                    "error",
                    "SENTRY_TRACES_SAMPLE_RATE",
                    f"is {rate!r}: give a number from 0 (no traces) to 1 (every request).",
                )
            )
    return problems


def log_format_rule(env: Environ) -> list[Problem]:
    value = _get(env, "LOG_FORMAT").lower()
    if value and value not in LOG_FORMATS:
        return [
            Problem(
                "devolution.E014",
                "error",
                "LOG_FORMAT",
                f"is {value!r}: use json (one object a line) or text.",
            )
        ]
    return []


def whole_numbers_rule(env: Environ) -> list[Problem]:
    return [
        Problem("devolution.E015", "error", name, f"is {_get(env, name)!r}, not a whole number.")
        for name in WHOLE_NUMBERS
        if _get(env, name) and not _get(env, name).isdigit()
    ]


RULES: tuple[Callable[[Environ], list[Problem]], ...] = (
    keys_rule,
    hosts_rule,
    debug_rule,
    database_rule,
    proxies_rule,
    tasks_rule,
    email_rule,
    sentry_rule,
    log_format_rule,
    whole_numbers_rule,
)


def config_problems(env: Environ) -> list[Problem]:
    """Every problem of the environment for production, errors first."""
    problems = [problem for rule in RULES for problem in rule(env)]
    return sorted(problems, key=lambda p: p.level != "error")


def config_report(env: Environ, out: Writer = sys.stdout) -> int:
    """Prints the problems for a person; 1 when any is an error, else 0."""
    problems = config_problems(env)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        out.write("Devolution's configuration for production: nothing missing or unsafe.\n")
        return 0
    out.write(
        f"Devolution's configuration for production: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)}.\n"
    )
    for p in problems:
        out.write(f"  {p.level:<7} {p.variable} {p.message} ({p.id})\n")
    if errors:
        out.write("Fix the errors before starting the server.\n")
    return 1 if errors else 0
