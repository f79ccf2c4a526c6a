"""What an operator sees (core.observability, core.logs): every response's request id,
quoted on the error pages; one log line per request naming the route, never the path's
ids, the query string or who the person is beyond their number; JSON in production;
Sentry only when SENTRY_DSN is set."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from pythonjsonlogger.json import JsonFormatter

from devolution import urls as project_urls
from devolution.core.logs import REQUEST_ID, RequestIdFilter, logging_config
from devolution.core.observability import request_id_for, sentry_start
from devolution.settings.base import log_format

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def person(request, pk):
    logging.getLogger("devolution.tests").warning("looked at a person")
    return HttpResponse(REQUEST_ID.get())


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


# This module is also the URL configuration of the tests marked with it: the site's,
# which the error pages link to, and three more.
urlpatterns = [
    path("people/<int:pk>/", person, name="person"),
    path("forbidden/", forbidden, name="forbidden"),
    path("broken/", broken, name="broken"),
    *project_urls.urlpatterns,
]
handler403 = "devolution.core.views.error_403"
handler404 = "devolution.core.views.error_404"
handler500 = "devolution.core.views.error_500"
THESE_URLS = pytest.mark.urls("tests.core.test_observability")


@pytest.mark.parametrize(
    "incoming, kept",
    [
        ("lb-1d2c3b4a-0001", True),
        ("4f9c2a1e6b0d4e8f9a7b3c2d1e0f9a8b", True),
        ("", False),
        ("short", False),
        ("<script>alert(1)</script>", False),
        ("forged\nINFO a line of its own", False),
        ("x" * 65, False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_it_is_a_plain_token(incoming, kept):
    given = request_id_for(incoming)
    if kept:
        assert given == incoming
    else:
        assert given != incoming
        assert len(given) == 32 and int(given, 16) >= 0  # a uuid4's hex


def test_every_response_carries_its_request_id(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1d2c3b4a-0001")["X-Request-ID"] == (
        "lb-1d2c3b4a-0001"
    )
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id!")["X-Request-ID"] != "bad id!"


@THESE_URLS
@pytest.mark.parametrize("path, status", [("/nowhere/", 404), ("/forbidden/", 403)])
def test_the_error_pages_quote_the_request_id(client, path, status):
    response = client.get(path, HTTP_X_REQUEST_ID="ref-0123456789")
    assert response.status_code == status
    assert "quote this reference: <code>ref-0123456789</code>" in response.content.decode()


@THESE_URLS
def test_the_page_of_an_unexpected_error_quotes_the_request_id():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/", HTTP_X_REQUEST_ID="ref-0123456789")
    assert response.status_code == 500
    assert "quote this reference: <code>ref-0123456789</code>" in response.content.decode()


@THESE_URLS
def test_one_line_per_request_names_the_route_and_the_persons_number_only(
    client, caplog, django_user_model
):
    alice = django_user_model.objects.create_user(
        "alice.secret@example.org", "x" * 16, full_name="Alice Secret"
    )
    client.force_login(alice)
    client.cookies["tracker"] = "cookie-value"
    with caplog.at_level(logging.INFO, logger="devolution.requests"):
        response = client.get(
            "/people/4242/?email=alice.secret@example.org",
            HTTP_X_REQUEST_ID="ref-0123456789",
        )
    assert response.status_code == 200
    (record,) = [r for r in caplog.records if r.name == "devolution.requests"]
    line = json.loads(JsonFormatter(**_json_formatter()).format(_filtered(record)))
    assert {k: line[k] for k in ("request_id", "user_id", "route", "method", "status")} == {
        "request_id": "ref-0123456789",
        "user_id": alice.pk,
        "route": "person",
        "method": "GET",
        "status": 200,
    }
    assert isinstance(line["duration_ms"], float)
    for private in ("alice", "Secret", "4242", "email=", "cookie-value", "sessionid"):
        assert private not in json.dumps(line), private


@THESE_URLS
def test_every_line_written_during_a_request_carries_its_id(caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        response = client.get("/people/1/", HTTP_X_REQUEST_ID="ref-0123456789")
        client.get("/broken/", HTTP_X_REQUEST_ID="ref-9876543210")
    assert response.content == b"ref-0123456789"
    ids = {r.getMessage(): _filtered(r).request_id for r in caplog.records}
    assert ids["looked at a person"] == "ref-0123456789"
    # Django's own error, written after the middleware has answered, is the request's too.
    assert ids["Internal Server Error: /broken/"] == "ref-9876543210"
    assert REQUEST_ID.get() == "-"  # and once answered, later lines are no request's


def test_a_4xx_is_logged_by_its_request_line_alone_never_by_its_raw_path(client, caplog):
    with caplog.at_level(logging.INFO, logger="devolution.requests"):
        client.get("/organisations/424242/?email=alice@example.org")
    assert [(r.name, r.route, r.status) for r in caplog.records] == [
        ("devolution.requests", "partners:organisation-detail", 404)
    ]


def test_a_request_answered_before_its_view_names_its_route(client, settings, caplog):
    settings.SECURE_SSL_REDIRECT = True
    with caplog.at_level(logging.INFO, logger="devolution.requests"):
        assert client.get("/places/?q=x").status_code == 301
        client.get("/static/core/nowhere.css")
        client.get("/nowhere/")
    assert [r.route for r in caplog.records if r.name == "devolution.requests"] == [
        "partners:place-list",
        "static",
        "unmatched",
    ]


def test_a_json_line_never_carries_the_request_django_attaches(rf):
    request = rf.get("/people/1/?email=alice@example.org")
    record = logging.LogRecord("django.request", logging.ERROR, "", 0, "Failed", (), None)
    record.request = request
    line = json.loads(JsonFormatter(**_json_formatter()).format(_filtered(record)))
    assert "request" not in line
    assert "alice" not in json.dumps(line)
    assert line["level"] == "ERROR" and line["logger"] == "django.request"


def test_probes_that_succeed_are_not_logged_every_few_seconds(client, caplog):
    with caplog.at_level(logging.INFO, logger="devolution.requests"):
        client.get("/healthz")
        client.get("/readyz")
    assert [r for r in caplog.records if r.name == "devolution.requests"] == []


@pytest.mark.parametrize(
    "environment, default, expected",
    [({}, "json", "json"), ({}, "text", "text"), ({"LOG_FORMAT": "TEXT"}, "json", "text")],
)
def test_log_format_is_json_in_production_text_locally_unless_log_format_says(
    monkeypatch, environment, default, expected
):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert log_format(default) == expected


def test_an_unknown_log_format_is_refused(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT must be one of json, text"):
        log_format("json")


def test_sentry_is_off_without_sentry_dsn(settings):
    settings.SENTRY_DSN = ""
    assert sentry_start() is False
    assert not sentry_sdk.get_client().is_active()


SENTRY_ON = """
import json, django, sentry_sdk
from sentry_sdk.transport import Transport

django.setup()
client = sentry_sdk.get_client()
sent = []

class NothingSent(Transport):
    def capture_envelope(self, envelope):
        sent.append(envelope)

client.transport = NothingSent(client.options)
sentry_sdk.capture_message("probe")
o = client.options
print(json.dumps([client.is_active(), o["dsn"], o["environment"], o["traces_sample_rate"],
                  o["send_default_pii"], len(sent)]))
"""


def test_sentry_is_on_with_sentry_dsn_and_sends_no_personal_data():
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env.update(
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="devolution.settings.test",
        SENTRY_DSN="https://key@127.0.0.1:1/1",
        SENTRY_ENVIRONMENT="staging",
    )
    result = subprocess.run(
        [sys.executable, "-c", SENTRY_ON], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        True,
        "https://key@127.0.0.1:1/1",
        "staging",
        0.0,
        False,
        1,
    ]


def _json_formatter() -> dict:
    config = dict(logging_config("json")["formatters"]["devolution"])
    config.pop("()")
    return config


def _filtered(record: logging.LogRecord) -> logging.LogRecord:
    """The record as the console handler writes it: stamped by its filter, if it was not."""
    if not hasattr(record, "request_id"):
        RequestIdFilter().filter(record)
    return record
