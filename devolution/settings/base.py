"""Settings every deployment shares, read from the environment.

DATABASE_URL         default: an SQLite file under var/
SECRET_KEY           see local.py and production.py
AUDIT_KEY            the key of the audit chain's hashes; see local.py and production.py
AUDIT_CHECKPOINT     the signed checkpoint of the audit chain's head; default beside the
                     SQLite file, or under var/
DEBUG                "true" or "false"
ALLOWED_HOSTS        comma-separated host names
TRUSTED_PROXY_COUNT  how many proxies in front of Django append to X-Forwarded-For; default 0
SITE_DOMAIN          the deployment's domain, for the calendars' event ids; default the
                     first of ALLOWED_HOSTS that names one host
MAX_REQUEST_BYTES    the largest request, files included, in bytes; default 21 MB
THROTTLE_RATE_ANON   requests allowed per address not signed in, like "120/min" (the default)
THROTTLE_RATE_AUTH   requests allowed per person signed in, like "600/min" (the default)
REDIS_URL            caches, sessions and the task queue shared in Redis (ADR 27)
STORAGE_S3_BUCKET    uploads in an S3-compatible store; with STORAGE_S3_PREFIX,
                     AWS_S3_ENDPOINT_URL, AWS_S3_REGION_NAME and boto3's credentials
LOG_FORMAT           "text" (the default here) or "json" (production's default)
SENTRY_DSN           errors go to Sentry when set; SENTRY_ENVIRONMENT, SENTRY_TRACES_SAMPLE_RATE
OIDC_*               organisation sign-in (OpenID Connect): see its block below and ADR 26
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from devolution.core.logs import LOG_FORMATS, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)


def env_bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.")
    return int(value)


def database_from_url(url: str | None) -> dict[str, Any]:
    """The embedded default is SQLite in WAL mode with immediate transactions."""
    if not url:
        url = f"sqlite:///{VAR_DIR / 'devolution.sqlite3'}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
            ),
        }
    return config


def audit_checkpoint_path(database: dict[str, Any]) -> Path:
    """Where the audit chain's head is checkpointed (ADR 2): AUDIT_CHECKPOINT, or else one
    file per database, so that two databases (the embedded run's, a test server's) never
    share a checkpoint; beside an SQLite file, under var/ for a server database."""
    configured = os.environ.get("AUDIT_CHECKPOINT", "").strip()
    if configured:
        return Path(configured)
    name = str(database.get("NAME") or "")
    if database["ENGINE"] == "django.db.backends.sqlite3" and name and ":memory:" not in name:
        return Path(name).with_suffix(".audit-checkpoint.json")
    vendor = database["ENGINE"].rsplit(".", 1)[-1]
    return VAR_DIR / f"{vendor}-{name or 'default'}.audit-checkpoint.json"


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "devolution.core",
    "devolution.partners",
    "devolution.governance",
    "devolution.commitments",
    "devolution.meetings",
    "devolution.funding",
    "devolution.estates",
    "devolution.capital",
    "devolution.workforce",
    "devolution.regulation",
    "devolution.search",
    "devolution.notifications",
    "devolution.public",
    "devolution.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the session and the user are known (its refusals are pages), before any view
    # or other middleware's process_view reads a form.
    "devolution.core.middleware.RequestInputMiddleware",
    "devolution.core.middleware.PageThrottleMiddleware",
    "devolution.core.middleware.SessionLifetimeMiddleware",
    "devolution.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "devolution.core.middleware.DevolutionErrorMiddleware",
    "devolution.core.middleware.ApiJsonErrorsMiddleware",
    # The public record's caching and CORS headers (ETag, 304, Cache-Control).
    "devolution.public.middleware.PublicReadsMiddleware",
]

ROOT_URLCONF = "devolution.urls"
WSGI_APPLICATION = "devolution.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "devolution.core.jinja.environment"},
    },
    {
        # The Django admin and the API docs use Django's own template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "partners:home"

# Sessions: they end after SESSION_IDLE_SECONDS without a request, and in any case
# SESSION_ABSOLUTE_SECONDS after sign-in (QUALITY S3).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 10 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# A second factor (TOTP) for every signed-in person; production turns it on.
REQUIRE_SECOND_FACTOR = False
OTP_TOTP_ISSUER = "Devolution"

# Lock-out after repeated failures (django-axes): failures are counted for the account
# (from any address) and, separately, for the address (on any account), so neither
# spreading guesses over many addresses nor over many accounts escapes the limit.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "devolution.core.lockout.sign_in_account"
AXES_CLIENT_IP_CALLABLE = "devolution.core.lockout.client_address"
# Behind a load balancer every request arrives from the balancer's address, and one
# address locked would lock everyone out: say how many proxies stand in front, and the
# client's address is read from X-Forwarded-For (devolution.core.lockout).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
SITE_DOMAIN = os.environ.get("SITE_DOMAIN", "").strip()
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "devolution.core.views.locked_out"
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
STATICFILES_DIRS = [
    ("nhsuk/assets", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk" / "assets"),
    BASE_DIR / "build" / "static",  # made by `npm run build` (see the Makefile)
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Content security policy on every page (QUALITY S7). Scripts only from us, with a
# per-request nonce for the one line the NHS.UK template inlines.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The size of what a client may send (QUALITY S5); past either, 413. A form's fields or an
# API body (Django's own limit, read by core.middleware.RequestInputMiddleware), and any
# request with its files: the largest upload is a paper (meetings.papers, 20 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", default=21 * 1024 * 1024)

# How often a client may ask (core.throttling): "number/period", the period one of s, min,
# hour or day; None turns that throttle off. "anon" counts by address whoever is not signed
# in, "auth" counts by person whoever is. They apply to every API operation, the pages
# named in THROTTLED_PAGES, every public document (PDFs, spreadsheets, CSV, calendars,
# papers) and every form sent by someone not signed in; past the rate,
# 429 with Retry-After. The counts live in Django's cache (CACHES), which a deployment of
# several processes points at a cache they share, Redis for instance.
THROTTLE_RATES: dict[str, str | None] = {
    "anon": os.environ.get("THROTTLE_RATE_ANON", "").strip() or "120/min",
    "auth": os.environ.get("THROTTLE_RATE_AUTH", "").strip() or "600/min",
}
# Pages throttled by name; the public documents are marked throttled where their routes
# are (core.documents.made_once, core.throttling.throttled).
THROTTLED_PAGES = ["governance:arrangement-checker"]

# Documents made once (core.documents, ADR 14): a PDF, spreadsheet, CSV or calendar is
# made for a version of the data and kept in the database until the data changes; a
# request for one that another request is making waits this long for it at most.
DOCUMENTS_MADE_ONCE = True
DOCUMENT_WAIT_SECONDS = 60

# "default" holds the throttles' counts and each person's unread count; "data" what is
# computed from the data and kept until the next write (core.versions.cached):
# dashboards' aggregates, charts. Without REDIS_URL each process keeps its own; with it,
# every process on every machine shares both (see "Several machines" below).
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "data": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "data",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

NINJA_PAGINATION_CLASS = "devolution.core.pagination.BoundedLimitOffsetPagination"
# A page of an API list, unless `limit` asks for more (up to the largest): as many rows as
# a list page shows, so a list answers in a time that does not grow with the database
# (QUALITY P1, P3); a client wanting everything pages through `offset` or asks the limit.
NINJA_PAGINATION_PER_PAGE = 20
NINJA_PAGINATION_MAX_LIMIT = 1000

CSRF_FAILURE_VIEW = "devolution.core.views.csrf_failure"

# The parts of the embedded London data set, loaded in this order by `devolution load-london`.
# What later areas add to the demo accounts (a board's seats, for instance).
DEMO_ACCOUNT_SETUP = [
    "devolution.governance.demo.demo_seats_fill",
    "devolution.estates.demo.demo_estates_fill",
    "devolution.capital.demo.demo_capital_fill",
    "devolution.regulation.demo.demo_regulation_fill",
    "devolution.workforce.demo.demo_indicators_fill",
]

# The embedded London data set: each area's files, in the order they load (an area's
# records refer to those of the areas before it), by the one loader (core.loading).
LONDON_DATA_SET = [
    "devolution.partners.dataset.LONDON",
    "devolution.partners.dataset.GLOSSARY",
    "devolution.governance.dataset.LONDON",
    "devolution.governance.dataset.PROGRESSION",
    "devolution.governance.dataset.SPECTRUM",
    "devolution.commitments.dataset.LONDON",
    "devolution.commitments.dataset.PARAMETERS",
    "devolution.commitments.dataset.OPPORTUNITIES",
    "devolution.commitments.dataset.PLEDGES",
    "devolution.meetings.dataset.LONDON",
    "devolution.meetings.dataset.CONFLICTS_OF_INTEREST",
    "devolution.funding.dataset.LONDON",
    "devolution.capital.dataset.LONDON",
    "devolution.workforce.dataset.PARAMETERS",
    "devolution.workforce.dataset.PAY",
    "devolution.regulation.dataset.LONDON",
    "devolution.workforce.dataset.LONDON",
]
LONDON_DATA_LOADERS = ["devolution.core.loading.london_load"]

# The glossary of the partnership's abbreviations the pages mark where they appear
# (core.words.abbreviations): where its terms are read from, and its page.
GLOSSARY_TERMS = "devolution.partners.selectors.glossary_terms"
GLOSSARY_URL = "/glossary/"

# The grants published in the 360Giving Data Standard (ADR 19): the publisher's prefix,
# which 360Giving issues when a publisher registers (e.g. "360G-examplefunder"; blank:
# "360G-" and the key of the partnership the deployment runs, until one is issued), and
# the licence the data is published under.
THREESIXTYGIVING_PREFIX = os.environ.get("THREESIXTYGIVING_PREFIX", "").strip()
THREESIXTYGIVING_LICENSE = "https://creativecommons.org/licenses/by/4.0/"

# Notifications (SPEC §15) are sent in background tasks (Django's task framework, the
# django-tasks backport): by default a queue in the database (django-tasks-db), whose
# worker `make run` starts beside the server; TASKS_BACKEND=rq puts the queue in Redis
# (django-tasks-rq, with RQ_URL; the default when REDIS_URL is set) for a deployment of
# several machines; "immediate" runs each task as it is enqueued. E-mail goes through
# EMAIL_BACKEND (the console locally).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "").strip() or (
    "rq" if os.environ.get("REDIS_URL", "").strip() else "database"
)
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    _rq_url = os.environ.get("RQ_URL", "").strip() or os.environ.get("REDIS_URL", "").strip()
    RQ_QUEUES = {"default": {"URL": _rq_url or "redis://localhost:6379/0"}}
EMAIL_BACKEND = (
    os.environ.get("EMAIL_BACKEND", "").strip() or "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "devolution@localhost"
# For the SMTP backend (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip() or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "").strip()
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "").strip()
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").strip().lower() in {"1", "true", "yes"}
# How many days ahead an action counts as coming due, and how often a failed send is tried.
NOTIFY_DUE_DAYS = env_int("NOTIFY_DUE_DAYS", default=7)
NOTIFY_ATTEMPTS = env_int("NOTIFY_ATTEMPTS", default=5)
# The hour (London time) from which `devolution send-digests` sends the day's digests.
NOTIFY_DIGEST_HOUR = env_int("NOTIFY_DIGEST_HOUR", default=7)


# -- Several machines (ADR 27) ----------------------------------------------------------
# Any number of processes on any number of machines serve one partnership when they share
# the database (DATABASE_URL, PostgreSQL), REDIS_URL and the uploaded files' storage.
# REDIS_URL: both caches in Redis (the throttles' counts, the unread counts, the computed
# aggregates), sessions read through it (and kept in the database), and the task queue
# (above). django-axes counts failed sign-ins in the database (its default handler,
# AxesDatabaseHandler), which every process shares already.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()


def redis_caches(url: str) -> dict[str, dict[str, Any]]:
    """Both caches in the Redis at `url`, with Django's own backend, each under its own
    key prefix so that clearing one (the bench empties "data") or a key of one never
    touches the other's."""
    return {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"devolution-{name}",
        }
        for name in ("default", "data")
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
    # A session read from Redis, written to both: any worker reads it, and one lost from
    # the cache is still in the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def file_storage(environ: Mapping[str, str]) -> dict[str, Any]:
    """Where uploaded files (papers, bids' documents) are kept: MEDIA_ROOT on this
    machine's disk (a folder every machine mounts, for several), or, when
    STORAGE_S3_BUCKET is set, an S3-compatible store through django-storages
    (`pip install django-storages[s3]`). The credentials are boto3's own: AWS_ACCESS_KEY_ID
    and AWS_SECRET_ACCESS_KEY from the environment, or the machine's role."""
    bucket = environ.get("STORAGE_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Papers are private until the app serves them: no public ACL, and every link
        # signed and short-lived.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        # Two uploads of one name never overwrite each other (as on disk).
        "file_overwrite": False,
        "location": environ.get("STORAGE_S3_PREFIX", "").strip(),
    }
    for option, name in (
        ("endpoint_url", "AWS_S3_ENDPOINT_URL"),
        ("region_name", "AWS_S3_REGION_NAME"),
    ):
        value = environ.get(name, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


STORAGES["default"] = file_storage(os.environ)

# -- Running it for real ---------------------------------------------------------------
# core.observability, core.health, core.deployment: a request id
# on every response, one log line per request (JSON in production), Sentry when
# SENTRY_DSN is set, and the load balancer's probes, which it asks over plain HTTP.
# PRODUCTION turns on the deployment checks of `devolution check-config` / `check --deploy`.
PRODUCTION = False
MIDDLEWARE.insert(0, "devolution.core.observability.RequestIdMiddleware")
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^healthz$", r"^readyz$"]


def log_format(default: str) -> str:
    value = os.environ.get("LOG_FORMAT", "").strip().lower() or default
    if value not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}.")
    return value


LOG_FORMAT = log_format(default="text")
LOGGING = logging_config(LOG_FORMAT)
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "").strip() or None
try:
    SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "").strip() or 0)
except ValueError:
    raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1.") from None
# --- Organisation sign-in (OpenID Connect, mozilla-django-oidc; ADR 26) -----------------
# On when OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET and the provider (OIDC_OP_DISCOVERY, or
# OIDC_OP_ISSUER and the four OIDC_OP_*_ENDPOINT settings) are set; off, and not offered,
# otherwise.
# People are matched to their existing account by verified e-mail and never created
# (devolution.core.oidc); the provider's MFA counts as the second factor when its ID token
# says so ("mfa" in `amr`) or OIDC_TRUST_PROVIDER_MFA says every sign-in there uses it.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "").strip()
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "").strip()
OIDC_OP_DISCOVERY = os.environ.get("OIDC_OP_DISCOVERY", "").strip()
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "").strip()
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "").strip()
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "").strip()
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "").strip()
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "").strip()
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "").strip() or "RS256"
OIDC_TRUST_PROVIDER_MFA = env_bool(os.environ.get("OIDC_TRUST_PROVIDER_MFA"), default=False)
OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "").strip() or "your organisation"
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "core:organisation-callback"
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID or OIDC_RP_CLIENT_SECRET)
if OIDC_ENABLED:
    _oidc_endpoints = (
        OIDC_OP_ISSUER,
        OIDC_OP_AUTHORIZATION_ENDPOINT,
        OIDC_OP_TOKEN_ENDPOINT,
        OIDC_OP_USER_ENDPOINT,
        OIDC_OP_JWKS_ENDPOINT,
    )
    if not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
        raise ImproperlyConfigured(
            "Organisation sign-in needs both OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET."
        )
    if not OIDC_OP_DISCOVERY and not all(_oidc_endpoints):
        raise ImproperlyConfigured(
            "Organisation sign-in needs OIDC_OP_DISCOVERY (the provider's address), or all of "
            "OIDC_OP_ISSUER, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, "
            "OIDC_OP_USER_ENDPOINT and OIDC_OP_JWKS_ENDPOINT."
        )
    AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "devolution.core.oidc.OrganisationBackend"]
# How long an e-mailed link to set a new password works (Django's reset links work once).
PASSWORD_RESET_TIMEOUT = 60 * 60
