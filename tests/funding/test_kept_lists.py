"""Funding's lists kept until the next write (QUALITY P1, P2): with a real cache, each
reader still sees only what their scope lets them, and a write through a service shows
at once on the funds page, the bids page and the ledger. The test settings keep nothing
(a dummy cache), so these tests turn a real one on."""

import pytest
from django.test import Client, override_settings

from devolution.funding.models import Bid, Contribution, ContributionYear, Proposal
from devolution.funding.selectors import bids as bid_selectors
from devolution.funding.selectors import funds as fund_selectors
from devolution.funding.services import bids as bid_services
from devolution.funding.services import funds as fund_services
from devolution.meetings.models import AgendaItem
from devolution.partners.models import Partnership
from tests.conftest import signed_in
from tests.funding.conftest_bids import (  # noqa: F401 (fixtures)
    applicant_fixture,
    assessor_fixture,
    camden_applicant_fixture,
    camden_draft_fixture,
    full_data,
    hackney_draft_fixture,
)
from tests.funding.conftest_funds import FUND, allocations, category_year  # noqa: F401
from tests.funding.test_contributions import words

pytestmark = pytest.mark.django_db

REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kl1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kl2"},
}


def _listed(client: Client) -> str:
    return client.get("/funding/bids/").content.decode()


@override_settings(CACHES=REAL_CACHE)
def test_each_reader_lists_the_bids_of_their_own_scope_from_the_cache(
    applicant, camden_applicant, assessor, hackney_draft, camden_draft
):
    hackney, camden = hackney_draft.proposal.ref, camden_draft.proposal.ref
    # The Hackney applicant's list is kept first; nobody else is given it.
    mine = _listed(signed_in(applicant))
    assert hackney in mine and camden not in mine
    theirs = _listed(signed_in(camden_applicant))
    assert camden in theirs and hackney not in theirs
    assert hackney not in _listed(Client()) and hackney not in _listed(signed_in(assessor))
    # A submission is a write: the assessor's kept list is read again and shows it.
    bid_services.bid_submit(actor=applicant, ref=hackney)
    assert hackney in _listed(signed_in(assessor))
    assert hackney not in _listed(Client())


def test_a_bid_row_is_what_the_bid_holds(applicant, hackney_draft):
    partnership = Partnership.objects.filter(members__isnull=False).first()
    by_partnership = Proposal.objects.create(
        partnership=hackney_draft.proposal.partnership,
        ref="B-TEST-PARTNERSHIP",
        kind="bid",
        title="A partnership's bid",
        proposer_partnership=partnership,
    )
    Bid.objects.create(
        proposal=by_partnership,
        fund=hackney_draft.fund,
        category=hackney_draft.category,
        level=hackney_draft.level,
        state="allocated",
    )
    rows = {r.ref: r for r in bid_selectors.bid_rows(applicant)[0:50]}
    hackney = rows[hackney_draft.proposal.ref]
    assert (hackney.title, hackney.applicant, hackney.total, hackney.state) == (
        "Social prescribing in Hackney",
        hackney_draft.proposal.organisation.name,
        250_000,
        "draft",
    )
    assert (hackney.fund, hackney.category, hackney.level) == (
        hackney_draft.fund.name,
        hackney_draft.category.name,
        hackney_draft.level.name,
    )
    assert rows["B-TEST-PARTNERSHIP"].applicant == partnership.name
    assert rows["B-TEST-PARTNERSHIP"].total is None


@override_settings(CACHES=REAL_CACHE)
def test_the_funds_page_shows_a_category_amount_once_it_is_recorded(secretariat, allocations):  # noqa: F811
    def unallocated() -> str:
        page = words(Client().get("/funding/").content.decode())
        return page[page.index("Unallocated Available") :]

    assert unallocated().startswith("Unallocated Available unknown Recommended £2,000,000")
    cy = category_year("unallocated")
    fund_services.category_year_amount_set(
        actor=secretariat,
        category_year_id=cy.pk,
        version=cy.category.version,
        amount=12_000_000,
        amount_note="",
        source_id=None,
        quote="",
    )
    assert unallocated().startswith(
        "Unallocated Available £12,000,000 Recommended £2,000,000 Allocated £5,000,000 "
        "Spent to date £3,000,000 Left £7,000,000"
    )


def test_the_funds_rows_carry_their_sums_from_the_database(allocations):  # noqa: F811
    rows = {
        cy.category.key: cy
        for cy in fund_selectors.category_years_shown(Partnership.objects.get(is_default=True))
    }
    assert (rows["unallocated"].recommended, rows["unallocated"].spent) == (2_000_000, 3_000_000)
    assert {(r.recommended, r.spent) for k, r in rows.items() if k != "unallocated"} == {(0, 0)}
    assert next(iter(rows.values())).category.fund.key == FUND


@override_settings(CACHES=REAL_CACHE)
def test_the_ledger_shows_a_changed_contribution_at_once(secretariat):
    assert "£300k" in words(Client().get("/funding/contributions/").content.decode())
    row = Contribution.objects.get(year__year="2017-18", key="london-councils")
    response = signed_in(secretariat).post(
        f"/funding/contributions/{row.pk}/edit/",
        {"version": row.version, "partner": row.partner, "amount": "250000", "notes": row.notes},
    )
    assert response.status_code == 302
    page = words(Client().get("/funding/contributions/").content.decode())
    assert "London Councils / London Local Authorities Cash £250k" in page
    assert ContributionYear.objects.filter(year="2017-18").exists()


@override_settings(CACHES=REAL_CACHE)
def test_the_allocations_page_kept_for_staff_is_not_given_to_the_public(
    secretariat,
    allocations,  # noqa: F811
):
    confidential = allocations[1].decision.item
    AgendaItem.objects.filter(pk=confidential.pk).update(public=False)
    staff = words(signed_in(secretariat).get("/funding/allocations/").content.decode())
    assert "Bid 0" in staff and "Bid 1" in staff
    public = words(Client().get("/funding/allocations/").content.decode())
    assert "Bid 0" in public and "Bid 1" not in public
    assert Client().get("/api/allocations").json()["count"] == 1
