"""A client generated from the API's own schema (openapi-python-client, as a third party
would make one) lists every collection without an error, anonymous and signed in: the
schema is one a generator takes, and the answers parse into its models."""

import importlib
import json
import pkgutil
import subprocess
import sys
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client

from devolution.partners.models import Role
from tests.conftest import make_person

PACKAGE = "devolution_client"
MEETING = "spb-2017-05-24"  # a London meeting, for the lists under a meeting


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return Client().get("/api/openapi.json").json()


@pytest.fixture(scope="module")
def generated(openapi: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The client package, generated into a temporary folder and imported."""
    folder = tmp_path_factory.mktemp("client")
    (folder / "openapi.json").write_text(json.dumps(openapi))
    (folder / "config.yaml").write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(folder / "openapi.json"),
            "--meta",
            "none",
            "--output-path",
            str(folder / PACKAGE),
            "--config",
            str(folder / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(PACKAGE)
        for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
            importlib.import_module(module.name)
    finally:
        sys.path.remove(str(folder))
    return package


def _list_operations(openapi: dict[str, Any]) -> list[tuple[str, str, set[str]]]:
    """Every list: a GET whose answer is a page of items. (path, operation id, path params)"""
    found = []
    for path, methods in openapi["paths"].items():
        operation = methods.get("get")
        if not operation:
            continue
        ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
        if ok.get("$ref", "").startswith("#/components/schemas/Paged"):
            params = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            found.append((path, operation["operationId"], params))
    return found


def _operation(package: ModuleType, operation_id: str) -> ModuleType:
    for module in pkgutil.walk_packages(package.__path__, f"{PACKAGE}."):
        if module.name.rsplit(".", 1)[-1] == operation_id:
            return sys.modules[module.name]
    raise AssertionError(f"the generated client has no operation {operation_id}")


def test_the_lists_are_the_collections(openapi):
    """The lists the client is tried on are every collection, so none is left out."""
    paths = {path for path, _, _ in _list_operations(openapi)}
    assert paths == {
        "/api/places",
        "/api/organisations",
        "/api/partnerships",
        "/api/sources",
        "/api/glossary",
        "/api/legal/rules",
        "/api/boards",
        "/api/functions",
        "/api/arrangements",
        "/api/meetings",
        "/api/actions",
        "/api/meetings/{key}/attendance",
        "/api/interests",
        "/api/meetings/{key}/declarations",
        "/api/commitments",
        "/api/parameters",
        "/api/funds",
        "/api/bids",
        "/api/proposals",
        "/api/allocations",
        "/api/estates/sites",
        "/api/estates/policy",
        "/api/capital/cases",
        "/api/capital/disposals",
        "/api/regulation/returns",
        "/api/regulation/timeline",
        "/api/regulation/duplicates",
        "/api/workforce/indicators",
        "/api/decisions",
        "/api/open-data",
        "/api/search",
        "/api/notifications",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_a_generated_client_lists_every_collection(openapi, generated, who):
    cookies = {}
    if who == "secretariat":
        person = make_person("client@londoncouncils.example", "london-councils", Role.SECRETARIAT)
        signed = Client()
        signed.force_login(person)
        cookies = {"sessionid": signed.cookies["sessionid"].value}
    client = generated.Client(base_url="http://testserver", raise_on_unexpected_status=True)
    client.set_httpx_client(
        httpx.Client(
            base_url="http://testserver",
            cookies=cookies,
            transport=httpx.WSGITransport(app=get_wsgi_application()),
        )
    )
    paged = 0
    for path, operation_id, params in _list_operations(openapi):
        module = _operation(generated, operation_id)
        response = module.sync_detailed(client=client, **dict.fromkeys(params, MEETING), limit=5)
        needs_sign_in = any(openapi["paths"][path]["get"].get("security", []))
        if who == "anonymous" and needs_sign_in:
            assert response.status_code == 401, (path, response.content)
            assert response.parsed.message, path
            continue
        assert response.status_code == 200, (path, response.content)
        page = response.parsed
        assert type(page).__name__.startswith("Paged"), (path, page)
        assert isinstance(page.count, int) and len(page.items) <= min(5, page.count), path
        paged += 1
    assert paged == (32 if who == "secretariat" else 24)
