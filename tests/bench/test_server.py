"""The server the bench times (gunicorn with production's settings) and how it signs in: a
session of the bench's own that has given the second factor, and production's cookies."""

import importlib
import time

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from devolution.bench import BenchError
from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record
from devolution.bench.measuring import page_queries, sign_in
from devolution.bench.server import CSRF_COOKIE, SESSION_COOKIE, Server
from devolution.core.models import User


def test_gunicorn_serves_with_production_settings_and_stops(tmp_path):
    server = Server(tmp_path / "empty.sqlite3", tmp_path, tmp_path / "checkpoint.json", workers=1)
    began = time.monotonic()
    server.start()
    try:
        health = server.fetch("/health")
        assert health.status == 200 and b'"ok"' in health.body and health.elapsed_ns > 0
        # DEBUG off: an unknown path is the site's 404, not Django's debug page.
        assert b"URLconf" not in server.fetch("/no-such-page/").body
        with pytest.raises(BenchError, match="answered 404"):
            server.get_ok("/no-such-page/")
    finally:
        process = server.process
        server.stop()
    assert server.process is None
    assert process is not None and process.returncode is not None
    assert "gunicorn" in " ".join(process.args)  # type: ignore[arg-type]
    assert time.monotonic() - began < 20
    environment = server.environment()
    assert environment["DJANGO_SETTINGS_MODULE"] == "devolution.settings.bench"
    assert environment["DEBUG"] == "false"


def test_the_bench_sends_the_cookies_production_names(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.setenv("AUDIT_KEY", "y" * 50)
    monkeypatch.setenv("ALLOWED_HOSTS", "127.0.0.1")
    production = importlib.import_module("devolution.settings.production")
    production = importlib.reload(production)

    assert production.SESSION_COOKIE_NAME == SESSION_COOKIE
    assert production.CSRF_COOKIE_NAME == CSRF_COOKIE
    assert production.REQUIRE_SECOND_FACTOR


@pytest.mark.django_db
@override_settings(REQUIRE_SECOND_FACTOR=True)
def test_a_bench_session_has_given_the_second_factor():
    meetings_record()
    officer = User.objects.get(email=BENCH_SECRETARIAT)
    password_only = Client()
    password_only.force_login(officer)
    path = reverse("meetings:my-actions")
    assert password_only.get(path).status_code == 302  # to the second factor

    signed = sign_in(officer, "secretariat")

    assert page_queries(signed.client, path) > 0  # answers 200
    headers = signed.reader.headers()
    assert f"{SESSION_COOKIE}={signed.reader.session}" in headers["Cookie"]
    assert headers["X-CSRFToken"] == signed.reader.csrf and len(signed.reader.csrf) == 32
