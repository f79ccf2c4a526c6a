"""The calculators' rules at their edges, with property tests: the levy (seed 001's
rules) and the high cost area supplements (seed 001's figures)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devolution.workforce.rules.levy import Employer, LevyRates, issues, levy, tax_year_end
from devolution.workforce.rules.supplements import SupplementRates, supplement

D = Decimal
ON = dt.date(2018, 6, 1)
RATES = LevyRates(D("0.5"), D(15000), D(3000000), D(10), dt.date(2018, 4, 6))
NO_TRANSFER = LevyRates(D("0.5"), D(15000), D(3000000), None, dt.date(2018, 4, 6))
ZONES = {
    "inner": SupplementRates("inner", D(20), D(4158), D(6405)),
    "outer": SupplementRates("outer", D(15), D(3518), D(4483)),
    "fringe": SupplementRates("fringe", D(5), D(961), D(1665)),
}


def one(pay_bill, **kw):
    return levy([Employer("E", D(pay_bill), **kw)], RATES, ON).employers[0]


def test_allowance_exactly_used_at_the_threshold():
    e = one(3_000_000)
    assert e.levy == 0 and e.allowance_unused == 0 and not e.pays


def test_one_pound_over_the_threshold():
    e = one(3_000_001)
    assert e.levy == D("0.01")  # 0.5% of £3,000,001 = £15,000.005, less £15,000, to the penny
    assert e.pays


def test_under_the_threshold_pays_nothing_and_the_allowance_lapses():
    e = one(1_000_000)
    assert e.levy == 0 and e.allowance_unused == 10_000 and e.transferable == 0
    assert "not over £3,000,000: no levy" in e.why
    assert tax_year_end(ON) == dt.date(2019, 4, 5)
    assert tax_year_end(dt.date(2019, 4, 5)) == dt.date(2019, 4, 5)
    assert tax_year_end(dt.date(2019, 4, 6)) == dt.date(2020, 4, 5)


def test_a_public_body_has_its_own_allowance():
    e = one(10_000_000, public_body=True)
    assert (e.allowance, e.levy, e.transferable) == (15000, 35000, 3500)


def test_a_connected_group_shares_one_allowance_in_proportion_to_pay_bill():
    result = levy(
        [
            Employer("A", D(2_000_000), "g"),
            Employer("B", D(2_000_000), "g"),
            Employer("C", D(1_000_000), None),
        ],
        RATES,
        ON,
    )
    a, b, c = result.employers
    # Together £4m: 0.5% is £20,000, less one £15,000 allowance: £5,000, shared 1:1.
    assert (a.allowance, b.allowance) == (7500, 7500)
    assert (a.levy, b.levy) == (2500, 2500)
    # Alone each would be under the threshold and pay nothing.
    assert c.levy == 0 and c.allowance == 15000
    assert result.total_levy == 5000
    assert result.recipients == ("C",)
    assert result.total_transferable == 500


def test_public_bodies_in_one_partnership_each_have_their_own_allowance():
    result = levy(
        [Employer("Trust", D(10_000_000), None, True), Employer("CCG", D(4_000_000), None, True)],
        RATES,
        ON,
    )
    assert [e.allowance for e in result.employers] == [15000, 15000]
    assert [e.levy for e in result.employers] == [35000, 5000]


def test_a_public_body_in_a_connected_group_is_refused_saying_why():
    found = issues([Employer("Trust", D(1), "g", True)])
    assert found[0].field == "connected_group"
    assert "Public bodies each get a full allowance" in found[0].message


def test_bad_rows_are_named():
    found = issues(
        [Employer("", D(1)), Employer("A", D(-1)), Employer("a", D(1)), Employer("B", D("1.001"))]
    )
    assert {(i.index, i.field) for i in found} == {
        (0, "name"),
        (1, "pay_bill"),
        (2, "name"),
        (3, "pay_bill"),
    }
    assert issues([Employer(f"E{n}", D(1)) for n in range(5001)])[0].field == "employers"


def test_unknown_pay_bill_is_not_counted():
    result = levy([Employer("A", None), Employer("B", D(4_000_000))], RATES, ON)
    assert result.uncounted == ("A",)
    assert result.employers[0].levy is None
    assert result.total_levy == 5000


def test_no_transfer_before_its_rate():
    result = levy([Employer("A", D(10_000_000))], NO_TRANSFER, ON)
    assert result.total_transferable == 0
    assert any("No transfer is allowed" in n for n in result.notes)


pay_bills = st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False)


@given(st.lists(st.tuples(pay_bills, st.booleans()), min_size=1, max_size=12))
def test_levy_never_negative_nor_over_half_a_percent(rows):
    employers = [
        Employer(f"E{n}", bill, "g" if grouped else None) for n, (bill, grouped) in enumerate(rows)
    ]
    result = levy(employers, RATES, ON)
    for e in result.employers:
        assert e.levy is not None and e.levy >= 0
        # to the penny: a share of a group's levy may round up by at most a penny
        assert e.levy <= e.pay_bill * D("0.005") + D("0.01")
        assert 0 <= e.transferable <= e.levy / 10


@given(st.lists(pay_bills, min_size=1, max_size=12))
def test_a_group_pays_the_levy_on_its_total_less_one_allowance(bills):
    employers = [Employer(f"E{n}", bill, "g") for n, bill in enumerate(bills)]
    result = levy(employers, RATES, ON)
    total = sum(bills, D(0))
    expected = max(D(0), total * D("0.005") - 15000) if total > 3_000_000 else D(0)
    assert result.total_levy == expected.quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert sum(e.allowance for e in result.employers) == 15000


@pytest.mark.parametrize(
    ("zone", "basic", "expected", "applies"),
    [
        ("inner", 15251, 4158, "minimum"),
        ("inner", 25000, 5000, "percentage"),
        ("inner", 40000, 6405, "maximum"),
        ("outer", 15251, 3518, "minimum"),
        ("outer", 25000, 3750, "percentage"),
        ("outer", 40000, 4483, "maximum"),
        ("fringe", 15251, 961, "minimum"),
        ("fringe", 25000, 1250, "percentage"),
        ("fringe", 40000, 1665, "maximum"),
    ],
)
def test_supplement_minimum_percentage_maximum_in_each_zone(zone, basic, expected, applies):
    paid = supplement(D(basic), ZONES[zone])
    assert paid.supplement == expected
    assert paid.applies == applies


@given(st.sampled_from(list(ZONES)), st.decimals(min_value=0, max_value=10**7, places=2))
def test_supplement_within_its_minimum_and_maximum(zone, basic):
    rates = ZONES[zone]
    assert rates.minimum <= supplement(basic, rates).supplement <= rates.maximum


def test_a_group_of_one_here_has_the_whole_allowance():
    e = one(4_000_000, connected_group="g")
    assert (e.allowance, e.levy) == (15000, 5000)
    assert "The only employer here of group 'g'" in e.why


@pytest.mark.parametrize(
    ("zone", "basic", "paid", "applies"),
    [
        # inner: 20% of £20,790 is exactly the £4,158 minimum; of £32,025 exactly the
        # £6,405 maximum; a pound either side crosses each bound.
        ("inner", "20790", "4158.00", "percentage"),
        ("inner", "20785", "4158.00", "minimum"),
        ("inner", "32025", "6405.00", "percentage"),
        ("inner", "32030", "6405.00", "maximum"),
        ("outer", "29886.67", "4483.00", "percentage"),
        ("outer", "29890", "4483.00", "maximum"),
        ("fringe", "33300", "1665.00", "percentage"),
        ("fringe", "33301", "1665.00", "maximum"),
        ("fringe", "19219", "961.00", "minimum"),
    ],
)
def test_supplement_at_its_bounds_pays_the_bound(zone, basic, paid, applies):
    s = supplement(D(basic), ZONES[zone])
    assert (s.supplement, s.applies) == (D(paid), applies)
