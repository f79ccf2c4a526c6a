"""What is built once a process when served to people (issue 11): the templates, compiled
once and never looked at again out of DEBUG, and the API's OpenAPI schema."""

from unittest import mock

import pytest
from django.template.backends.jinja2 import Jinja2
from django.test import Client, override_settings
from jinja2 import FileSystemBytecodeCache
from ninja import NinjaAPI

from devolution.api import api


def _engine() -> Jinja2:
    """A new engine as settings.TEMPLATES makes it (the one in use is made once)."""
    return Jinja2(
        {
            "NAME": "jinja2",
            "DIRS": [],
            "APP_DIRS": True,
            "OPTIONS": {"environment": "devolution.core.jinja.environment"},
        }
    )


@override_settings(DEBUG=False)
def test_out_of_debug_templates_are_compiled_once_and_their_code_kept():
    env = _engine().env
    assert env.auto_reload is False
    assert isinstance(env.bytecode_cache, FileSystemBytecodeCache)
    template = env.get_template("core/error.jinja")
    with mock.patch("os.path.getmtime") as looked_at:
        assert env.get_template("core/error.jinja") is template
    looked_at.assert_not_called()  # the file is not looked at again


@override_settings(DEBUG=True)
def test_in_debug_a_changed_template_is_read_again():
    env = _engine().env
    assert env.auto_reload is True
    assert env.bytecode_cache is None


@pytest.fixture
def schema_afresh():
    api.openapi_schema_forget()
    yield
    api.openapi_schema_forget()


@pytest.mark.django_db
def test_the_openapi_schema_is_built_once_a_process(schema_afresh):
    original = NinjaAPI.get_openapi_schema
    with mock.patch.object(
        NinjaAPI, "get_openapi_schema", autospec=True, side_effect=original
    ) as built:
        first = Client().get("/api/openapi.json")
        second = Client().get("/api/openapi.json")
    assert first.status_code == second.status_code == 200
    assert built.call_count == 1
    assert second.json() == first.json()
    # The statuses the contract adds are in the schema kept.
    assert "ErrorOut" in second.json()["components"]["schemas"]
