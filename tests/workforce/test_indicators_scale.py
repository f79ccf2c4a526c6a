"""The workforce indicators at England's scale (QUALITY P3, P4): the list, the board view
and the API show the partnership in view's systems, and make the same queries whatever
another partnership's systems hold."""

import pytest

from devolution.bench.england_workforce import workforce_grow, workforce_record
from devolution.core.models import Source
from tests.meetings.test_scale import other_partnership, queries

pytestmark = pytest.mark.django_db

PATHS = [
    "/workforce/indicators/",
    "/workforce/indicators/board/",
    "/api/workforce/indicators",
    "/api/workforce/indicators/stp",
]
OTHERS = "Synthetic other partnership"


def test_the_same_queries_and_none_of_another_partnerships_systems(client):
    Source.objects.get_or_create(key="bench-synthetic", defaults={"title": "Synthetic"})
    workforce_record()
    before = {path: queries(client, path)[0] for path in PATHS}
    other_partnership(6)
    assert workforce_grow() == 6 * 16
    after = {}
    for path in PATHS:
        after[path], content = queries(client, path)
        assert OTHERS not in content and "synthetic-other-org" not in content, path
    assert after == before
    assert max(after.values()) <= 15
    # Asked for by its key, the other's system is shown.
    _, theirs = queries(client, "/api/workforce/indicators/stp?stp=synthetic-other")
    assert OTHERS in theirs


def test_the_workforce_pages_name_no_board_of_londons_data_for_another_partnership(client):
    """Another partnership in view (configured as data, without London's boards) is not
    shown London's Workforce Board: the pages say what they show, not whose board it is."""
    from tests.partners.other_partnership import KEY
    from tests.partners.other_partnership import other_partnership as zeta

    zeta()
    for path in ("/workforce/", "/workforce/indicators/", "/workforce/indicators/board/"):
        page = client.get(f"{path}?partnership={KEY}")
        assert page.status_code == 200, path
        text = page.content.decode()
        assert "Vacancies and turnover over time" in text, path
        assert "London Workforce Board" not in text, path
        assert "London's" not in text, path
