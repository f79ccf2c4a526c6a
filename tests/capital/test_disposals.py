"""Disposals and receipts: completing one sets the site disposed with its history; the
receipt's retention under the dated rule (seed 000) at the window's edges; reinvestment in
the partnership's own cases, never above the receipt (seed 002)."""

import datetime as dt

import pytest

from devolution.capital.models import Disposal, Reinvestment, RetentionWindow
from devolution.capital.selectors.disposals import retention_of
from devolution.capital.services.disposals import (
    DisposalFields,
    disposal_complete,
    disposal_create,
    reinvestment_add,
)
from devolution.core.errors import InvalidInput, NotAllowed, RuleViolation
from devolution.estates.models import Site, SiteEvent

from .conftest_capital import LONDON, case_make, estates_lead, site_make

DECLARED = dt.date(2018, 3, 1)


def _disposal(actor, ref="old-clinic", declared=DECLARED) -> Disposal:
    site_make(ref)
    return disposal_create(
        actor=actor,
        partnership=LONDON,
        site=ref,
        ref=f"sale-{ref}",
        data=DisposalFields(declared_surplus=declared, marketed=declared + dt.timedelta(days=30)),
    )


def _complete(actor, disposal, on, receipt=2_000_000):
    return disposal_complete(
        actor=actor,
        ref=disposal.ref,
        version=disposal.version,
        completed=on,
        receipt=receipt,
        price=2_500_000,
        receiving_party="Hackney Homes",
    )


def test_the_rule_is_loaded_as_dated_data_citing_seed_000(db):
    rule = RetentionWindow.objects.get()
    assert (rule.months, rule.runs_from, rule.source.key) == (24, "declared_surplus", "seed-000")
    assert rule.valid_from == dt.date(2017, 5, 24)
    assert "sold within 2 years" in rule.quote


def test_completing_sets_the_site_disposed_with_a_history_event(db):
    lead = estates_lead()
    disposal = _complete(lead, _disposal(lead), dt.date(2019, 1, 10))
    site = Site.objects.get(ref="old-clinic")
    assert site.status == "disposed"
    event = SiteEvent.objects.get(site=site)
    assert event.changes == {"status": ["surplus", "disposed"]}
    assert event.by == lead
    assert disposal.receipt == 2_000_000


@pytest.mark.parametrize(
    ("completed", "retained"),
    [(dt.date(2020, 2, 28), True), (dt.date(2020, 2, 29), True), (dt.date(2020, 3, 1), False)],
)
def test_retention_at_the_windows_edges(db, completed, retained):
    """Declared surplus on 1 March 2018: the two years' last day is 29 February 2020."""
    lead = estates_lead()
    disposal = _complete(lead, _disposal(lead), completed)
    found = retention_of(disposal)
    assert found.retained is retained
    assert found.closes == dt.date(2020, 2, 29)
    assert "29 February 2020" in found.text


def test_before_completion_it_says_until_when_and_before_the_rule_none_applies(db):
    lead = estates_lead()
    assert retention_of(_disposal(lead)).text == (
        "The receipt may be retained locally if the sale completes by 29 February 2020."
    )
    early = _disposal(lead, "older-clinic", declared=dt.date(2017, 1, 1))
    assert retention_of(early).text == "No rule on retaining receipts applies to it."


def test_only_a_surplus_site_is_disposed_and_only_by_its_keepers(db, reader):
    lead = estates_lead()
    site_make("in-use", status="operational")
    with pytest.raises(RuleViolation) as refused:
        disposal_create(
            actor=lead,
            partnership=LONDON,
            site="in-use",
            ref="sale-in-use",
            data=DisposalFields(declared_surplus=DECLARED),
        )
    assert refused.value.rule_id == "CAP-SITE-SURPLUS"
    site_make("other", owner="la-camden")
    with pytest.raises(NotAllowed):
        disposal_create(
            actor=lead,
            partnership=LONDON,
            site="other",
            ref="sale-other",
            data=DisposalFields(declared_surplus=DECLARED),
        )
    assert not Disposal.objects.exists()


def test_bad_dates_are_named_and_nothing_is_stored(db):
    lead = estates_lead()
    site_make("old-clinic")
    with pytest.raises(InvalidInput) as refused:
        disposal_create(
            actor=lead,
            partnership=LONDON,
            site="old-clinic",
            ref="sale-old-clinic",
            data=DisposalFields(declared_surplus=DECLARED, marketed=dt.date(2018, 2, 1)),
        )
    assert refused.value.problems[0].field == "marketed"
    assert "marketed cannot be before declared surplus" in refused.value.message
    assert not Disposal.objects.exists()


def test_reinvestment_never_above_the_receipt(db):
    lead = estates_lead()
    disposal = _complete(lead, _disposal(lead), dt.date(2019, 1, 10), receipt=1_000_000)
    case_make(lead, "hub-1")
    reinvestment_add(
        actor=lead, ref=disposal.ref, amount=600_000, on=dt.date(2019, 2, 1), case="hub-1"
    )
    with pytest.raises(RuleViolation) as refused:
        reinvestment_add(
            actor=lead, ref=disposal.ref, amount=400_001, on=dt.date(2019, 2, 2), scheme="Clinic"
        )
    assert refused.value.rule_id == "CAP-REINVEST-WITHIN"
    assert "Only £400,000 of the £1,000,000 receipt is left to reinvest" in refused.value.message
    reinvestment_add(
        actor=lead, ref=disposal.ref, amount=400_000, on=dt.date(2019, 2, 2), scheme="Clinic"
    )
    disposal.refresh_from_db()
    assert disposal.reinvested == 1_000_000
    assert [r.amount for r in Reinvestment.objects.order_by("number")] == [600_000, 400_000]


def test_a_receipt_is_reinvested_only_once_completed_and_in_its_own_partnership(db):
    lead = estates_lead()
    disposal = _disposal(lead)
    with pytest.raises(RuleViolation) as refused:
        reinvestment_add(actor=lead, ref=disposal.ref, amount=1, on=DECLARED, scheme="x")
    assert refused.value.rule_id == "CAP-REINVEST-COMPLETED"
    with pytest.raises(InvalidInput) as refused_input:
        reinvestment_add(actor=lead, ref=disposal.ref, amount=1, on=DECLARED)
    assert refused_input.value.problems[0].field == "case"
    assert not Reinvestment.objects.exists()
