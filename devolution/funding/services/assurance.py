"""Proposals and their assessment against the Mayor's six assurances (SPEC §11): the
secretariat records a service change or a plan; an assessor or the secretariat assesses
it on each assurance; the bed rule (rules.assurances) sets the rating on hospital
capacity whatever was judged, and is applied again whenever the facts on beds change.
Every change is audited, in the transaction of the change."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from devolution.core.errors import InvalidInput, NotAllowed, Problem, StaleEdit
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.meetings.models import AgendaItem
from devolution.meetings.selectors import partnership_organisations, partnership_partnerships
from devolution.partners.access import can_keep_registers, memberships_of
from devolution.partners.models import Organisation, Partnership, Place

from ..models import Assessment, Assurance, BedCondition, Proposal
from ..rules import assurances as rules
from ..selectors import assurance as selectors

PROPOSAL_FIELDS = [
    "ref",
    "kind",
    "title",
    "summary",
    "organisation_id",
    "proposer_partnership_id",
    "beds_change",
    "independent_review",
    "item_id",
    "version",
]
ASSESSMENT_FIELDS = ["evidence", "judged", "rating", "reason", "assessed_by_id", "version"]
TITLE_LIMIT = 300
TEXT_LIMIT = 20_000
BEDS_LIMIT = 100_000
ASSESS_REFUSED = "Only bid assessors and the secretariat assess proposals."


@dataclass
class ProposalFacts:
    """What the secretariat says of a service change or a plan. The proposer is one
    organisation's key or one partnership's key; places are codes; conditions are the
    keys of NHS England's conditions the proposal meets."""

    kind: str
    title: str
    summary: str = ""
    organisation: str = ""
    partnership: str = ""
    places: list[str] = field(default_factory=list)
    beds_change: int | None = None
    independent_review: bool | None = None
    conditions: list[str] = field(default_factory=list)
    item: int | None = None  # the agenda item where a board decides it


def bed_facts_checked(
    beds_change: int | None, condition_keys: list[str], problems: list[Problem]
) -> list[BedCondition]:
    """NHS England's conditions named by their keys, and the change in beds within its
    bounds: what any proposal (a service change, a plan, a bid) says of hospital beds.
    Problems are added to `problems`, each naming its field."""
    conditions = list(BedCondition.objects.filter(key__in=set(condition_keys)))
    unknown = sorted(set(condition_keys) - {c.key for c in conditions})
    if unknown:
        problems.append(
            Problem(f"NHS England has no condition {', '.join(unknown)}", field="conditions")
        )
    if beds_change is not None and abs(beds_change) > BEDS_LIMIT:
        problems.append(
            Problem(
                f"a change in beds is between -{BEDS_LIMIT:,} and {BEDS_LIMIT:,}",
                field="beds_change",
            )
        )
    return conditions


def enforce_secretariat(actor: Any) -> None:
    if not can_keep_registers(actor):
        raise NotAllowed("Only the secretariat records proposals.")


def _checked(
    facts: ProposalFacts, home: Partnership | None, current: Proposal | None = None
) -> tuple[Any, Any, list[Place], list[BedCondition], AgendaItem | None]:
    """The facts' records, or every problem found with them (nothing is saved). What the
    proposal names is bounded to the business of `home`, its partnership (the choices its
    form offers, selectors.assurance), save what `current`, the proposal changed, names
    already."""
    ref = current.ref if current is not None else None
    problems = []
    if facts.kind not in (Proposal.Kind.SERVICE_CHANGE, Proposal.Kind.PLAN):
        problems.append(Problem("choose a service change or a plan", field="kind"))
    title = facts.title.strip()
    if not title:
        problems.append(Problem("give the proposal a title", field="title"))
    elif len(title) > TITLE_LIMIT:
        problems.append(Problem(f"a title is {TITLE_LIMIT} characters or fewer", field="title"))
    if len(facts.summary) > TEXT_LIMIT:
        problems.append(
            Problem(f"a summary is {TEXT_LIMIT:,} characters or fewer", field="summary")
        )
    organisation = partnership = None
    if facts.organisation and facts.partnership:
        problems.append(
            Problem("name one proposer: an organisation or a partnership", field="proposer")
        )
    elif facts.organisation:
        organisation = Organisation.objects.filter(key=facts.organisation).first()
        if organisation is None:
            problems.append(Problem("no organisation has that key", field="proposer"))
        elif not (
            (current is not None and current.organisation_id == organisation.pk)
            or partnership_organisations(home).filter(pk=organisation.pk).exists()
        ):
            problems.append(Problem(_outside(organisation.name, home), field="proposer"))
    elif facts.partnership:
        partnership = Partnership.objects.filter(key=facts.partnership).first()
        if partnership is None:
            problems.append(Problem("no partnership has that key", field="proposer"))
        elif not (
            (current is not None and current.proposer_partnership_id == partnership.pk)
            or partnership_partnerships(home).filter(pk=partnership.pk).exists()
        ):
            problems.append(Problem(_outside(partnership.name, home), field="proposer"))
    places = list(Place.objects.filter(code__in=set(facts.places)))
    unknown = sorted(set(facts.places) - {p.code for p in places})
    if unknown:
        problems.append(Problem(f"no place has the code {', '.join(unknown)}", field="places"))
    elif places:
        allowed = set(
            selectors.bound_places(home, current)
            .filter(pk__in=[p.pk for p in places])
            .values_list("pk", flat=True)
        )
        outside = sorted(p.name for p in places if p.pk not in allowed)
        if outside:
            problems.append(Problem(_outside(", ".join(outside), home), field="places"))
    conditions = bed_facts_checked(facts.beds_change, facts.conditions, problems)
    item = None
    if facts.item is not None:
        item = AgendaItem.objects.filter(pk=facts.item).first()
        if item is None:
            problems.append(Problem("there is no such agenda item", field="item"))
        elif not (
            (current is not None and current.item_id == item.pk)
            or AgendaItem.objects.filter(selectors.partnership_items(home), pk=item.pk).exists()
        ):
            problems.append(
                Problem(
                    "that agenda item is not of a meeting of a board of "
                    f"{home.name if home else 'the partnership'}",
                    field="item",
                )
            )
        else:
            other = Proposal.objects.filter(item=item).exclude(ref=ref or "").first()
            if other is not None:
                problems.append(
                    Problem(f"that item decides another proposal, “{other.title}”", field="item")
                )
    if problems:
        raise InvalidInput(problems)
    return organisation, partnership, places, conditions, item


def _outside(what: str, home: Partnership | None) -> str:
    return (
        f"{what} is outside {home.name if home else 'the partnership'}: choose from those "
        "of its members and footprint listed"
    )


def _new_ref(title: str) -> str:
    base = (slugify(title)[:32].strip("-") or "proposal").lower()
    taken = set(Proposal.objects.filter(ref__startswith=base).values_list("ref", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _full_snapshot(proposal: Proposal) -> dict[str, Any]:
    return {
        **snapshot(proposal, PROPOSAL_FIELDS),
        "places": sorted(p.code for p in proposal.places.all()),
        "bed_conditions": sorted(c.key for c in proposal.bed_conditions.all()),
    }


def proposal_create(
    *, actor: User, facts: ProposalFacts, partnership_key: str | None = None
) -> Proposal:
    """The secretariat records a service change or a plan to assess."""
    enforce_secretariat(actor)
    home = (
        Partnership.objects.filter(key=partnership_key).first()
        if partnership_key
        else Partnership.objects.filter(is_default=True).first()
    )
    if home is None:
        raise InvalidInput([Problem("no partnership has that key", field="partnership")])
    organisation, proposer, places, conditions, item = _checked(facts, home)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            partnership=home,
            ref=_new_ref(facts.title),
            kind=facts.kind,
            title=facts.title.strip(),
            summary=facts.summary.strip(),
            organisation=organisation,
            proposer_partnership=proposer,
            beds_change=facts.beds_change,
            independent_review=facts.independent_review,
            item=item,
            created_by=actor,
        )
        proposal.places.set(places)
        proposal.bed_conditions.set(conditions)
        audit_record(
            actor=actor,
            action="proposal.create",
            obj=proposal,
            before=None,
            after=_full_snapshot(proposal),
        )
        rederive(actor=actor, proposal=proposal)
        summary_refresh(proposal)
    return proposal


def proposal_update(*, actor: User, ref: str, version: int, facts: ProposalFacts) -> Proposal:
    """The secretariat changes a service change or a plan, from the version they saw; a
    change to the facts on beds applies the bed rule again to its assessments."""
    enforce_secretariat(actor)
    current = Proposal.objects.filter(ref=ref).select_related("partnership").first()
    if current is None:
        raise InvalidInput([Problem(f"no proposal {ref!r}", field="ref")])
    organisation, proposer, places, conditions, item = _checked(facts, current.partnership, current)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(ref=ref).first()
        if proposal is None:
            raise InvalidInput([Problem(f"no proposal {ref!r}", field="ref")])
        if proposal.kind == Proposal.Kind.BID:
            raise InvalidInput([Problem("a bid is changed on the bid's own page", field="kind")])
        if proposal.version != version:
            raise StaleEdit(
                "This proposal was changed by someone else. Nothing was saved: reload the "
                "page and try again."
            )
        before = _full_snapshot(proposal)
        proposal.kind = facts.kind
        proposal.title = facts.title.strip()
        proposal.summary = facts.summary.strip()
        proposal.organisation = organisation
        proposal.proposer_partnership = proposer
        proposal.beds_change = facts.beds_change
        proposal.independent_review = facts.independent_review
        proposal.item = item
        proposal.version += 1
        proposal.save()
        proposal.places.set(places)
        proposal.bed_conditions.set(conditions)
        audit_record(
            actor=actor,
            action="proposal.update",
            obj=proposal,
            before=before,
            after=_full_snapshot(proposal),
        )
        rederive(actor=actor, proposal=proposal)
        summary_refresh(proposal)
    return proposal


def summary_refresh(proposal: Proposal) -> dict[str, Any]:
    """Derive the proposal's summary again and keep it on the proposal (Proposal.assurance),
    where a meeting's pages read it with their items. Runs inside the caller's transaction
    after every change to the proposal or its assessments; a part of funding that changes
    a proposal's facts on beds (a bid) calls `rederive` and this."""
    assurances = list(
        Assurance.objects.filter(partnership_id=proposal.partnership_id).values_list(
            "key", "title", "bed_rule"
        )
    )
    judged = dict(
        Assessment.objects.filter(proposal=proposal).values_list("assurance__key", "judged")
    )
    summary = rules.summarise(assurances, judged, _facts(proposal))
    kept = {
        "ref": proposal.ref,
        "title": proposal.title,
        "overall": summary.overall,
        "lines": [
            {"title": line.title, "rating": line.rating, "overruled": line.overruled}
            for line in summary.lines
        ],
    }
    Proposal.objects.filter(pk=proposal.pk).update(assurance=kept)
    proposal.assurance = kept
    return kept


def _facts(proposal: Proposal) -> rules.BedFacts:
    return rules.BedFacts(
        proposal.beds_change, proposal.independent_review, proposal.bed_conditions.count()
    )


def rederive(*, actor: User | None, proposal: Proposal) -> list[Assessment]:
    """Apply the bed rule again to the proposal's assessments on the assurances that carry
    it: a rating the rule sets, or gives back to the assessor's judgement, is saved and
    audited; a reduction in beds that breaks the rule is recorded as not met even before
    anyone has assessed it. Runs inside the caller's transaction."""
    facts = _facts(proposal)
    changed = []
    for assurance in Assurance.objects.filter(
        partnership_id=proposal.partnership_id, bed_rule=True
    ):
        assessment = Assessment.objects.filter(proposal=proposal, assurance=assurance).first()
        rating = rules.derived_rating(
            assessment.judged if assessment else "", bed_rule=True, facts=facts
        )
        if assessment is None:
            if not rating:
                continue
            assessment = Assessment.objects.create(
                proposal=proposal, assurance=assurance, rating=rating
            )
            audit_record(
                actor=actor,
                action="assessment.derive",
                obj=assessment,
                before=None,
                after=snapshot(assessment, ASSESSMENT_FIELDS),
            )
            changed.append(assessment)
        elif assessment.rating != rating:
            before = snapshot(assessment, ASSESSMENT_FIELDS)
            assessment.rating = rating
            assessment.version += 1
            assessment.save(update_fields=["rating", "version"])
            audit_record(
                actor=actor,
                action="assessment.derive",
                obj=assessment,
                before=before,
                after=snapshot(assessment, ASSESSMENT_FIELDS),
            )
            changed.append(assessment)
    return changed


def assessment_record(
    *,
    actor: User,
    ref: str,
    assurance_key: str,
    rating: str,
    evidence: str,
    reason: str,
    version: int | None,
) -> Assessment:
    """An assessor or the secretariat assesses a proposal on one assurance: the evidence,
    their judgement and, when it is not met or partly met, the reason. `version` is the
    assessment's as they saw it (None or 0 when there was none yet): if it has changed
    since, nothing is saved. The rating recorded is the judgement with the bed rule
    applied (rules.assurances.derived_rating); the judgement is kept beside it."""
    if not rules.may_assess(m.role for m in memberships_of(actor)):
        raise NotAllowed(ASSESS_REFUSED)
    problems = []
    wrong = rules.reason_problem(rating, reason)
    if wrong:
        problems.append(Problem(wrong, field="reason" if rating in rules.RATINGS else "rating"))
    if len(evidence) > TEXT_LIMIT:
        problems.append(
            Problem(f"evidence is {TEXT_LIMIT:,} characters or fewer", field="evidence")
        )
    if len(reason) > TEXT_LIMIT:
        problems.append(Problem(f"a reason is {TEXT_LIMIT:,} characters or fewer", field="reason"))
    if problems:
        raise InvalidInput(problems)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().filter(ref=ref).first()
        if proposal is None:
            raise InvalidInput([Problem(f"no proposal {ref!r}", field="ref")])
        assurance = Assurance.objects.filter(
            partnership_id=proposal.partnership_id, key=assurance_key
        ).first()
        if assurance is None:
            raise InvalidInput([Problem(f"no assurance {assurance_key!r}", field="assurance")])
        assessment = Assessment.objects.filter(proposal=proposal, assurance=assurance).first()
        seen = version or 0
        if (assessment.version if assessment else 0) != seen:
            raise StaleEdit(
                "This assessment was changed by someone else. Nothing was saved: reload "
                "the page and try again."
            )
        derived = rules.derived_rating(rating, bed_rule=assurance.bed_rule, facts=_facts(proposal))
        before = snapshot(assessment, ASSESSMENT_FIELDS) if assessment else None
        if assessment is None:
            assessment = Assessment(proposal=proposal, assurance=assurance)
        else:
            assessment.version += 1
        assessment.evidence = evidence.strip()
        assessment.judged = rating
        assessment.rating = derived
        assessment.reason = reason.strip()
        assessment.assessed_by = actor
        assessment.assessed_at = timezone.now()
        assessment.save()
        audit_record(
            actor=actor,
            action="assessment.record",
            obj=assessment,
            before=before,
            after=snapshot(assessment, ASSESSMENT_FIELDS),
        )
        summary_refresh(proposal)
    return assessment
