"""Every state-changing route refuses without a CSRF token (QUALITY S4); every page carries
a content security policy, and production settings pass Django's deploy check (S7)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from devolution.api import api
from devolution.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db

STATE_CHANGING = ("post", "put", "patch", "delete")
# POSTs that compute an answer and change nothing, open to the public like any read.
SAFE_POSTS = {
    ("post", "/api/legal/check"),
    ("post", "/api/workforce/levy"),
    ("post", "/api/workforce/supplement"),
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def _sample_url(route: str) -> str | None:
    """A concrete URL for a route of the site, with real objects of the London data."""
    if route.startswith("admin/") or route.startswith("api/"):
        return None  # the admin is Django's own; the API is walked from its schema
    org = Organisation.objects.get(key="la-hackney")
    samples = {
        "<int:id>": str(org.pk),
        "<str:code>": "E09000012",
    }
    if "partnerships/" in route:
        samples["<int:id>"] = str(Partnership.objects.first().pk)
    url = "/" + route
    for placeholder, value in samples.items():
        url = url.replace(placeholder, value)
    return None if "<" in url or "(?P" in url else url


def _site_urls() -> list[str]:
    urls = []
    for route, _ in _walk(get_resolver().url_patterns):
        url = _sample_url(route)
        if url is not None:
            urls.append(url)
    return sorted(set(urls))


def _api_operations() -> list[tuple[str, str]]:
    org = Organisation.objects.get(key="la-hackney")
    schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in STATE_CHANGING and (method, path) not in SAFE_POSTS:
                url = (
                    path.replace("{id}", str(org.pk))
                    .replace("{code}", "E09000012")
                    .replace("{key}", "spb")
                )
                ops.append((method, url))
    return ops


def test_every_site_route_refuses_state_changes_without_a_csrf_token(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    urls = _site_urls()
    assert len(urls) >= 14
    tried = 0
    for url in urls:
        for method in STATE_CHANGING:
            response = getattr(client, method)(url, {})
            assert response.status_code in (403, 405), (method, url, response.status_code)
            if response.status_code == 403:
                tried += 1
                assert "Your form could not be sent" in response.content.decode()
    # sign-in, sign-out, the two second-factor pages and the organisation edit page at least
    assert tried >= 5


def test_every_api_change_refuses_without_a_csrf_token(secretariat):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    operations = _api_operations()
    assert operations, "the API has state-changing operations to try"
    for method, url in operations:
        response = getattr(client, method)(url, {"version": 1}, content_type="application/json")
        assert response.status_code == 403, (method, url, response.status_code)
        assert "CSRF" in response.json()["message"]


def test_with_a_token_the_same_change_goes_through(secretariat, hackney):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    client.get(f"/organisations/{hackney.pk}/edit/")
    token = client.cookies["csrftoken"].value
    response = client.patch(
        f"/api/organisations/{hackney.key}",
        {"version": hackney.version, "website": "https://hackney.gov.uk"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.content
    assert response.json()["website"] == "https://hackney.gov.uk"


def test_every_page_carries_a_content_security_policy(alice):
    client = Client()
    client.force_login(alice)
    for url in [*_site_urls(), "/api/docs", "/no-such-page/"]:
        response = client.get(url)
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy, url
        assert "frame-ancestors 'none'" in policy, url
        assert response["X-Content-Type-Options"] == "nosniff", url


def test_production_settings_pass_the_deploy_check_with_no_warning():
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "devolution.settings.production",
        "SECRET_KEY": "a-long-random-secret-for-the-check-" + "x7Kp2mQ9vR4tW8yZ" * 3,
        "AUDIT_KEY": "an-audit-key-for-the-check-" + "Lm3nB8cV1xZ6aS0d" * 3,
        "ALLOWED_HOSTS": "devolution.example",
        "DATABASE_URL": "sqlite:////tmp/devolution-check.sqlite3",
        # As a deployment sends e-mail (core.deployment refuses the console's).
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.devolution.example",
        "DEFAULT_FROM_EMAIL": "devolution@devolution.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret", ["SECRET_KEY", "AUDIT_KEY"])
def test_production_refuses_to_start_without_its_secrets(secret):
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "AUDIT_KEY"}}
    env.update(
        DJANGO_SETTINGS_MODULE="devolution.settings.production",
        ALLOWED_HOSTS="x.example",
        SECRET_KEY="a-secret-key",
        AUDIT_KEY="an-audit-key",
    )
    del env[secret]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"{secret} must be set" in result.stderr
