"""The partnership's grants in the 360Giving Data Standard (SPEC §15, ADR 19): the money
its boards' binding decisions allocated, never a recommendation, and nothing of a bid
still in draft.

A grant is what one decision gave one bid: its allocations from each financial year
taken together, the amount their sum, the planned dates those years, the identifier the
publisher's prefix and the number of its first allocation.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse

from devolution.partners.models import Organisation, Partnership, Place

from ..models import Allocation, Bid
from ..rules import giving as rules
from ..rules.org_ids import Held, OrgId, grant_id, org_id, partnership_id, publisher_prefix

# The routes a bid's own page may have, tried in turn: a grant links to the first found.
BID_PAGE_ROUTES = ("funding:bid", "funding:bid-detail")


@dataclass(frozen=True)
class Identified:
    """An organisation or partnership named in the publication and its identifier."""

    role: str  # "Funder" | "Recipient"
    name: str
    identifier: OrgId


@dataclass(frozen=True)
class Publication:
    """The 360Giving package and what the page says about it."""

    package: dict[str, Any]
    prefix: str
    publisher: str
    identified: tuple[Identified, ...] = ()
    # Allocations left out because their bid names no applicant (no recipient to name).
    left_out: int = 0
    grants: list[dict[str, Any]] = field(default_factory=list)


def giving_prefix() -> str:
    """The publisher's 360Giving prefix: the THREESIXTYGIVING_PREFIX setting, else the
    key of the partnership the deployment runs until 360Giving issues one (ADR 19)."""
    default = Partnership.objects.filter(is_default=True).values_list("key", flat=True).first()
    return publisher_prefix(
        getattr(settings, "THREESIXTYGIVING_PREFIX", ""), default or "devolution"
    )


def _held(organisation: Organisation) -> Held:
    return Held(
        key=organisation.key,
        type=organisation.type,
        ods_code=organisation.ods_code,
        companies_house=organisation.companies_house,
        charity_number=organisation.charity_number,
    )


def _location(place: Place) -> dict[str, Any]:
    found: dict[str, Any] = {"name": place.name, "countryCode": rules.COUNTRY}
    if place.scheme == Place.Scheme.GSS:
        found["geoCode"] = place.code
        kind = rules.geo_code_type(place.code)
        if kind:
            found["geoCodeType"] = kind
    elif place.scheme == Place.Scheme.ODS:
        found["geoCode"] = place.code
        found["description"] = (
            f"{place.name}, by its NHS Organisation Data Service code {place.code}"
        )
    return found


def _locations(places: Iterable[Place]) -> list[dict[str, Any]]:
    """The bid's places: each with its GSS or ODS code; a place the system names with its
    own code, by the boroughs it comprises (their codes mean something elsewhere)."""
    found: list[dict[str, Any]] = []
    for place in places:
        parts = list(place.comprises.all()) if place.scheme == Place.Scheme.LOCAL else []
        for each in parts or [place]:
            location = _location(each)
            if location not in found:
                found.append(location)
    return found


def _bid_page(ref: str, base: str) -> str | None:
    for route in BID_PAGE_ROUTES:
        try:
            return base + reverse(route, args=[ref])
        except NoReverseMatch:
            continue
    return None


def _allocations(partnership: Partnership | None) -> list[Allocation]:
    chosen = Allocation.objects.filter(status=Allocation.Status.ALLOCATED)
    if partnership is not None:
        chosen = chosen.filter(bid__fund__partnership=partnership)
    return list(
        chosen.exclude(bid__state=Bid.State.DRAFT)
        .select_related(
            "bid__proposal__organisation",
            "bid__proposal__proposer_partnership",
            "bid__fund__partnership",
            "bid__category",
            "category_year",
            "decision",
        )
        .prefetch_related(
            Prefetch(
                "bid__proposal__places",
                queryset=Place.objects.prefetch_related("comprises").order_by(
                    "level__rank", "name"
                ),
            )
        )
        .order_by("made_on", "pk")
    )


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def giving_publication(
    base: str,
    links: Callable[[str], str] | None = None,
    partnership: Partnership | None = None,
) -> Publication:
    """The 360Giving package of every allocation made, or of the funds of `partnership`
    (then its publisher); `base` is the site's address (scheme and host) that its links
    are made absolute with; `links(route)` the path of one of its own files, for the
    package's download and access addresses."""
    prefix = giving_prefix()
    groups: dict[tuple[int, int], list[Allocation]] = {}
    for allocation in _allocations(partnership):
        groups.setdefault((allocation.bid_id, allocation.decision_id), []).append(allocation)

    grants: list[dict[str, Any]] = []
    identified: dict[str, Identified] = {}
    left_out = 0
    for allocations in groups.values():
        first = allocations[0]
        bid = first.bid
        proposal = bid.proposal
        funds = bid.fund.partnership
        funder = OrgId(
            partnership_id(prefix, funds.key),
            "",
            "a partnership is on no register, so the publisher's own identifier is used",
        )
        recipient: dict[str, Any]
        if proposal.organisation is not None:
            organisation = proposal.organisation
            recipient_id = org_id(_held(organisation), prefix)
            recipient = {"id": recipient_id.identifier, "name": organisation.name}
            if organisation.charity_number:
                recipient["charityNumber"] = organisation.charity_number
            if organisation.companies_house:
                recipient["companyNumber"] = organisation.companies_house
            recipient_name = organisation.name
        elif proposal.proposer_partnership is not None:
            proposer = proposal.proposer_partnership
            recipient_id = OrgId(
                partnership_id(prefix, proposer.key),
                "",
                "a partnership is on no register, so the publisher's own identifier is used",
            )
            recipient = {"id": recipient_id.identifier, "name": proposer.name}
            recipient_name = proposer.name
        else:
            left_out += 1
            continue
        identified.setdefault(funder.identifier, Identified("Funder", funds.name, funder))
        identified.setdefault(
            recipient_id.identifier, Identified("Recipient", recipient_name, recipient_id)
        )

        grant: dict[str, Any] = {
            "id": grant_id(prefix, proposal.ref, first.number),
            "title": proposal.title,
            "description": proposal.summary.strip() or proposal.title,
            "currency": rules.CURRENCY,
            "amountAwarded": sum(a.amount for a in allocations),
            "awardDate": first.made_on.isoformat(),
            "recipientOrganization": [recipient],
            "fundingOrganization": [{"id": funder.identifier, "name": funds.name}],
            "grantProgramme": [
                {
                    "code": f"{bid.fund.key}/{bid.category.key}",
                    "title": f"{bid.fund.name}: {bid.category.name}",
                }
            ],
        }
        planned = rules.planned_dates([a.category_year.year for a in allocations])
        if planned:
            grant["plannedDates"] = [planned]
        locations = _locations(proposal.places.all())
        if locations:
            grant["beneficiaryLocation"] = locations
        page = _bid_page(proposal.ref, base)
        if page:
            grant["url"] = page
            grant["dataSource"] = page
        modified = _moment(first.decision.recorded_at)
        if modified:
            grant["dateModified"] = modified
        grants.append(grant)

    default = partnership or Partnership.objects.filter(is_default=True).first()
    publisher_name = default.name if default else "Devolution"
    publisher: dict[str, Any] = {"name": publisher_name}
    if default is not None:
        publisher["identifier"] = partnership_id(prefix, default.key)
    if base:
        publisher["website"] = base + "/"
    package: dict[str, Any] = {
        "title": f"Grants of the {publisher_name}",
        "description": (
            "Money allocated by the binding decisions of the partnership's boards, in the "
            "360Giving Data Standard. Recommendations to another body are not grants and "
            "are not included."
        ),
        "version": rules.VERSION,
        "license": getattr(
            settings, "THREESIXTYGIVING_LICENSE", "https://creativecommons.org/licenses/by/4.0/"
        ),
        "publisher": publisher,
        "grants": grants,
    }
    if base and links is not None and partnership is None:
        package["downloadURL"] = base + links("funding:giving-report-json")
        package["accessURL"] = base + links("funding:giving-report")
    return Publication(
        package=package,
        prefix=prefix,
        publisher=publisher_name,
        identified=tuple(sorted(identified.values(), key=lambda i: (i.role, i.name))),
        left_out=left_out,
        grants=grants,
    )
