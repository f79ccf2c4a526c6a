"""Public endpoints are throttled (QUALITY S5): past the rate, 429 with Retry-After, for
the API (the legal check included), for the legal checker's page and for every public
document (PDFs, spreadsheets, CSV, calendars, papers); counted in Django's
cache, per address for the public and per person once signed in.

The rest of the suite runs with throttling off (settings.test); these tests set rates.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

CHECK = {
    "form": "joint_committee",
    "function": None,
    "parties": [{"type": "ccg", "holds": "original"}, {"type": "ccg", "holds": "original"}],
    "services": [],
    "decision_making": True,
    "region": "london",
    "level": None,
    "case_for_level": None,
    "all_parties_agree": False,
}
CHECKER_QUERY = {
    "form": "delegation",
    "function": "primary_care_commissioning",
    "party_1_type": "ccg",
    "party_1_holds": "delegated",
    "party_2_type": "ccg",
    "party_2_holds": "",
    "region": "london",
}


@pytest.fixture(autouse=True)
def _counts_start_afresh():
    cache.clear()
    yield
    cache.clear()


def _retry_after(response) -> int:
    seconds = int(response["Retry-After"])
    assert 1 <= seconds <= 60, seconds
    return seconds


@override_settings(THROTTLE_RATES={"anon": "3/min", "auth": None})
def test_the_api_answers_429_with_retry_after_past_the_public_rate():
    client = Client()
    for _ in range(3):
        assert client.get("/api/places").status_code == 200
    response = client.get("/api/places")
    assert response.status_code == 429
    seconds = _retry_after(response)
    assert response.json()["message"] == (
        f"Too many requests from you in a short time. Try again in {seconds} seconds."
    )
    # Any operation: the count is the client's, not the operation's.
    assert client.get("/api/boards").status_code == 429


@override_settings(THROTTLE_RATES={"anon": "2/min", "auth": None})
def test_the_legal_check_is_throttled():
    client = Client()
    for _ in range(2):
        response = client.post("/api/legal/check", CHECK, content_type="application/json")
        assert response.status_code == 200, response.content
    response = client.post("/api/legal/check", CHECK, content_type="application/json")
    assert response.status_code == 429
    _retry_after(response)


@override_settings(THROTTLE_RATES={"anon": "2/min", "auth": None})
def test_the_legal_checker_page_is_throttled():
    client = Client()
    url = reverse("governance:arrangement-checker")
    for _ in range(2):
        assert client.get(url, CHECKER_QUERY).status_code == 200
    response = client.get(url, CHECKER_QUERY)
    assert response.status_code == 429
    seconds = _retry_after(response)
    assert f"Try again in {seconds} second" in response.content.decode()
    # A page that is not throttled is still served.
    assert client.get(reverse("partners:home")).status_code == 200


@override_settings(THROTTLE_RATES={"anon": "2/min", "auth": None})
def test_a_form_sent_by_someone_not_signed_in_is_throttled():
    client = Client()
    url = reverse("core:sign-in")
    form = {"email": "nobody@example.org", "password": "not the password"}
    statuses = [client.post(url, form).status_code for _ in range(3)]
    assert statuses[2] == 429, statuses
    assert 429 not in statuses[:2], statuses


@override_settings(THROTTLE_RATES={"anon": "2/min", "auth": None})
def test_the_public_are_counted_by_address():
    here, there = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    for _ in range(2):
        here.get("/api/places")
    assert here.get("/api/places").status_code == 429
    assert there.get("/api/places").status_code == 200


@override_settings(THROTTLE_RATES={"anon": "1/min", "auth": "3/min"})
def test_someone_signed_in_is_counted_by_person_at_their_own_rate(alice, bob):
    as_alice, as_bob = signed_in(alice), signed_in(bob)
    for _ in range(3):
        assert as_alice.get("/api/places").status_code == 200
    response = as_alice.get("/api/places")
    assert response.status_code == 429
    _retry_after(response)
    # Bob, from the same address, has his own count.
    assert as_bob.get("/api/places").status_code == 200


@override_settings(THROTTLE_RATES={"anon": "2/min", "auth": None}, TRUSTED_PROXY_COUNT=0)
def test_a_forged_forwarded_address_does_not_reset_the_count():
    client = Client()
    for n in range(2):
        client.get("/api/places", headers={"X-Forwarded-For": f"198.51.100.{n}"})
    response = client.get("/api/places", headers={"X-Forwarded-For": "198.51.100.99"})
    assert response.status_code == 429


@override_settings(THROTTLE_RATES={"anon": "5/min", "auth": None})
def test_the_counts_live_in_djangos_cache():
    client = Client()
    client.get("/api/places")
    client.get(reverse("governance:arrangement-checker"))
    assert len(cache.get("throttle_anon_127.0.0.1")) == 1  # the API's count
    assert len(cache.get("throttle_page-anon_127.0.0.1")) == 1  # the pages', apart
    cache.clear()  # a shared cache emptied: the count starts again
    assert all(client.get("/api/places").status_code == 200 for _ in range(5))


def test_the_suite_runs_unthrottled():
    from django.conf import settings

    assert settings.THROTTLE_RATES == {"anon": None, "auth": None}
    client = Client()
    assert all(client.get("/api/places").status_code == 200 for _ in range(130))


@override_settings(THROTTLE_RATES={"anon": "2/min", "auth": None})
def test_a_public_document_is_throttled():
    client = Client()
    for _ in range(2):
        assert client.get("/public/conflicts.csv").status_code == 200
    response = client.get("/public/conflicts.csv")
    assert response.status_code == 429
    _retry_after(response)
    # A page that is not throttled is still served.
    assert client.get(reverse("meetings:conflict-log")).status_code == 200


@override_settings(THROTTLE_RATES={"anon": "1/min", "auth": None})
def test_every_public_document_and_paper_download_is_throttled():
    """The one request the rate allows spent on a paper that does not exist (a 404, which
    counts), every public document route is refused before its document is made."""
    from tests.core.test_documents import NOT_MADE_ONCE, _document_routes

    routes = [route for name, route, _ in _document_routes() if name not in NOT_MADE_ONCE]
    assert len(routes) >= 30
    for n, route in enumerate(routes):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert client.get("/public/papers/999999/").status_code == 404
        url = "/" + re.sub(r"<[^>]+>", "x", route)
        response = client.get(url)
        assert response.status_code == 429, (url, response.status_code)
        _retry_after(response)
