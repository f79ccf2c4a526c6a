"""QUALITY P3 for the calendar and the data items asked twice: at an England-sized register
(the bench's 200 synthetic returns of 12 items each from a pool of 300) a trust's calendar
and the duplicates are read in the same few queries as at the demo register's size, and
the calendar still merges every return in date order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devolution.bench.england_regulation import ITEMS_PER_RETURN, RETURNS, regulation_grow
from devolution.core.models import Source
from devolution.regulation.demo import demo_regulation_fill

pytestmark = pytest.mark.django_db

TRUST = "trust-barts-health"
YEAR = "?from=2018-04-01&to=2019-03-31"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response


def test_the_calendar_and_duplicates_cost_the_same_queries_at_englands_size(client):
    demo_regulation_fill()
    small = {
        url: _queries(client, url)[0]
        for url in (
            f"/api/regulation/calendars/{TRUST}{YEAR}",
            f"/regulation/calendars/{TRUST}/{YEAR}",
            "/api/regulation/duplicates",
            "/regulation/duplicates/",
        )
    }
    Source.objects.get_or_create(key="bench-synthetic", defaults={"title": "Synthetic"})
    assert regulation_grow() == RETURNS
    for url, count in small.items():
        big, _ = _queries(client, url)
        assert big == count, (url, count, big)
    # The API gives the calendar a part at a time; read whole, it merges every return.
    entries = []
    while True:
        data = client.get(
            f"/api/regulation/calendars/{TRUST}{YEAR}&limit=500&offset={len(entries)}"
        ).json()
        assert {i["key"] for i in data["items"] if i["duplicate"]} == set(data["duplicate_items"])
        entries += data["entries"]
        if not data["entries"]:
            break
    assert len(entries) == data["count"] > 1000
    dues = [e["due"] for e in entries]
    assert dues == sorted(dues)
    # Every synthetic return and the five demo returns a trust submits (not the CCGs').
    assert len({e["return_key"] for e in entries}) == RETURNS + 5
    assert all(len(e["items"]) == ITEMS_PER_RETURN for e in entries if "bench" in e["return_key"])
    assert client.get("/api/regulation/duplicates?limit=1000").json()["count"] > 100
