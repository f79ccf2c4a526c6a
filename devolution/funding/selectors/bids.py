"""Reads of bids that pages and the API share: which bids a person sees is decided here
once, from rules/bids.py (`scope_of`, `may_see_bid`), for every door."""

from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from devolution.core.errors import NotFound
from devolution.partners.access import memberships_of
from devolution.partners.models import Level, Membership, Organisation, Partnership, Place
from devolution.partners.selectors import KeptPageRows

from ..models import Assessment, Assurance, Bid, BidEvent, Category
from ..rules import bids as rules

NOT_FOUND = "There is no bid {ref}, or it is not one you may see."


def _owned_by(ids: frozenset[int]) -> Q:
    """Bids of these organisations, or of a partnership one of them is a member of."""
    return Q(proposal__organisation_id__in=ids) | Q(
        proposal__proposer_partnership_id__in=Partnership.objects.filter(members__in=ids).values(
            "id"
        )
    )


def bids_visible(reader: Any) -> QuerySet[Bid]:
    """Every bid the reader may see (rules.may_see_bid, as one query)."""
    scope = rules.scope_of(memberships_of(reader))
    private = Q(state=rules.DRAFT) | Q(state=rules.WITHDRAWN, submitted_at__isnull=True)
    seen = Q(state__in=rules.DECIDED)
    if scope.draft_owner_ids:
        seen |= private & _owned_by(scope.draft_owner_ids)
    if scope.all_submitted:
        seen |= ~private
    elif scope.owner_ids:
        seen |= ~private & _owned_by(scope.owner_ids)
    return Bid.objects.filter(seen)


def bid_list(reader: Any, *, state: str | None = None) -> QuerySet[Bid]:
    """The bids the reader sees, newest first, with what a row shows and its total."""
    rows = bids_visible(reader)
    if state:
        rows = rows.filter(state=state)
    return (
        rows.select_related(
            "proposal__organisation",
            "proposal__proposer_partnership",
            "fund",
            "category",
            "level",
        )
        .annotate(total=Sum("amounts__amount"))
        .order_by("-proposal__created_at", "-pk")
    )


def applicant_name(proposal: str = "proposal") -> Coalesce:
    """The applicant's name as the database gives it: the organisation's, else the
    proposing partnership's (bid_applicant_name, for a query's rows); `proposal` is the
    path from the rows to their proposal."""
    return Coalesce(
        f"{proposal}__organisation__name",
        f"{proposal}__proposer_partnership__name",
        Value(""),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class BidRow:
    """What the bids page shows of a bid."""

    ref: str
    title: str
    applicant: str
    fund: str
    category: str
    level: str
    total: int | None
    state: str


BID_ROW = (
    "proposal__ref",
    "proposal__title",
    "applicant",
    "fund__name",
    "category__name",
    "level__name",
    "total",
    "state",
)


def _bid_rows(rows: QuerySet[Bid]) -> list[BidRow]:
    return [BidRow(*r) for r in rows.annotate(applicant=applicant_name()).values_list(*BID_ROW)]


def bid_rows(reader: Any, *, state: str | None = None) -> KeptPageRows[BidRow]:
    """The bids page's rows for the reader, counted and read a page at a time and kept
    until the next write (QUALITY P1, P2), under the scope the reader sees them by: two
    readers of one scope see the same rows."""
    scope = rules.scope_of(memberships_of(reader))
    seen = ":".join(
        (
            ",".join(map(str, sorted(scope.draft_owner_ids))),
            ",".join(map(str, sorted(scope.owner_ids))),
            "all" if scope.all_submitted else "",
        )
    )
    return KeptPageRows(
        f"funding:bids:{state or ''}:{seen}", lambda: bid_list(reader, state=state), _bid_rows
    )


def owner_ids(bid: Bid) -> frozenset[int]:
    """The organisations a bid belongs to: its applicant organisation, or the members of
    the partnership making it."""
    proposal = bid.proposal
    if proposal.organisation_id is not None:
        return frozenset({proposal.organisation_id})
    if proposal.proposer_partnership_id is not None:
        return frozenset(
            Partnership.members.through.objects.filter(
                partnership_id=proposal.proposer_partnership_id
            ).values_list("organisation_id", flat=True)
        )
    return frozenset()


def bid_fact(bid: Bid) -> rules.BidFact:
    return rules.BidFact(
        state=bid.state, owner_ids=owner_ids(bid), submitted=bid.submitted_at is not None
    )


def bid_get(ref: str, reader: Any) -> Bid:
    """The bid with everything its page shows; NotFound (404) when there is none or the
    reader may not see it: a bid one may not see is as if it did not exist."""
    bid = (
        Bid.objects.select_related(
            "proposal__organisation",
            "proposal__proposer_partnership",
            "proposal__partnership",
            "proposal__created_by",
            "fund__board",
            "category",
            "level",
        )
        .prefetch_related(
            "amounts",
            "measures",
            "documents",
            Prefetch("proposal__places", queryset=Place.objects.select_related("level")),
            "proposal__bed_conditions",
            Prefetch(
                "proposal__assessments",
                queryset=Assessment.objects.select_related("assurance").order_by(
                    "assurance__order"
                ),
            ),
            Prefetch("events", queryset=BidEvent.objects.select_related("by")),
        )
        .filter(proposal__ref=ref)
        .first()
    )
    if bid is None or not rules.may_see_bid(memberships_of(reader), bid_fact(bid)).allowed:
        raise NotFound(NOT_FOUND.format(ref=ref))
    return bid


def bid_total(bid: Bid) -> int:
    return sum(a.amount for a in bid.amounts.all())


def bid_applicant_name(bid: Bid) -> str:
    proposal = bid.proposal
    if proposal.organisation is not None:
        return proposal.organisation.name
    if proposal.proposer_partnership is not None:
        return proposal.proposer_partnership.name
    return ""


# ------------------------------------------------------------ what a bid form offers


def categories_open() -> list[Category]:
    """The categories of allocated funds that are open to bids, with their years."""
    return list(
        Category.objects.filter(open_to_bids=True, fund__kind="allocated")
        .select_related("fund")
        .prefetch_related("years")
        .order_by("fund__order", "fund__name", "order")
    )


def levels_offered() -> list[Level]:
    order = {key: n for n, key in enumerate(rules.LEVELS)}
    return sorted(Level.objects.filter(key__in=rules.LEVELS), key=lambda lv: order[lv.key])


def places_offered() -> list[tuple[str, str]]:
    """Places at the levels a bid is made at, as (code, name with its level)."""
    return [
        (code, f"{name} ({level})")
        for code, name, level in Place.objects.filter(level__key__in=rules.LEVELS)
        .order_by("level__rank", "name")
        .values_list("code", "name", "level__name")
    ]


def applicants_for(person: Any) -> list[tuple[str, str]]:
    """Who the person may bid for: each organisation where they are an applicant, then
    each partnership such an organisation is a member of; as (choice, name)."""
    org_ids = list(
        Membership.objects.filter(person=person, role=rules.APPLICANT).values_list(
            "organisation_id", flat=True
        )
    )
    if not org_ids:
        return []
    organisations = [
        (f"organisation:{key}", name)
        for key, name in Organisation.objects.filter(pk__in=org_ids)
        .order_by("name")
        .values_list("key", "name")
    ]
    partnerships = [
        (f"partnership:{key}", f"{name} (a partnership)")
        for key, name in Partnership.objects.filter(members__in=org_ids)
        .distinct()
        .order_by("name")
        .values_list("key", "name")
    ]
    return organisations + partnerships


def assurances_of(partnership_id: int | None) -> list[Assurance]:
    rows = Assurance.objects.order_by("partnership_id", "order")
    if partnership_id is not None:
        rows = rows.filter(partnership_id=partnership_id)
    return list(rows)
