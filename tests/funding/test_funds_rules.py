"""The funds' and contributions' rules as pure functions: a table of cases each."""

import pytest

from devolution.funding.rules.contributions import (
    cash_total,
    contribution_text,
    shortfall,
    thousands,
)
from devolution.funding.rules.funds import Position, amount_refusal, fund_year_refusal, sum_known


@pytest.mark.parametrize(
    ("amount", "allocated", "refused"),
    [
        (5_000_000, 5_000_000, False),
        (6_000_000, 5_000_000, False),
        (4_999_999, 5_000_000, True),
        (0, 0, False),
    ],
)
def test_an_amount_is_never_below_what_is_allocated(amount, allocated, refused):
    message = amount_refusal(what="Unallocated", year="2018-19", amount=amount, allocated=allocated)
    assert bool(message) is refused
    if refused:
        assert f"£{allocated:,} is already allocated" in message


@pytest.mark.parametrize(
    ("fund_amount", "others", "amount", "refused"),
    [
        (None, [10**12], 10**12, False),
        (114, [100, None], 14, False),
        (114, [100, None], 15, True),
        (114, [], 114, False),
    ],
)
def test_a_years_categories_never_hold_more_than_the_fund(fund_amount, others, amount, refused):
    message = fund_year_refusal(
        fund="F", year="2018-19", fund_amount=fund_amount, others=others, amount=amount
    )
    assert bool(message) is refused


@pytest.mark.parametrize(
    ("position", "left"),
    [(Position(None, 1, 2, 3), None), (Position(10, 5, 4, 1), 6), (Position(4, 0, 4, 4), 0)],
)
def test_what_is_left_is_the_amount_less_what_is_allocated_not_what_is_recommended(position, left):
    assert position.left == left


@pytest.mark.parametrize(("amounts", "total"), [([], None), ([1, None], None), ([1, 2], 3)])
def test_a_sum_of_amounts_is_unknown_if_any_is(amounts, total):
    assert sum_known(amounts) == total


@pytest.mark.parametrize(
    ("amount", "text"),
    [(1_528_000, "£1,528k"), (80_000, "£80k"), (1_500, "£1,500"), (None, "unknown"), (0, "£0")],
)
def test_amounts_read_in_thousands_as_the_paper_prints_them(amount, text):
    assert thousands(amount) == text


@pytest.mark.parametrize(
    ("planned", "total", "short"),
    [
        (None, 1_528_000, None),
        (2_000_000, None, None),
        (2_000_000, 1_528_000, 472_000),
        (1_000_000, 1_528_000, 0),
    ],
)
def test_the_shortfall_is_unknown_until_the_planned_costs_are_known(planned, total, short):
    assert shortfall(planned=planned, total=total) == short


def test_the_cash_total_is_unknown_if_any_rows_cash_is():
    assert cash_total([300_000, 160_000]) == 460_000
    assert cash_total([300_000, None]) is None


@pytest.mark.parametrize(
    ("amount", "in_kind", "text"),
    [
        (80_000, "staff", "£80k + staff"),
        (None, "staff", "staff"),
        (5_000, "", "£5k"),
        (None, "", "unknown"),
    ],
)
def test_a_changed_contribution_reads_as_its_cash_and_what_is_given_in_kind(amount, in_kind, text):
    assert contribution_text(amount, in_kind) == text
