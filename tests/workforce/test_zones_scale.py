"""The zones page and the supplement calculator's places at England's scale (QUALITY
P3): the boroughs of the partnership in view's footprint, not every borough of England."""

import pytest

from tests.meetings.test_scale import other_partnership, queries

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/workforce/zones/", "/workforce/supplement/"])
def test_only_the_boroughs_in_view_and_the_same_queries(client, path):
    before, page = queries(client, path)
    assert "Hackney" in page
    other_partnership(5)
    after, page = queries(client, path)
    assert after == before
    assert "Hackney" in page and "Synthetic other borough" not in page
