"""Fixtures shared by every test: the London data set, and the personas of QUALITY S1.

The London data set is loaded once per test database (per xdist worker); each test
runs in a transaction that is rolled back, so tests see London as loaded.
"""

import pytest
from django.test import Client

from devolution.core.models import User
from devolution.partners.models import Organisation, Role
from devolution.partners.services import membership_grant, person_create
from tests.concurrency import _concurrent_template, concurrent_db  # noqa: F401 (fixtures)

PASSWORD = "correct horse battery staple"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """A test of real concurrency needs the test database made, as a django_db test does;
    marked before pytest-django orders the tests, it runs among them, before the browser's
    (whose event loop, once started, makes Django refuse database calls in this thread)."""
    for item in items:
        if "concurrent_db" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.conf import settings
    from django.utils.module_loading import import_string

    with django_db_blocker.unblock():
        for loader in settings.LONDON_DATA_LOADERS:
            import_string(loader)()


def make_person(email: str, org_key: str, role: str, name: str = "") -> User:
    person = person_create(
        actor=None, email=email, full_name=name or email.split("@")[0].title(), password=PASSWORD
    )
    membership_grant(
        actor=None,
        person=person,
        organisation=Organisation.objects.get(key=org_key),
        role=role,
    )
    return person


@pytest.fixture
def alice(db) -> User:
    """A board member of the London Borough of Hackney: the owning organisation."""
    return make_person("alice@hackney.example", "la-hackney", Role.BOARD_MEMBER, "Alice Adams")


@pytest.fixture
def bob(db) -> User:
    """A board member of the London Borough of Camden: another partner."""
    return make_person("bob@camden.example", "la-camden", Role.BOARD_MEMBER, "Bob Brown")


@pytest.fixture
def reader(db) -> User:
    """A read-only person at Hackney."""
    return make_person("reader@hackney.example", "la-hackney", Role.READ_ONLY, "Rey Reader")


@pytest.fixture
def secretariat(db) -> User:
    """A secretariat officer at London Councils."""
    return make_person(
        "sec@londoncouncils.example", "london-councils", Role.SECRETARIAT, "Sam Secretariat"
    )


@pytest.fixture
def hackney(db) -> Organisation:
    return Organisation.objects.get(key="la-hackney")


def signed_in(person: User) -> Client:
    client = Client()
    client.force_login(person)
    return client
