"""Surplus sites' disposals and their capital receipts (SPEC §12), kept by the site
owner's estates leads and the secretariat: recorded when a site is declared surplus,
brought up to date as it is marketed and exchanged, and completed with its receipt, which
sets the site's status to disposed. A receipt is reinvested in the partnership's own
cases or schemes, never beyond what it is (seed 002: 'London receipts stay in London')."""

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from devolution.core.errors import InvalidInput, NotFound, Problem, RuleViolation, StaleEdit
from devolution.core.models import next_number
from devolution.core.services import audit_record, snapshot
from devolution.estates.models import Site, SiteEvent, Status
from devolution.partners.access import enforce, memberships_of

from ..models import BusinessCase, Disposal, Reinvestment
from ..rules.access import may_keep
from ..rules.money import REINVEST_SOURCE, reinvestment_refusal

FIELDS = [
    "declared_surplus",
    "marketed",
    "exchanged",
    "completed",
    "receiving_party",
    "price",
    "receipt",
    "reinvested",
    "version",
]
MAX_AMOUNT = 10**13
SOURCE = "Devolution's rules for disposals (SPEC §12)"
DISPOSABLE = (Status.SURPLUS, Status.FOR_DISPOSAL)


@dataclass(frozen=True)
class DisposalFields:
    declared_surplus: dt.date
    marketed: dt.date | None = None
    exchanged: dt.date | None = None
    receiving_party: str = ""
    price: int | None = None
    note: str = ""


def _dates_checked(
    declared: dt.date,
    marketed: dt.date | None,
    exchanged: dt.date | None,
    completed: dt.date | None,
) -> list[Problem]:
    problems = []
    order = [
        ("declared_surplus", declared),
        ("marketed", marketed),
        ("exchanged", exchanged),
        ("completed", completed),
    ]
    given = [(name, day) for name, day in order if day is not None]
    for (before, a), (after, b) in itertools.pairwise(given):
        if b < a:
            problems.append(
                Problem(
                    f"{after.replace('_', ' ')} cannot be before {before.replace('_', ' ')}",
                    field=after,
                )
            )
    return problems


def _money_checked(name: str, amount: int | None) -> list[Problem]:
    if amount is not None and not 0 <= amount <= MAX_AMOUNT:
        return [Problem("a whole number of pounds, not below nought", field=name)]
    return []


def disposal_create(
    *, actor: Any, partnership: str, site: str, ref: str, data: DisposalFields
) -> Disposal:
    """A disposal of a site its owner (or the partnership) has found surplus."""
    found = (
        Site.objects.select_related("owner").filter(partnership__key=partnership, ref=site).first()
    )
    problems = []
    if found is None:
        problems.append(Problem(f"no site {site!r} in partnership {partnership!r}", "site"))
    if not ref or len(ref) > 80 or not ref.replace("-", "").isalnum() or ref != ref.lower():
        problems.append(
            Problem("a reference is lower-case letters, digits and hyphens", field="ref")
        )
    problems += _dates_checked(data.declared_surplus, data.marketed, data.exchanged, None)
    problems += _money_checked("price", data.price)
    if problems or found is None:
        raise InvalidInput(problems)
    enforce(may_keep(memberships_of(actor), found.owner_id))
    if found.status not in DISPOSABLE:
        raise RuleViolation(
            "CAP-SITE-SURPLUS",
            f"{found.name} is {found.get_status_display().lower()}: a disposal is of a site "
            "that is surplus or for disposal.",
            SOURCE,
            field="site",
        )
    try:
        with transaction.atomic():
            disposal = Disposal.objects.create(
                ref=ref,
                site=found,
                declared_surplus=data.declared_surplus,
                marketed=data.marketed,
                exchanged=data.exchanged,
                receiving_party=data.receiving_party.strip(),
                price=data.price,
                note=data.note.strip(),
            )
            audit_record(
                actor=actor,
                action="capital.disposal.create",
                obj=disposal,
                before=None,
                after=snapshot(disposal, FIELDS),
            )
    except IntegrityError as clash:
        raise InvalidInput(
            [Problem("this site already has a disposal, or the reference is taken", "ref")]
        ) from clash
    return disposal


def _locked(ref: str) -> Disposal:
    disposal = (
        Disposal.objects.select_for_update(of=("self",))
        .select_related("site__owner")
        .filter(ref=ref)
        .first()
    )
    if disposal is None:
        raise NotFound(f"There is no disposal {ref!r}.")
    return disposal


def _fresh(disposal: Disposal, version: int) -> None:
    if disposal.version != version:
        raise StaleEdit(
            "Someone else changed this disposal after you opened it: nothing was saved. "
            "Reload the page to see their change."
        )


def disposal_update(*, actor: Any, ref: str, version: int, data: DisposalFields) -> Disposal:
    with transaction.atomic():
        disposal = _locked(ref)
        enforce(may_keep(memberships_of(actor), disposal.site.owner_id))
        _fresh(disposal, version)
        problems = _dates_checked(
            data.declared_surplus, data.marketed, data.exchanged, disposal.completed
        )
        problems += _money_checked("price", data.price)
        if problems:
            raise InvalidInput(problems)
        before = snapshot(disposal, FIELDS)
        disposal.declared_surplus, disposal.marketed = data.declared_surplus, data.marketed
        disposal.exchanged, disposal.price = data.exchanged, data.price
        disposal.receiving_party, disposal.note = data.receiving_party.strip(), data.note.strip()
        disposal.version += 1
        disposal.save()
        audit_record(
            actor=actor,
            action="capital.disposal.update",
            obj=disposal,
            before=before,
            after=snapshot(disposal, FIELDS),
        )
    return disposal


def site_disposed(disposal: Disposal, actor: Any) -> None:
    """The disposal's site becomes disposed, with its history event. Estates (on this
    branch's base) has no service that changes a site's status, so it is written here,
    in the caller's transaction."""
    site = Site.objects.select_for_update().get(pk=disposal.site_id)
    if site.status == Status.DISPOSED:
        return
    before = site.status
    site.status = Status.DISPOSED
    site.version += 1
    site.save(update_fields=["status", "version", "updated_at"])
    SiteEvent.objects.create(
        site=site,
        action=SiteEvent.Action.EDITED,
        at=timezone.now(),
        by=actor if actor is not None and actor.pk else None,
        changes={"status": [before, Status.DISPOSED]},
        note=f"Disposal {disposal.ref} completed",
    )


def disposal_complete(
    *,
    actor: Any,
    ref: str,
    version: int,
    completed: dt.date,
    receipt: int,
    price: int | None = None,
    receiving_party: str = "",
) -> Disposal:
    """Record the sale as completed with its capital receipt; the site becomes disposed
    (site_disposed), in the same transaction."""
    with transaction.atomic():
        disposal = _locked(ref)
        enforce(may_keep(memberships_of(actor), disposal.site.owner_id))
        _fresh(disposal, version)
        if disposal.completed is not None:
            raise RuleViolation(
                "CAP-DISPOSAL-COMPLETED",
                "This disposal is already completed.",
                SOURCE,
                field="completed",
            )
        price = price if price is not None else disposal.price
        party = receiving_party.strip() or disposal.receiving_party
        problems = _dates_checked(
            disposal.declared_surplus, disposal.marketed, disposal.exchanged, completed
        )
        problems += _money_checked("receipt", receipt) + _money_checked("price", price)
        if completed > timezone.localdate():
            problems.append(Problem("a completion date cannot be in the future", "completed"))
        if not party:
            problems.append(Problem("name who the site is sold to", field="receiving_party"))
        if price is not None and not problems and receipt > price:
            problems.append(
                Problem(
                    f"the receipt (£{receipt:,}) cannot be more than the price (£{price:,})",
                    field="receipt",
                )
            )
        if problems:
            raise InvalidInput(problems)
        before = snapshot(disposal, FIELDS)
        disposal.completed, disposal.receipt = completed, receipt
        disposal.price, disposal.receiving_party = price, party
        disposal.version += 1
        disposal.save()
        site_disposed(disposal, actor)
        audit_record(
            actor=actor,
            action="capital.disposal.complete",
            obj=disposal,
            before=before,
            after=snapshot(disposal, FIELDS),
        )
    return disposal


def reinvestment_add(
    *,
    actor: Any,
    ref: str,
    amount: int,
    on: dt.date,
    case: str = "",
    scheme: str = "",
    note: str = "",
) -> Reinvestment:
    """Put part of a completed disposal's receipt into a case of the same partnership (or
    a scheme it names): the disposal's running total is raised by one UPDATE that matches
    only while it stays within the receipt, so two reinvestments at the same moment cannot
    together pass it (QUALITY R1)."""
    problems = []
    if not 1 <= amount <= MAX_AMOUNT:
        problems.append(Problem("a whole number of pounds, at least £1", field="amount"))
    if bool(case) == bool(scheme.strip()):
        problems.append(
            Problem("name either the business case or the scheme it funds", field="case")
        )
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        disposal = _locked(ref)
        enforce(may_keep(memberships_of(actor), disposal.site.owner_id))
        if disposal.completed is None:
            raise RuleViolation(
                "CAP-REINVEST-COMPLETED",
                "Only a completed disposal's receipt is reinvested.",
                REINVEST_SOURCE,
                field="amount",
            )
        funded = None
        if case:
            funded = BusinessCase.objects.filter(ref=case).first()
            if funded is None:
                raise InvalidInput([Problem(f"no business case {case!r}", field="case")])
            if funded.partnership_id != disposal.site.partnership_id:
                raise RuleViolation(
                    "CAP-RECEIPT-STAYS",
                    "A receipt is reinvested in its own partnership's cases: this case is "
                    "another partnership's.",
                    REINVEST_SOURCE,
                    field="case",
                )
        refusal = reinvestment_refusal(
            receipt=disposal.receipt, reinvested=disposal.reinvested, amount=amount
        )
        if refusal:
            raise RuleViolation("CAP-REINVEST-WITHIN", refusal, REINVEST_SOURCE, field="amount")
        written = Disposal.objects.filter(
            pk=disposal.pk, receipt__gte=F("reinvested") + amount
        ).update(reinvested=F("reinvested") + amount, version=F("version") + 1)
        if not written:
            now = Disposal.objects.get(pk=disposal.pk)
            raise RuleViolation(
                "CAP-REINVEST-WITHIN",
                reinvestment_refusal(receipt=now.receipt, reinvested=now.reinvested, amount=amount),
                REINVEST_SOURCE,
                field="amount",
            )
        made = Reinvestment.objects.create(
            disposal=disposal,
            # The disposal's row is locked above: no two writers take one number.
            number=next_number(Reinvestment.objects.filter(disposal=disposal)),
            case=funded,
            scheme=scheme.strip(),
            amount=amount,
            on=on,
            by=actor if actor is not None and actor.pk else None,
            note=note.strip(),
        )
        audit_record(
            actor=actor,
            action="capital.reinvestment.add",
            obj=made,
            before=None,
            after={**snapshot(made, ["case", "scheme", "amount", "on"]), "disposal": ref},
        )
    return made
