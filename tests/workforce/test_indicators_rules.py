"""The rates' rules: worked out from the counts, else as given, else unknown; the
aggregate adds counts first and leaves out rows with only a rate; age columns."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devolution.workforce.rules.indicators import (
    AS_GIVEN,
    UNKNOWN,
    WORKED_OUT,
    Counts,
    age_band,
    age_column,
    aggregate,
    bands_overlap,
    turnover_rate,
    vacancy_rate,
)

D = Decimal


def test_vacancy_rate_is_vacancies_over_posts():
    rate = vacancy_rate(D(90), D(10), None)
    assert (rate.value, rate.how) == (D("10.0"), WORKED_OUT)


def test_counts_beat_a_given_rate():
    assert vacancy_rate(D(75), D(25), D(40)).value == D("25.0")


def test_given_rate_when_no_counts_and_unknown_when_neither():
    assert vacancy_rate(None, D(5), D(24)) == vacancy_rate(D(1), None, D(24))
    assert vacancy_rate(None, None, D(24)).how == AS_GIVEN
    assert vacancy_rate(None, None, None).how == UNKNOWN
    assert vacancy_rate(None, None, None).value is None


def test_no_posts_is_unknown_not_a_division_by_nought():
    assert vacancy_rate(D(0), D(0), None).value is None
    assert turnover_rate(D(3), D(0), None).value is None


def test_turnover_is_leavers_over_staff_in_post():
    rate = turnover_rate(D(12), D(400), None)
    assert (rate.value, rate.how) == (D("3.0"), WORKED_OUT)
    assert turnover_rate(None, D(400), D(9)).how == AS_GIVEN


def test_aggregate_sums_counts_not_rates():
    # 10% of 100 posts and 50% of 900 posts: 460 of 1,000, not the mean 30%.
    result = aggregate([Counts(D(90), D(10), D(9)), Counts(D(450), D(450), D(45))])
    assert result.vacancy_rate.value == D("46.0")
    assert result.turnover_rate.value == D("10.0")
    assert (result.vacancy_rows, result.turnover_rows, result.rate_only) == (2, 2, 0)


def test_aggregate_leaves_out_rows_with_only_a_rate_and_counts_them():
    result = aggregate([Counts(D(90), D(10), None), Counts(None, None, None, D(24), None)])
    assert result.vacancy_rate.value == D("10.0")
    assert result.rate_only == 1
    assert result.turnover_rate.how == UNKNOWN


def test_aggregate_of_nothing_is_unknown():
    result = aggregate([])
    assert result.vacancy_rate.value is None and result.turnover_rate.value is None


counts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


@given(st.lists(st.tuples(counts, counts), min_size=1, max_size=20))
def test_aggregate_lies_between_the_rows_rates(rows):
    """The summed rate is a weighted mean: never outside the rows' own rates."""
    result = aggregate([Counts(s, v, None) for s, v in rows])
    rates = [vacancy_rate(s, v, None).value for s, v in rows]
    known = [r for r in rates if r is not None]
    if not known:
        assert result.vacancy_rate.value is None
        return
    assert result.vacancy_rate.value is not None
    assert min(known) - D("0.1") <= result.vacancy_rate.value <= max(known) + D("0.1")
    assert D(0) <= result.vacancy_rate.value <= D(100)


@given(counts, counts)
def test_vacancy_rate_is_a_percentage(staff, vacancies):
    rate = vacancy_rate(staff, vacancies, None)
    assert rate.value is None or D(0) <= rate.value <= D(100)


@pytest.mark.parametrize(
    ("column", "band"),
    [
        ("aged_60_and_over", (60, None)),
        ("aged_under_25", (None, 24)),
        ("aged_25_to_34", (25, 34)),
    ],
)
def test_age_columns_name_their_bands(column, band):
    assert age_band(column) == band
    assert age_column(*band) == column


@pytest.mark.parametrize("column", ["aged_sixty", "aged_40_to_30", "aged_under_0", "age_60"])
def test_unknown_age_columns_are_refused(column):
    with pytest.raises(ValueError, match=column):
        age_band(column)


def test_overlapping_bands_are_found():
    assert bands_overlap([(None, 24), (20, 34)])
    assert not bands_overlap([(None, 24), (25, 34), (35, None)])
