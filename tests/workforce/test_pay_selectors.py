"""The rates as loaded from the data: each calculator reads the one in effect on its day."""

import datetime as dt
from decimal import Decimal

import pytest

from devolution.core.models import Parameter, ParameterValue, Source
from devolution.core.parameters import forget_parameters
from devolution.workforce.selectors.pay import (
    RateUnknown,
    levy_rates,
    pay_comparison,
    supplement_rates,
)

pytestmark = pytest.mark.django_db

D = Decimal


def add_value(key: str, on: dt.date, value: str) -> None:
    ParameterValue.objects.create(
        parameter=Parameter.objects.get(key=key),
        effective_from=on,
        value=D(value),
        source=Source.objects.get(key="seed-001"),
        quote="a later rate, added in a test",
    )
    forget_parameters()


def test_levy_rates_from_6_april_2017():
    rates = levy_rates(dt.date(2017, 4, 6))
    assert (rates.rate, rates.allowance, rates.threshold) == (D("0.5"), 15000, 3000000)
    assert rates.transfer_share is None  # transfers from 6 April 2018
    assert levy_rates(dt.date(2018, 4, 6)).transfer_share == 10
    assert levy_rates(dt.date(2018, 4, 5)).transfer_share is None


def test_before_the_first_rate_is_a_422_naming_the_date():
    with pytest.raises(RateUnknown) as caught:
        levy_rates(dt.date(2017, 4, 5))
    assert caught.value.status == 422
    assert caught.value.problems[0].field == "date"
    assert "no apprenticeship levy rate is known before 6 April 2017" in caught.value.message
    with pytest.raises(RateUnknown) as caught:
        supplement_rates("inner", dt.date(2016, 3, 31))
    assert "before 1 April 2016" in caught.value.message


def test_a_later_rate_added_as_data_is_used_from_its_day():
    add_value("hcas-inner-rate", dt.date(2018, 4, 1), "21")
    assert supplement_rates("inner", dt.date(2018, 3, 31)).rates.rate == 20
    assert supplement_rates("inner", dt.date(2018, 4, 1)).rates.rate == 21


def test_pay_comparison_loads():
    comparison = pay_comparison()
    assert comparison.table is not None
    assert len(comparison.rows) == 5
    assert len(comparison.lines) == 8
