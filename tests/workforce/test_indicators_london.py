"""London's workforce figures: only what seed 001 states, each with its quote."""

from decimal import Decimal

import pytest

from devolution.workforce.models import Indicator

pytestmark = pytest.mark.django_db


def test_lewisham_healthcare_assistant_vacancies_are_the_seeds():
    row = Indicator.objects.get(place__code="E09000023")
    assert row.staff_group == "Healthcare assistants in primary care"
    assert row.vacancy_rate == Decimal("24.00")
    assert row.staff_in_post is None and row.vacancies is None
    assert row.period_start is None and row.period_end is None
    assert row.source.key == "seed-001"
    assert "24% of Healthcare Assistant positions in primary care are vacant" in row.quote
    assert "Lewisham Devolution Pilot Business Case" in row.note
    assert not row.is_demo


def test_london_gps_aged_60_and_over_with_the_rest_of_england_in_the_note():
    row = Indicator.objects.get(place__code="E12000007")
    assert row.staff_group == "GPs"
    [band] = row.ages.all()
    assert (band.from_age, band.to_age, band.share) == (60, None, Decimal("15.00"))
    assert "15% of London GPs aged 60 and over compared to 8% in the rest of England" in row.quote
    assert "8%" in row.note
    # Nothing else is loaded: no figure the seeds do not state.
    assert Indicator.objects.filter(is_demo=False).count() == 2
    assert row.vacancy_rate is None and row.turnover_rate is None
