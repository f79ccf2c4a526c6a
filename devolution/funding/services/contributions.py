"""The secretariat's ledger of partners' contributions (SPEC §10): rows added and
changed with their versions and audit records. A row changed from the paper's figures
no longer shows the paper's words for them, and names partnership staff as its source."""

from typing import Any

from django.db import transaction
from django.utils.text import slugify

from devolution.core.errors import InvalidInput, NotFound, Problem, StaleEdit
from devolution.core.services import audit_record, snapshot
from devolution.partners.models import Organisation

from ..models import Contribution, ContributionYear
from ..selectors.contributions import bound_organisations
from .funds import entered_source, funds_enforce_may_edit

FIELDS = ["partner", "amount", "amount_text", "in_kind", "notes", "source", "quote", "version"]


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    problems = []
    partner = (data.get("partner") or "").strip()
    if not partner:
        problems.append(Problem("name the partner contributing", field="partner"))
    amount = data.get("amount")
    if amount is not None and amount < 0:
        problems.append(Problem("a contribution cannot be below nought", field="amount"))
    in_kind = (data.get("in_kind") or "").strip()
    if amount is None and not in_kind:
        problems.append(
            Problem("give the cash contributed, or what is given in kind", field="amount")
        )
    if problems:
        raise InvalidInput(problems)
    return {
        "partner": partner,
        "amount": amount,
        "in_kind": in_kind,
        "notes": (data.get("notes") or "").strip(),
        "organisations": list(data.get("organisations") or []),
    }


def _organisations(
    ids: list[Any], year: ContributionYear, current: Contribution | None = None
) -> list[Organisation]:
    """The organisations a contribution stands for: known, and of the business of the
    year's partnership (its members and what serves its footprint), save those the
    contribution stands for already."""
    wanted = {int(getattr(i, "pk", i)) for i in ids}
    found = list(Organisation.objects.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise InvalidInput([Problem("choose organisations from the list", field="organisations")])
    if not found:
        return found
    allowed = set(
        bound_organisations(year.partnership, current)
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    outside = sorted(o.name for o in found if o.pk not in allowed)
    if outside:
        raise InvalidInput(
            [
                Problem(
                    f"{', '.join(outside)} is outside {year.partnership.name}: choose "
                    "organisations of its members and footprint from the list",
                    field="organisations",
                )
            ]
        )
    return found


def _key(year: ContributionYear, partner: str) -> str:
    base = slugify(partner)[:70] or "partner"
    taken = set(year.contributions.values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def contribution_create(*, actor: Any, year_id: int, data: dict[str, Any]) -> Contribution:
    funds_enforce_may_edit(actor=actor)
    values = _checked(data)
    with transaction.atomic():
        year = ContributionYear.objects.select_for_update().filter(pk=year_id).first()
        if year is None:
            raise NotFound("No such year of contributions.")
        organisations = _organisations(values.pop("organisations"), year)
        last = year.contributions.order_by("-order").values_list("order", flat=True).first()
        row = Contribution.objects.create(
            year=year,
            key=_key(year, values["partner"]),
            order=(last or 0) + 1,
            source=entered_source(actor=actor),
            **values,
        )
        row.organisations.set(organisations)
        after = snapshot(row, FIELDS)
        after["organisations"] = sorted(o.pk for o in organisations)
        audit_record(actor=actor, action="contribution.create", obj=row, before=None, after=after)
    return row


def contribution_update(
    *, actor: Any, contribution_id: int, version: int, data: dict[str, Any]
) -> Contribution:
    funds_enforce_may_edit(actor=actor)
    values = _checked(data)
    with transaction.atomic():
        row = Contribution.objects.select_for_update().filter(pk=contribution_id).first()
        if row is None:
            raise NotFound("No such contribution.")
        if row.version != version:
            raise StaleEdit(
                f"Someone else changed {row.partner}'s contribution after you opened it: "
                "nothing was saved. Reload the page to see their change."
            )
        organisations = _organisations(values.pop("organisations"), row.year, row)
        before = snapshot(row, FIELDS)
        before["organisations"] = sorted(row.organisations.values_list("pk", flat=True))
        if (values["amount"], values["in_kind"]) != (row.amount, row.in_kind):
            # The paper's words for the contribution no longer describe it.
            row.amount_text = ""
        if any(
            values[name] != getattr(row, name) for name in ("partner", "amount", "in_kind", "notes")
        ):
            # Nor does the paper's citation: partnership staff entered the change.
            row.source = entered_source(actor=actor)
            row.quote = ""
        for name, value in values.items():
            setattr(row, name, value)
        row.version += 1
        row.save()
        row.organisations.set(organisations)
        after = snapshot(row, FIELDS)
        after["organisations"] = sorted(o.pk for o in organisations)
        audit_record(actor=actor, action="contribution.update", obj=row, before=before, after=after)
    return row
