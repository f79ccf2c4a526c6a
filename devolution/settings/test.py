"""Tests: SQLite in memory unless DATABASE_URL names a database; fast password hashing."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import database_from_url

SECRET_KEY = "tests-only-not-a-secret"  # noqa: S105
AUDIT_KEY = "tests-only-audit-key-not-a-secret"
# Each test process (each xdist worker) has its own database, so its own checkpoint.
_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="devolution-tests-audit-"))
atexit.register(shutil.rmtree, _CHECKPOINT_DIR, ignore_errors=True)
AUDIT_CHECKPOINT = _CHECKPOINT_DIR / "audit-checkpoint.json"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or "sqlite://:memory:")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# No throttling, so the suite may ask as often as it likes; the throttling tests set rates.
THROTTLE_RATES = {"anon": None, "auth": None}
# Nothing computed from the data is kept between requests: a test's rows, made without the
# services that move the data's version, would otherwise meet another test's cached value.
# The tests of that cache (tests/core/test_versions.py) give it a real one.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "data": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# Documents are made at every request, as rows changed without the services (which leave
# the data's version as it was) would otherwise meet a document made before them. The
# tests of documents made once (tests/core/test_documents.py) turn it on.
DOCUMENTS_MADE_ONCE = False

# Tasks run as they are enqueued, except in the tests of the queue itself.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
