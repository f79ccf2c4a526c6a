"""QUALITY R1: a receipt is never reinvested beyond itself. Thirty reinvestments of
£100,000 at once from a £1,000,000 receipt, each on its own connection: exactly ten are
made, the rest refused naming what is left, and the running total is their sum."""

import datetime as dt

from devolution.capital.models import Disposal, Reinvestment
from devolution.capital.services.disposals import (
    DisposalFields,
    disposal_complete,
    disposal_create,
    reinvestment_add,
)
from devolution.core.errors import RuleViolation
from devolution.core.models import User

from .conftest_capital import LONDON, estates_lead, site_make

AT_ONCE = 30
RECEIPT = 1_000_000
EACH = 100_000
EMAIL = "eden@cityandhackney.example"


def _scenario() -> str:
    lead = estates_lead(email=EMAIL)
    site_make("old-clinic")
    disposal = disposal_create(
        actor=lead,
        partnership=LONDON,
        site="old-clinic",
        ref="sale-old-clinic",
        data=DisposalFields(declared_surplus=dt.date(2018, 3, 1)),
    )
    disposal_complete(
        actor=lead,
        ref=disposal.ref,
        version=disposal.version,
        completed=dt.date(2019, 1, 10),
        receipt=RECEIPT,
        receiving_party="Hackney Homes",
    )
    return disposal.ref


def test_thirty_reinvestments_at_once_never_pass_the_receipt(concurrent_db):
    ref = concurrent_db.setup(_scenario)

    def reinvest(i: int) -> int:
        actor = User.objects.get(email=EMAIL)
        return reinvestment_add(
            actor=actor, ref=ref, amount=EACH, on=dt.date(2019, 2, 1), scheme=f"Scheme {i}"
        ).pk

    outcomes = concurrent_db.at_once(AT_ONCE, reinvest)
    made = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if isinstance(o, RuleViolation)]
    assert len(made) == RECEIPT // EACH == 10
    assert len(refused) == AT_ONCE - 10, [o for o in outcomes if not isinstance(o, int)][:3]
    assert {r.rule_id for r in refused} == {"CAP-REINVEST-WITHIN"}
    assert all("Only £0 of the £1,000,000 receipt is left" in r.message for r in refused)

    def totals() -> tuple[int, int, int]:
        disposal = Disposal.objects.get(ref=ref)
        rows = Reinvestment.objects.filter(disposal=disposal)
        return disposal.reinvested, sum(rows.values_list("amount", flat=True)), rows.count()

    reinvested, summed, rows = concurrent_db.read(totals)
    assert reinvested == summed == RECEIPT
    assert rows == 10
