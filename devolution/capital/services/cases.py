"""Capital business cases kept by their sponsor's estates leads and the secretariat (SPEC
§12): made in draft with their sites and funding sources, changed while in draft (guarded
by their version), submitted and withdrawn by their keepers. Only a board's decision
advises on, approves or rejects a case (services/decisions.py). Every change is in one
transaction with its history and audit; bad input stores nothing."""

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from devolution.core.errors import InvalidInput, NotFound, Problem, RuleViolation, StaleEdit
from devolution.core.services import audit_record, snapshot
from devolution.estates.models import Site
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation, Partnership

from ..models import BusinessCase, CaseEvent, FundingSource
from ..rules import cases as rules
from ..rules.access import may_keep
from ..rules.money import year_valid

FIELDS = ["title", "sponsor", "value", "stage", "benefits", "state", "version"]
MAX_VALUE = 10**13  # £10 trillion: above any capital case, below the column's limit


@dataclass(frozen=True)
class Funding:
    kind: str
    year: str
    amount: int
    note: str = ""


@dataclass(frozen=True)
class CaseFields:
    title: str
    sponsor: str  # organisation key
    value: int
    stage: str
    benefits: str = ""
    sites: tuple[str, ...] = ()  # site refs of the case's partnership
    funding: tuple[Funding, ...] = field(default_factory=tuple)


def _checked(data: CaseFields, partnership: Partnership) -> tuple[Organisation, list[Site]]:
    problems = []
    if not data.title.strip():
        problems.append(Problem("give the case a title", field="title"))
    if len(data.title) > 300:
        problems.append(Problem("a title is at most 300 characters", field="title"))
    if not 1 <= data.value <= MAX_VALUE:
        problems.append(Problem("the value is a whole number of pounds, at least £1", "value"))
    if data.stage not in BusinessCase.Stage.values:
        problems.append(Problem("the stage is strategic_outline, outline or full", field="stage"))
    sponsor = Organisation.objects.filter(key=data.sponsor).first()
    if sponsor is None:
        problems.append(Problem(f"no organisation {data.sponsor!r}", field="sponsor"))
    sites = list(Site.objects.filter(partnership=partnership, ref__in=set(data.sites)))
    missing = sorted(set(data.sites) - {s.ref for s in sites})
    if missing:
        problems.append(
            Problem(f"no site {', '.join(missing)} in {partnership.name}", field="sites")
        )
    for n, f in enumerate(data.funding, start=1):
        where = f"funding[{n}]"
        if f.kind not in FundingSource.Kind.values:
            problems.append(
                Problem(
                    "the kind is capital_receipts, national_capital, local or other",
                    field=f"{where}.kind",
                )
            )
        if not year_valid(f.year):
            problems.append(
                Problem("a financial year is written as 2018-19", field=f"{where}.year")
            )
        if not 1 <= f.amount <= MAX_VALUE:
            problems.append(
                Problem("an amount is a whole number of pounds, at least £1", f"{where}.amount")
            )
    funded = sum(f.amount for f in data.funding)
    if not problems and funded > data.value:
        problems.append(
            Problem(
                f"the funding sources add up to £{funded:,}, more than the case's value "
                f"(£{data.value:,})",
                field="funding",
            )
        )
    if problems or sponsor is None:
        raise InvalidInput(problems)
    return sponsor, sites


def _write_funding(case: BusinessCase, funding: tuple[Funding, ...]) -> None:
    case.funding.all().delete()
    FundingSource.objects.bulk_create(
        FundingSource(
            case=case, number=n, kind=f.kind, year=f.year, amount=f.amount, note=f.note.strip()
        )
        for n, f in enumerate(funding, start=1)
    )


def _funding_snapshot(case: BusinessCase) -> list[list[Any]]:
    return [[f.kind, f.year, f.amount] for f in case.funding.order_by("number")]


def case_create(*, actor: Any, partnership: str, ref: str, data: CaseFields) -> BusinessCase:
    """A new case in draft, sponsored by an organisation its maker keeps cases for."""
    found = Partnership.objects.filter(key=partnership).first()
    problems = []
    if found is None:
        problems.append(Problem(f"no partnership {partnership!r}", field="partnership"))
    if not ref or len(ref) > 60 or not ref.replace("-", "").isalnum() or ref != ref.lower():
        problems.append(
            Problem("a reference is lower-case letters, digits and hyphens", field="ref")
        )
    if problems or found is None:
        raise InvalidInput(problems)
    sponsor, sites = _checked(data, found)
    enforce(may_keep(memberships_of(actor), sponsor.pk))
    try:
        with transaction.atomic():
            case = BusinessCase.objects.create(
                partnership=found,
                ref=ref,
                title=data.title.strip(),
                sponsor=sponsor,
                value=data.value,
                stage=data.stage,
                benefits=data.benefits.strip(),
            )
            case.sites.set(sites)
            _write_funding(case, data.funding)
            CaseEvent.objects.create(case=case, state_to=case.state, by=actor, note="Created")
            audit_record(
                actor=actor,
                action="capital.case.create",
                obj=case,
                before=None,
                after={
                    **snapshot(case, FIELDS),
                    "sites": sorted(s.ref for s in sites),
                    "funding": _funding_snapshot(case),
                },
            )
    except IntegrityError as clash:
        raise InvalidInput(
            [Problem(f"there is already a case {ref!r}: choose another reference", "ref")]
        ) from clash
    return case


def _locked(ref: str) -> BusinessCase:
    case = BusinessCase.objects.select_for_update().filter(ref=ref).first()
    if case is None:
        raise NotFound(f"There is no business case {ref!r}.")
    return case


def case_update(*, actor: Any, ref: str, version: int, data: CaseFields) -> BusinessCase:
    """Change a case in draft; its version guards against a stale form (QUALITY R2)."""
    with transaction.atomic():
        case = _locked(ref)
        enforce(may_keep(memberships_of(actor), case.sponsor_id))
        if case.version != version:
            raise StaleEdit(
                "Someone else changed this case after you opened it: nothing was saved. "
                "Reload the page to see their change."
            )
        if case.state not in rules.EDITABLE:
            raise RuleViolation(
                "CAP-CASE-EDITABLE",
                f"This case is {case.get_state_display().lower()}: only a draft is changed.",
                rules.SOURCE,
            )
        sponsor, sites = _checked(data, case.partnership)
        enforce(may_keep(memberships_of(actor), sponsor.pk))
        before = {
            **snapshot(case, FIELDS),
            "sites": sorted(s.ref for s in case.sites.all()),
            "funding": _funding_snapshot(case),
        }
        case.title, case.sponsor, case.value = data.title.strip(), sponsor, data.value
        case.stage, case.benefits = data.stage, data.benefits.strip()
        case.version += 1
        case.save()
        case.sites.set(sites)
        _write_funding(case, data.funding)
        audit_record(
            actor=actor,
            action="capital.case.update",
            obj=case,
            before=before,
            after={
                **snapshot(case, FIELDS),
                "sites": sorted(s.ref for s in sites),
                "funding": _funding_snapshot(case),
            },
        )
    return case


def case_move(*, actor: Any, ref: str, move: str, version: int, note: str = "") -> BusinessCase:
    """Submit or withdraw a case, recorded in its history."""
    with transaction.atomic():
        case = _locked(ref)
        enforce(may_keep(memberships_of(actor), case.sponsor_id))
        if case.version != version:
            raise StaleEdit(
                "Someone else changed this case after you opened it: nothing was saved. "
                "Reload the page to see their change."
            )
        refusal = rules.move_refusal(case.state, move)
        if refusal:
            raise RuleViolation("CAP-CASE-MOVE", refusal, rules.SOURCE, field="move")
        if move == "submit" and not case.funding.exists():
            raise InvalidInput(
                [Problem("record where the case's money comes from first", field="funding")]
            )
        before = snapshot(case, ["state", "version"])
        state_from = case.state
        case.state = rules.KEEPER_MOVES[move][1]
        case.version += 1
        case.save(update_fields=["state", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case, state_from=state_from, state_to=case.state, by=actor, note=note.strip()
        )
        audit_record(
            actor=actor,
            action=f"capital.case.{move}",
            obj=case,
            before=before,
            after=snapshot(case, ["state", "version"]),
        )
    return case
