"""Recording a category's amount for a year when it becomes known (SPEC §10): only the
secretariat, cited to a source (a paper or register, with its words) or marked as
entered by partnership staff; never below what is already allocated from it."""

from typing import Any

from django.db import transaction
from django.db.models import F

from devolution.commitments.transfer.columns import IMPORT_SOURCE
from devolution.core.errors import InvalidInput, NotFound, Problem, RuleViolation, StaleEdit
from devolution.core.models import Source
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from ..models import Category, CategoryYear, FundYear
from ..rules import funds as rules

AMOUNT_FIELDS = ["amount", "amount_note", "source", "quote"]


def funds_enforce_may_edit(*, actor: Any) -> None:
    """Only the secretariat records a fund's amounts (403 for everyone else)."""
    enforce(may_keep_registers(memberships_of(actor)))


def entered_source(*, actor: Any) -> Source:
    """The source of what partnership staff enter themselves, made the first time."""
    found = Source.objects.filter(key=IMPORT_SOURCE["key"]).first()
    if found is not None:
        return found
    source = Source.objects.create(**IMPORT_SOURCE)
    audit_record(
        actor=actor, action="source.create", obj=source, before=None, after=snapshot(source)
    )
    return source


def _source(*, actor: Any, source_id: int | None, quote: str) -> tuple[Source, str]:
    """The cited source with its words, or the entered one (no words to quote)."""
    if source_id is None:
        return entered_source(actor=actor), ""
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        raise InvalidInput([Problem("choose one of the sources listed", field="source")])
    if source.kind == Source.Kind.ENTERED:
        return source, ""
    if not quote.strip():
        raise InvalidInput(
            [Problem("give the source's words that state the amount", field="quote")]
        )
    return source, quote.strip()


def category_year_amount_set(
    *,
    actor: Any,
    category_year_id: int,
    version: int,
    amount: int,
    amount_note: str = "",
    source_id: int | None = None,
    quote: str = "",
) -> CategoryYear:
    """Record the amount of a category's year. The category's version guards its years
    against a stale form (QUALITY R2); the amount is written by one UPDATE that matches
    only while it is at least what is allocated, so a decision allocating at the same
    moment cannot slip under it (QUALITY R1)."""
    funds_enforce_may_edit(actor=actor)
    if amount < 0:
        raise InvalidInput([Problem("an amount cannot be below nought", field="amount")])
    with transaction.atomic():
        found = (
            CategoryYear.objects.select_for_update()
            .select_related("category__fund")
            .filter(pk=category_year_id)
            .first()
        )
        if found is None:
            raise NotFound("That category and year do not exist.")
        category = Category.objects.select_for_update().get(pk=found.category_id)
        if category.version != version:
            raise StaleEdit(
                f"Someone else changed {category.name} after you opened this form: nothing "
                "was saved. Reload the page to see their change."
            )
        fund = found.category.fund
        what = f"{category.name} ({fund.name})"
        refusal = rules.amount_refusal(
            what=what, year=found.year, amount=amount, allocated=found.allocated
        )
        if refusal:
            raise RuleViolation(rules.BELOW_ALLOCATED, refusal, rules.SOURCE, field="amount")
        fund_year = FundYear.objects.filter(fund=fund, year=found.year).first()
        others = list(
            CategoryYear.objects.filter(category__fund=fund, year=found.year)
            .exclude(pk=found.pk)
            .values_list("amount", flat=True)
        )
        refusal = rules.fund_year_refusal(
            fund=fund.name,
            year=found.year,
            fund_amount=fund_year.amount if fund_year else None,
            others=others,
            amount=amount,
        )
        if refusal:
            raise RuleViolation(rules.OVER_FUND_YEAR, refusal, rules.SOURCE, field="amount")
        source, words = _source(actor=actor, source_id=source_id, quote=quote)
        before = snapshot(found, AMOUNT_FIELDS)
        written = CategoryYear.objects.filter(pk=found.pk, allocated__lte=amount).update(
            amount=amount, amount_note=amount_note.strip(), source=source, quote=words
        )
        if not written:
            now = CategoryYear.objects.get(pk=found.pk)
            raise RuleViolation(
                rules.BELOW_ALLOCATED,
                rules.amount_refusal(
                    what=what, year=now.year, amount=amount, allocated=now.allocated
                )
                or "",
                rules.SOURCE,
                field="amount",
            )
        Category.objects.filter(pk=category.pk).update(version=F("version") + 1)
        found.refresh_from_db()
        audit_record(
            actor=actor,
            action="fund.category_year.amount",
            obj=found,
            before=before,
            after=snapshot(found, AMOUNT_FIELDS),
        )
    return found
