"""Production: every secret from the environment, no defaults; hardened headers and cookies."""

import os

from django.core.exceptions import ImproperlyConfigured

from devolution.core.logs import logging_config

from .base import *  # noqa: F403
from .base import audit_checkpoint_path, database_from_url, env_bool, log_format


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


SECRET_KEY = _required("SECRET_KEY")
# Kept apart from SECRET_KEY, and from the database, so that neither a leaked session
# key nor a copy of the database lets anyone rebuild the audit chain (ADR 2).
AUDIT_KEY = _required("AUDIT_KEY")
DEBUG = env_bool(os.environ.get("DEBUG"), default=False)
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL"))}
AUDIT_CHECKPOINT = audit_checkpoint_path(DATABASES["default"])

REQUIRE_SECOND_FACTOR = True

SECURE_SSL_REDIRECT = env_bool(os.environ.get("SECURE_SSL_REDIRECT"), default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Checked by `devolution check-config` and `check --deploy` (core.deployment).
PRODUCTION = True
LOG_FORMAT = log_format(default="json")
LOGGING = logging_config(LOG_FORMAT)
