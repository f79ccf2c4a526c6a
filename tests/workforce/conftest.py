"""Workforce indicator fixtures: members of two trusts."""

import pytest

from devolution.partners.models import Role
from tests.conftest import make_person


@pytest.fixture
def barts_member(db):
    """A commitment owner at Barts Health: a member who records Barts' figures."""
    return make_person("bea@barts.example", "trust-barts-health", Role.COMMITMENT_OWNER, "Bea")


@pytest.fixture
def barts_reader(db):
    return make_person("rey@barts.example", "trust-barts-health", Role.READ_ONLY, "Rey")
