"""The data's version and what is cached under it (core.versions)."""

import pytest
from django.db import transaction
from django.test import override_settings

from devolution.core.models import Source
from devolution.core.services import audit_record
from devolution.core.versions import cached, data_version

pytestmark = pytest.mark.django_db

REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t2"},
}


def _write() -> None:
    with transaction.atomic():
        source = Source.objects.create(key="versions-test", title="A source", kind="entered")
        audit_record(actor=None, action="create", obj=source, before=None, after={"k": 1})


def test_a_write_moves_the_version():
    before = data_version()
    assert data_version() == before  # reading does not
    _write()
    assert data_version() != before


@override_settings(CACHES=REAL_CACHE)
def test_a_value_is_built_once_per_version():
    built = []

    def build() -> int:
        built.append(1)
        return len(built)

    assert cached("count", build) == 1
    assert cached("count", build) == 1  # kept
    assert cached("other", build) == 2  # another name, another value
    _write()
    assert cached("count", build) == 3  # a write: built again
    assert len(built) == 3
