"""The consolidated calendar merges every regulator's returns in date order and flags the
data items asked for by more than one regulator (rules/calendar.py); no database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from devolution.regulation.rules.calendar import (
    ItemFact,
    ReturnFact,
    calendar,
    duplicates,
)
from devolution.regulation.rules.due import DueRuleFact

D = dt.date
AE = ItemFact("ae-four-hour", "A&E four hours")
CASH = ItemFact("cash", "Cash balance")
STAFF = ItemFact("staffing", "Safe staffing")
TRUSTS = frozenset({"nhs_trust", "foundation_trust"})


def ret(key, regulator, day, items, types=TRUSTS, frequency="monthly"):
    return ReturnFact(
        key=key,
        name=key.title(),
        regulator=regulator,
        regulator_name={"nhse": "NHS England", "nhsi": "NHS Improvement", "cqc": "CQC"}[regulator],
        rule=DueRuleFact(frequency, "after_period", due_day=day, months_after=1),
        items=tuple(items),
        submitted_by=frozenset(types),
    )


RETURNS = [
    ret("performance", "nhse", 15, [AE]),
    ret("finance", "nhsi", 10, [CASH, AE]),
    ret("staffing", "cqc", 28, [STAFF], frequency="quarterly"),
    ret("ccg-only", "nhse", 1, [CASH], types={"ccg"}),
    ret("finance-again", "nhsi", 20, [CASH]),
]


def test_a_trusts_calendar_merges_every_regulators_returns_in_date_order():
    entries = calendar("nhs_trust", RETURNS, D(2018, 7, 1), D(2018, 7, 31))
    assert [(e.due, e.ret.key) for e in entries] == [
        (D(2018, 7, 10), "finance"),
        (D(2018, 7, 15), "performance"),
        (D(2018, 7, 20), "finance-again"),
        (D(2018, 7, 28), "staffing"),
    ]
    # A return for another kind of body is not in it.
    assert "ccg-only" not in {
        e.ret.key for e in calendar("nhs_trust", RETURNS, D(2018, 1, 1), D(2019, 1, 1))
    }


def test_an_item_asked_by_two_regulators_is_flagged_and_one_regulators_twice_is_not():
    entries = calendar("nhs_trust", RETURNS, D(2018, 7, 1), D(2018, 7, 31))
    flags = {(e.ret.key, i.item.key): i.also_asked_by for e in entries for i in e.items}
    assert flags[("performance", "ae-four-hour")] == ("NHS Improvement",)
    assert flags[("finance", "ae-four-hour")] == ("NHS England",)
    # Cash is asked by NHS Improvement twice (and of CCGs by NHS England): not for a trust.
    assert flags[("finance", "cash")] == ()
    assert flags[("staffing", "staffing")] == ()


def test_a_ccg_sees_only_its_returns_and_no_duplicate():
    entries = calendar("ccg", RETURNS, D(2018, 7, 1), D(2018, 7, 31))
    assert [e.ret.key for e in entries] == ["ccg-only"]
    assert entries[0].duplicates == 0


def test_register_wide_duplicates_list_every_return_asking_the_item():
    found = {d.item.key: d for d in duplicates(RETURNS)}
    assert set(found) == {"ae-four-hour", "cash"}
    assert found["cash"].regulators == ("NHS England", "NHS Improvement")
    assert [a.return_key for a in found["cash"].askers] == ["ccg-only", "finance", "finance-again"]


items = st.sampled_from([AE, CASH, STAFF])
returns = st.lists(
    st.builds(
        ret,
        key=st.text("abc", min_size=1, max_size=4),
        regulator=st.sampled_from(["nhse", "nhsi", "cqc"]),
        day=st.integers(1, 31),
        items=st.lists(items, unique=True, max_size=3),
    ),
    max_size=8,
)


@given(returns)
def test_the_calendar_is_in_date_order_and_flags_exactly_the_items_of_two_regulators(rs):
    entries = calendar("nhs_trust", rs, D(2018, 1, 1), D(2018, 12, 31))
    assert [e.due for e in entries] == sorted(e.due for e in entries)
    assert len(entries) == 12 * len(rs)
    regulators = {}
    for r in rs:
        for i in r.items:
            regulators.setdefault(i.key, set()).add(r.regulator)
    for e in entries:
        for i in e.items:
            assert i.duplicate == (len(regulators[i.item.key]) > 1)
    assert {d.item.key for d in duplicates(rs)} == {k for k, v in regulators.items() if len(v) > 1}
