"""Funding's bid pages in an applicant's and an assessor's "Your work"."""

from typing import Any

from devolution.core.links import PageLink, fixed_url
from devolution.partners.access import memberships_of

from ..rules import bids as bid_rules


def bids_your_work(person: Any) -> list[PageLink]:
    """Applicants: their organisation's bids and a new one; assessors and the secretariat:
    the bids submitted for assessment."""
    memberships = memberships_of(person)
    links = []
    if any(m.role == bid_rules.APPLICANT for m in memberships):
        links.append(PageLink("Your bids", fixed_url("funding:bid-list")))
        links.append(PageLink("Start a bid", fixed_url("funding:bid-new")))
    if bid_rules.assesses(memberships):
        links.append(PageLink("Bids to assess", fixed_url("funding:bid-list") + "?state=submitted"))
    return links
