"""The settings of a deployment of several machines (ADR 27): what REDIS_URL and the
storage variables switch on, read as a fresh process reads them (no Redis, no network)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from devolution.settings.base import file_storage, redis_caches

ROOT = Path(__file__).resolve().parent.parent.parent

SHOWN = """
import json
from devolution.settings import base as s
print(json.dumps({
    "caches": s.CACHES,
    "session_engine": getattr(s, "SESSION_ENGINE", "django.contrib.sessions.backends.db"),
    "tasks": s.TASKS["default"]["BACKEND"],
    "rq_url": getattr(s, "RQ_QUEUES", {}).get("default", {}).get("URL"),
    "apps": s.INSTALLED_APPS,
    "storage": s.STORAGES["default"],
}))
"""
SET_HERE = ("REDIS_URL", "RQ_URL", "TASKS_BACKEND", "STORAGE_S3_BUCKET", "AWS_S3_ENDPOINT_URL")


def settings_read(**environ: str) -> dict[str, object]:
    """The base settings as a process started with `environ` reads them."""
    env = {k: v for k, v in os.environ.items() if k not in SET_HERE}
    env.update(environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", SHOWN], env=env, capture_output=True, check=True, cwd=ROOT
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_without_redis_each_process_keeps_its_own_caches_and_the_queue_is_the_databases():
    read = settings_read()
    caches = read["caches"]
    assert isinstance(caches, dict)
    assert {c["BACKEND"] for c in caches.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }
    assert read["session_engine"] == "django.contrib.sessions.backends.db"
    assert read["tasks"] == "django_tasks_db.DatabaseBackend"
    assert read["storage"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_redis_url_shares_both_caches_the_sessions_and_the_queue():
    read = settings_read(REDIS_URL="redis://cache.internal:6379/3")
    assert read["caches"] == redis_caches("redis://cache.internal:6379/3")
    assert read["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert read["tasks"] == "django_tasks_rq.RQBackend"
    assert read["rq_url"] == "redis://cache.internal:6379/3"
    apps = read["apps"]
    assert isinstance(apps, list)
    assert "django_rq" in apps and "django_tasks_rq" in apps


def test_the_queue_may_stay_in_the_database_or_use_its_own_redis():
    assert settings_read(REDIS_URL="redis://a:6379/1", TASKS_BACKEND="database")["tasks"] == (
        "django_tasks_db.DatabaseBackend"
    )
    read = settings_read(REDIS_URL="redis://a:6379/1", RQ_URL="redis://queue:6379/0")
    assert read["rq_url"] == "redis://queue:6379/0"


def test_the_two_caches_never_share_a_key():
    caches = redis_caches("redis://127.0.0.1:6379/0")
    assert caches["default"]["KEY_PREFIX"] != caches["data"]["KEY_PREFIX"]
    assert {c["BACKEND"] for c in caches.values()} == {
        "django.core.cache.backends.redis.RedisCache"
    }


def test_a_bucket_puts_uploads_in_s3_private_and_never_overwritten():
    storage = file_storage(
        {
            "STORAGE_S3_BUCKET": "devolution-papers",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.invalid",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "STORAGE_S3_PREFIX": "london",
        }
    )
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "devolution-papers",
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
        "location": "london",
        "endpoint_url": "https://s3.example.invalid",
        "region_name": "eu-west-2",
    }
    assert settings_read(STORAGE_S3_BUCKET="devolution-papers")["storage"] == file_storage(
        {"STORAGE_S3_BUCKET": "devolution-papers"}
    )


def test_the_s3_storage_is_made_from_those_options_with_the_standard_aws_credentials(
    monkeypatch: pytest.MonkeyPatch,
):
    """django-storages builds the storage, and boto3 signs a link to a paper with the
    credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, all without a request."""
    s3 = pytest.importorskip("storages.backends.s3", reason="pip install django-storages[s3]")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-a-secret")
    options = file_storage(
        {"STORAGE_S3_BUCKET": "papers", "AWS_S3_ENDPOINT_URL": "https://s3.example.invalid"}
    )["OPTIONS"]
    storage = s3.S3Storage(**options)
    link = storage.url("papers/2026/12/board-paper.pdf")
    assert link.startswith("https://s3.example.invalid/papers/papers/2026/12/board-paper.pdf?")
    query = parse_qs(urlsplit(link).query)
    assert query["AWSAccessKeyId"] == ["AKIDEXAMPLE"] and query["Signature"]
    # A link that lasts five minutes, not one anyone may keep.
    assert 0 < int(query["Expires"][0]) - time.time() <= 300
