"""The API keeps its contract (QUALITY S5): schemathesis generates requests from the
OpenAPI schema, valid and not, for every operation, anonymous and signed in, and checks
each answer against the schema: never a 5xx, only documented statuses, the documented
content type, and a body that conforms to the status's schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from devolution.partners.models import Role
from tests.conftest import make_person

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CSRF = "a" * 32  # a CSRF secret the session's cookie and header both carry


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request must not close the test's connection, which
    holds the test's transaction (PostgreSQL would see it closed)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["anonymous", "secretariat"])
def session(request, db) -> dict[str, dict[str, str]]:
    """The cookies and headers of a request: none for the public; for the secretariat (who
    may call every operation), a signed-in session and its CSRF token."""
    if request.param == "anonymous":
        return {"cookies": {}, "headers": {}}
    person = make_person("fuzz@londoncouncils.example", "london-councils", Role.SECRETARIAT)
    client = Client()
    client.force_login(person)
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF},
        "headers": {"X-CSRFToken": CSRF},
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_keeps_its_contract(case, session):
    response = case.call(cookies=session["cookies"], headers=session["headers"])
    case.validate_response(response, checks=CHECKS)
    if response.status_code >= 400:
        assert response.json()["message"], (case.method, case.formatted_path, response.text)
