"""The bench's workforce rows: the levy of an England-sized set of employers, and one
supplement, timed in process against their bars."""

import pytest

from devolution.bench.workforce_calculators import workforce_calculators

pytestmark = pytest.mark.django_db


def test_the_calculators_bench_rows_meet_their_bars():
    figures = workforce_calculators()
    assert len(figures) == 2
    for figure in figures:
        print(figure)
        assert figure.passed, figure
