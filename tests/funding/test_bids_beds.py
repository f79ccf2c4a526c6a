"""A bid is a proposal like any other under the Mayor's assurances (SPEC §11): it says
what it does to hospital beds, and the bed rule holds for it as for a service change. A
reduction without an independent review and one of NHS England's conditions met is "not
met" on hospital capacity, on the bid's page, its summary and the API."""

import pytest
from django.test import Client

from devolution.core.errors import InvalidInput
from devolution.funding.models import Assessment, Bid, Proposal
from devolution.funding.services import bids as services
from tests.conftest import signed_in
from tests.funding.conftest_bids import (  # noqa: F401 (fixtures)
    HACKNEY_BOROUGH,
    applicant_fixture,
    full_data,
    hackney_draft_fixture,
)
from tests.funding.test_bids import ref, text

pytestmark = pytest.mark.django_db

CAPACITY = "hospital-capacity"


def _capacity(bid: Bid) -> str:
    proposal = Proposal.objects.get(pk=bid.proposal_id)
    line = next(
        line for line in proposal.assurance["lines"] if line["title"].startswith("Hospital")
    )
    return line["rating"]


def _form(**changes: object) -> dict[str, object]:
    return {
        "applicant": "organisation:la-hackney",
        "title": "Step-down beds",
        "category": "london-transformation-funding/unallocated",
        "level": "borough",
        "places": [HACKNEY_BOROUGH],
        "amount_2018-19": "120000",
        **changes,
    }


def test_a_bid_closing_beds_without_review_nor_condition_is_not_met_on_capacity(applicant):
    client = signed_in(applicant)
    assert "Change in hospital beds" in text(client.get("/funding/bids/new/"))
    response = client.post("/funding/bids/new/", _form(beds_change="-20"))
    assert response.status_code == 302
    bid = Bid.objects.get(proposal__title="Step-down beds")
    assert (bid.proposal.beds_change, bid.proposal.independent_review) == (-20, None)
    assert _capacity(bid) == "not_met"
    assert Assessment.objects.get(proposal=bid.proposal, assurance__key=CAPACITY).rating == (
        "not_met"
    )
    page = text(client.get(f"/funding/bids/{ref(bid)}/"))
    assert (
        "Hospital beds 20 fewer beds; no independent review stated; meets none of NHS "
        "England's conditions for closing beds." in page
    )


def test_a_reviewed_reduction_meeting_a_condition_goes_back_to_the_assessors_judgement(
    applicant, hackney_draft
):
    services.bid_edit(
        actor=applicant,
        ref=ref(hackney_draft),
        version=hackney_draft.version,
        data=full_data(beds_change=-20, independent_review=False),
    )
    assert _capacity(hackney_draft) == "not_met"
    bid = Bid.objects.get(pk=hackney_draft.pk)
    services.bid_edit(
        actor=applicant,
        ref=ref(bid),
        version=bid.version,
        data=full_data(
            beds_change=-20, independent_review=True, conditions=["alternative-provision"]
        ),
    )
    assert _capacity(bid) != "not_met"
    assert list(bid.proposal.bed_conditions.values_list("key", flat=True)) == [
        "alternative-provision"
    ]
    page = text(signed_in(applicant).get(f"/funding/bids/{ref(bid)}/"))
    assert "20 fewer beds; independently reviewed; meets NHS England's condition:" in page


def test_a_bid_naming_a_condition_nhs_england_has_not_is_refused_naming_the_field(applicant):
    with pytest.raises(InvalidInput) as refused:
        services.bid_create(actor=applicant, data=full_data(conditions=["no-such-condition"]))
    assert [p.field for p in refused.value.problems] == ["conditions"]
    assert not Proposal.objects.exists()
    response = signed_in(applicant).post("/funding/bids/new/", _form(beds_change="lots"))
    assert response.status_code == 400
    assert "Enter a whole number of beds" in text(response)
    assert not Proposal.objects.exists()


def test_the_api_takes_and_gives_a_bids_beds(applicant):
    client = signed_in(applicant)
    body = {
        "title": "Step-down beds",
        "fund": "london-transformation-funding",
        "category": "unallocated",
        "level": "borough",
        "organisation": "la-hackney",
        "places": [HACKNEY_BOROUGH],
        "beds_change": -12,
        "independent_review": True,
        "conditions": ["alternative-provision"],
    }
    made = client.post("/api/bids", body, content_type="application/json")
    assert made.status_code == 201, made.content
    got = made.json()
    assert (got["beds_change"], got["independent_review"], got["conditions"]) == (
        -12,
        True,
        ["alternative-provision"],
    )
    refused = client.post(
        "/api/bids", {**body, "beds_change": -200_000}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert Proposal.objects.count() == 1
    assert Client().get(f"/api/bids/{got['ref']}").status_code == 404
