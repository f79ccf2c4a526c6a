"""Bad input to the API gets a clear 4xx, never a 5xx (QUALITY S5): schemathesis generates
requests from the OpenAPI schema, valid and not, for every operation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request must not close the test's connection, which
    holds the test's transaction (PostgreSQL would see it closed)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_with_a_server_error(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    if response.status_code >= 400:
        assert "json" in response.headers.get("content-type", [""])[0], (
            case.method,
            case.formatted_path,
            response.status_code,
            response.text[:300],
        )
        body = response.json()
        assert body.get("message") or body.get("detail"), body
