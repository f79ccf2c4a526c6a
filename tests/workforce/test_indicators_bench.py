"""The bench's workforce rows: London's demonstration figures, and the England growth
(here over London's STPs only) that the list, the board view and the API are measured
on, with the board's queries bounded whatever the size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devolution.bench.england_workforce import organisation_key, workforce_grow, workforce_record
from devolution.core.models import Source
from devolution.workforce.models import Indicator
from devolution.workforce.selectors.indicators import Filters, board

pytestmark = pytest.mark.django_db


def test_grow_gives_every_stp_member_eight_quarters_and_the_board_reads_in_two_queries():
    Source.objects.get_or_create(key="bench-synthetic", defaults={"title": "Synthetic"})
    workforce_record()
    made = workforce_grow()
    assert made > 0 and made % 16 == 0
    assert organisation_key().startswith("trust-")
    with CaptureQueriesContext(connection) as queries:
        result = board(Filters())
    assert len(queries) == 2
    assert len(result.overall) == 8 and result.by_stp
    assert Indicator.objects.filter(staff_group="Registered nurses").count() == made // 2
