"""Recording a category's amount under real concurrency (QUALITY R1, R2): of many people
saving the same form at once one saves and the others are told; and an amount recorded
while decisions allocate from the category never falls below what is allocated."""

from django.db.models import F, Q

from devolution.core.errors import RuleViolation, StaleEdit
from devolution.funding.models import CategoryYear
from devolution.funding.services.funds import category_year_amount_set
from tests.conftest import make_person
from tests.funding.conftest_funds import category_year


def _scenario() -> tuple[int, int]:
    officer = make_person("sec-race@londoncouncils.example", "london-councils", "secretariat")
    return officer.pk, category_year("unallocated").pk


def test_of_many_saving_one_form_at_once_one_saves_and_the_others_are_told(concurrent_db):
    from devolution.core.models import User

    officer_id, cy_id = concurrent_db.setup(_scenario)

    def save(i: int) -> int:
        category_year_amount_set(
            actor=User.objects.get(pk=officer_id),
            category_year_id=cy_id,
            version=1,
            amount=1_000_000 * (i + 1),
        )
        return i

    outcomes = concurrent_db.at_once(8, save)
    saved = [o for o in outcomes if isinstance(o, int)]
    assert len(saved) == 1
    assert all(isinstance(o, StaleEdit) for o in outcomes if not isinstance(o, int))
    amount = concurrent_db.read(lambda: CategoryYear.objects.get(pk=cy_id).amount)
    assert amount == 1_000_000 * (saved[0] + 1)


def test_an_amount_recorded_while_money_is_allocated_never_falls_below_it(concurrent_db):
    from devolution.core.models import User

    officer_id, cy_id = concurrent_db.setup(_scenario)

    def act(i: int) -> str:
        if i % 2:
            # A decision taking £1m, as the allocation handler does: one conditional UPDATE.
            within = Q(amount__isnull=True) | Q(allocated__lte=F("amount") - 1_000_000)
            taken = CategoryYear.objects.filter(pk=cy_id).filter(within)
            return "taken" if taken.update(allocated=F("allocated") + 1_000_000) else "full"
        version = CategoryYear.objects.get(pk=cy_id).category.version
        try:
            category_year_amount_set(
                actor=User.objects.get(pk=officer_id),
                category_year_id=cy_id,
                version=version,
                amount=3_000_000,
            )
        except (StaleEdit, RuleViolation) as exc:
            return type(exc).__name__
        return "set"

    outcomes = concurrent_db.at_once(12, act)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes
    cy = concurrent_db.read(lambda: CategoryYear.objects.get(pk=cy_id))
    assert cy.amount is None or cy.allocated <= cy.amount
    if "set" in outcomes:
        assert cy.amount == 3_000_000
