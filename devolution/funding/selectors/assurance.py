"""Reading proposals and their assessments against the Mayor's six assurances (SPEC §11),
each with its summary, in a fixed number of queries however many there are."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from devolution.core.reports import date_text
from devolution.meetings.models import AgendaItem, Meeting
from devolution.meetings.selectors import (
    footprint_places,
    partnership_organisations,
    partnership_partnerships,
)
from devolution.partners.models import Organisation, Partnership, Place

from ..models import Assessment, Assurance, BedCondition, Proposal
from ..rules import assurances as rules

# The kinds of proposal made on the proposals' own pages; a bid is made on its own.
MADE_HERE = (Proposal.Kind.SERVICE_CHANGE, Proposal.Kind.PLAN)
KIND_CHOICES = [(k.value, k.label) for k in MADE_HERE]
KIND_WORDS = dict(Proposal.Kind.choices)
RATING_CHOICES = list(Assessment.Rating.choices)


def default_partnership() -> Partnership:
    found = Partnership.objects.filter(is_default=True).first()
    if found is None:
        raise Http404("No partnership is set as this deployment's own.")
    return found


def assurances_of(partnership_id: int) -> list[Assurance]:
    return list(Assurance.objects.filter(partnership_id=partnership_id).select_related("source"))


def assurance_get(partnership_id: int, key: str) -> Assurance:
    found = (
        Assurance.objects.filter(partnership_id=partnership_id, key=key)
        .select_related("source")
        .first()
    )
    if found is None:
        raise Http404("There is no such assurance.")
    return found


def bed_conditions() -> list[BedCondition]:
    return list(BedCondition.objects.select_related("source"))


def _conditions_count() -> Coalesce:
    through = Proposal.bed_conditions.through
    return Coalesce(
        Subquery(
            through.objects.filter(proposal_id=OuterRef("pk"))
            .values("proposal_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]  # type: ignore[misc]
        ),
        0,
    )


def facts_of(proposal: Any, conditions_met: int | None = None) -> rules.BedFacts:
    met = conditions_met
    if met is None:
        met = getattr(proposal, "conditions_met", None)
    if met is None:
        met = len(proposal.bed_conditions.all())
    return rules.BedFacts(proposal.beds_change, proposal.independent_review, met or 0)


def summary_from(
    assurances: list[Assurance], judged: dict[str, str], facts: rules.BedFacts
) -> rules.Summary:
    return rules.summarise(((a.key, a.title, a.bed_rule) for a in assurances), judged, facts)


@dataclass
class ProposalView:
    """A proposal as a page shows it: the record, its summary, and each assurance with
    its assessment (None: not yet assessed) and its line of the summary."""

    proposal: Proposal
    summary: rules.Summary
    rows: list[tuple[Assurance, Assessment | None, rules.AssuranceLine]]
    conditions: list[tuple[BedCondition, bool]]
    facts: rules.BedFacts
    breach: str | None


def proposal_get(ref: str) -> Proposal:
    found = (
        Proposal.objects.filter(ref=ref)
        .select_related(
            "organisation", "proposer_partnership", "partnership", "item__meeting__board"
        )
        .prefetch_related("places", "bed_conditions")
        .first()
    )
    if found is None:
        raise Http404("There is no proposal with that reference.")
    return found


def proposal_view(ref: str) -> ProposalView:
    proposal = proposal_get(ref)
    assurances = assurances_of(proposal.partnership_id)
    assessments = {
        a.assurance_id: a
        for a in Assessment.objects.filter(proposal=proposal).select_related("assessed_by")
    }
    facts = facts_of(proposal)
    judged = {a.key: assessments[a.pk].judged for a in assurances if a.pk in assessments}
    summary = summary_from(assurances, judged, facts)
    met = {c.pk for c in proposal.bed_conditions.all()}
    return ProposalView(
        proposal=proposal,
        summary=summary,
        rows=[
            (a, assessments.get(a.pk), line)
            for a, line in zip(assurances, summary.lines, strict=True)
        ],
        conditions=[(c, c.pk in met) for c in bed_conditions()],
        facts=facts,
        breach=rules.bed_rule_breach(facts),
    )


def _judged_by_proposal(proposal_ids: list[int]) -> dict[int, dict[str, str]]:
    judged: dict[int, dict[str, str]] = {}
    rows = Assessment.objects.filter(proposal_id__in=proposal_ids).values_list(
        "proposal_id", "assurance__key", "judged"
    )
    for proposal_id, key, judgement in rows:
        judged.setdefault(proposal_id, {})[key] = judgement
    return judged


def proposal_list(partnership_id: int | None = None) -> QuerySet[Proposal]:
    """Every proposal, newest first, with its summary as last derived (Proposal.assurance,
    kept by the services): one query for a page of them, however many there are."""
    query = Proposal.objects.select_related("organisation", "proposer_partnership")
    if partnership_id:
        query = query.filter(partnership_id=partnership_id)
    return query.order_by("-created_at", "ref")


def overall(proposal: Proposal) -> str:
    """The proposal's summary in a line, as last derived."""
    return str((proposal.assurance or {}).get("overall") or "Not yet assessed.")


def _of_item(field: str) -> Subquery:
    return Subquery(Proposal.objects.filter(item_id=OuterRef("pk")).values(field)[:1])


# The columns an agenda item is read with (core.links.item_offer): the proposal decided
# at it, if any, and its summary as last derived. Subqueries of the items' own query.
ITEM_COLUMNS = {
    "funding_proposal_ref": lambda: _of_item("ref"),
    "funding_assurance": lambda: _of_item("assurance"),
}


def summary_of(proposal: Proposal) -> rules.Summary:
    """One proposal's summary (a bid's page)."""
    judged = dict(
        Assessment.objects.filter(proposal=proposal).values_list("assurance__key", "judged")
    )
    # NHS England's conditions matter only where beds are reduced: not counted otherwise.
    reduces = proposal.beds_change is not None and proposal.beds_change < 0
    facts = rules.BedFacts(
        proposal.beds_change,
        proposal.independent_review,
        proposal.bed_conditions.count() if reduces else 0,
    )
    return summary_from(assurances_of(proposal.partnership_id), judged, facts)


# ------------------------------------------------------------------ the form's choices


def home_partnership(proposal: Proposal | None = None) -> Partnership | None:
    """The partnership whose business a proposal is: its own, or for a new one the one
    it will be created in (the deployment's default, as services.proposal_create). None
    with no default chosen yet (a small data set): the forms then offer every row."""
    if proposal is not None:
        return proposal.partnership
    return Partnership.objects.filter(is_default=True).first()


def proposer_choices(
    partnership: Partnership | None, current: Proposal | None = None
) -> list[tuple[str, str]]:
    """Who may propose: an organisation (`org:<key>`) or a partnership (`partnership:<key>`)
    of the partnership's business (meetings.selectors: its members and what serves its
    footprint, the partnerships within it), and the proposer the proposal names now. Two
    queries, however many partnerships England holds."""
    partnerships = partnership_partnerships(partnership)
    if current is not None and current.proposer_partnership_id:
        partnerships |= Partnership.objects.filter(pk=current.proposer_partnership_id)
    organisations = partnership_organisations(partnership)
    if current is not None and current.organisation_id:
        organisations |= Organisation.objects.filter(pk=current.organisation_id)
    return [
        *(
            (f"partnership:{key}", name)
            for key, name in partnerships.order_by("name").values_list("key", "name")
        ),
        *(
            (f"org:{key}", name)
            for key, name in organisations.order_by("name").values_list("key", "name")
        ),
    ]


def bound_places(
    partnership: Partnership | None, current: Proposal | None = None
) -> QuerySet[Place]:
    """The places a proposal of the partnership may name: its footprint and the places
    within it, and those the proposal names now."""
    places = footprint_places(partnership)
    if current is not None and current.pk:
        places |= Place.objects.filter(
            pk__in=Proposal.places.through.objects.filter(proposal=current).values("place")
        )
    return places


def place_choices(
    partnership: Partnership | None, current: Proposal | None = None
) -> list[tuple[str, str]]:
    return list(bound_places(partnership, current).order_by("name").values_list("code", "name"))


def partnership_meetings(partnership: Partnership | None) -> QuerySet[Meeting]:
    """The meetings of the partnership's boards (a board not yet assigned to a partnership
    is the default partnership's, as meetings.selectors.meeting_partnership); every
    meeting with no partnership."""
    if partnership is None:
        return Meeting.objects.all()
    boards = Q(board__partnership=partnership)
    if partnership.is_default:
        boards |= Q(board__partnership__isnull=True)
    return Meeting.objects.filter(boards)


def partnership_items(partnership: Partnership | None) -> Q:
    """The agenda items of the partnership's boards' meetings."""
    return Q(meeting__in=partnership_meetings(partnership).values("pk"))


def bound_items(partnership: Partnership | None, current: int | None = None) -> Q:
    """The agenda items a proposal of the partnership may be set to be decided at: those
    of its boards' meetings not yet held and with no decision yet, and the one it is on
    now. Read from the meetings (an index), not by reading every item in England."""
    to_hold = partnership_meetings(partnership).filter(status__in=("scheduled", "agenda_published"))
    still_to_decide = Q(meeting__in=to_hold.values("pk"), decision__isnull=True)
    return still_to_decide | Q(pk=current) if current else still_to_decide


def item_choices(
    partnership: Partnership | None, current: int | None = None
) -> list[tuple[str, str]]:
    """The agenda items a proposal may be decided at (`bound_items`), in date order."""
    items = (
        AgendaItem.objects.filter(bound_items(partnership, current))
        .order_by("meeting__date", "meeting__key", "order")
        .values_list("pk", "title", "meeting__date", "meeting__board__short_name")
    )
    return [
        (str(pk), f"{board or 'Board'} meeting, {date_text(day)}: {title}")
        for pk, title, day, board in items
    ]


def condition_choices() -> list[tuple[str, str]]:
    return list(BedCondition.objects.values_list("key", "text"))


def proposal_refs_of_partnership(partnership: Any) -> list[tuple[str, str]]:
    query = Proposal.objects.all()
    if partnership is not None:
        query = query.filter(partnership=partnership)
    return list(query.values_list("ref", "title"))


def assurance_source_ids() -> list[int]:
    """The sources of the assurances and of NHS England's conditions."""
    return [
        *Assurance.objects.values_list("source_id", flat=True).distinct(),
        *BedCondition.objects.values_list("source_id", flat=True).distinct(),
    ]
