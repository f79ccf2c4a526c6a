"""The bench's workforce rows: London's demonstration figures, and the England growth
over the other partnerships' STPs (London's keep London's figures, so that a page of
the partnership in view shows the same rows at both sizes) that the list, the board view
and the API are measured on, with the board's queries bounded whatever the size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devolution.bench.england_workforce import organisation_key, workforce_grow, workforce_record
from devolution.core.models import Source
from devolution.workforce.models import Indicator
from devolution.workforce.selectors.indicators import Filters, board, systems_in_view
from tests.meetings.test_scale import OTHER, other_partnership

pytestmark = pytest.mark.django_db


def test_grow_gives_every_stp_member_eight_quarters_and_the_board_reads_in_two_queries():
    Source.objects.get_or_create(key="bench-synthetic", defaults={"title": "Synthetic"})
    workforce_record()
    london = Indicator.objects.count()
    other_partnership(3)
    made = workforce_grow()
    assert made == 3 * 16  # its three members, eight quarters, two staff groups
    assert not Indicator.objects.exclude(organisation__partnerships__key=OTHER)[london:].exists()
    assert organisation_key().startswith("trust-")
    with CaptureQueriesContext(connection) as queries:
        result = board(Filters())
    assert len(queries) == 2
    assert len(result.overall) == 8 and result.by_stp
    assert Indicator.objects.filter(staff_group="Registered nurses").count() >= made // 2
    # The partnership in view's board: London's STPs, not the other's.
    london_board = board(Filters(systems=systems_in_view()))
    names = {p.group for p in london_board.by_stp}
    assert names and "Synthetic other partnership" not in names
    assert "Synthetic other partnership" in {p.group for p in result.by_stp}
