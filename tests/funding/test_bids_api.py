"""The bid API: the same visibility and the same refusals as the pages."""

import json

import pytest
from django.test import Client

from devolution.funding.models import Assurance, Bid, BidEvent, Proposal
from devolution.funding.services import bids as services
from tests.conftest import signed_in
from tests.funding.conftest_bids import (  # noqa: F401 (fixtures)
    applicant_fixture,
    assessor_fixture,
    camden_applicant_fixture,
    camden_draft_fixture,
    full_data,
    hackney_draft_fixture,
)

pytestmark = pytest.mark.django_db


def ref(bid) -> str:
    return bid.proposal.ref


def body(**changes):
    data = {
        "title": "Social prescribing in Hackney",
        "fund": "london-transformation-funding",
        "category": "unallocated",
        "level": "borough",
        "organisation": "la-hackney",
        "purpose": "Link workers.",
        "outcomes": "Fewer repeat GP visits.",
        "places": ["E09000012"],
        "amounts": [{"year": "2018-19", "amount": 250000}],
        "measures": [
            {"name": "Repeat GP visits", "unit": "visits", "baseline": 900, "target": 700}
        ],
        "evidence": {a.key: "Evidence." for a in Assurance.objects.all()},
    }
    data.update(changes)
    return data


def post(client, url, data=None, method="post"):
    return getattr(client, method)(url, json.dumps(data or {}), content_type="application/json")


def test_an_applicant_makes_edits_and_submits_a_draft(applicant):
    client = signed_in(applicant)
    made = post(client, "/api/bids", body(purpose=""))
    assert made.status_code == 201, made.content
    bid = made.json()
    assert (bid["state"], bid["total"], bid["version"]) == ("draft", 250000, 1)
    assert bid["applicant"] == "London Borough of Hackney"
    assert len(bid["evidence"]) == 6
    edited = post(client, f"/api/bids/{bid['ref']}", {**body(), "version": 1}, method="patch")
    assert edited.status_code == 200, edited.content
    assert edited.json()["purpose"] == "Link workers." and edited.json()["version"] == 2
    sent = post(client, f"/api/bids/{bid['ref']}/submit", {"version": 2})
    assert sent.status_code == 200, sent.content
    assert sent.json()["state"] == "submitted"
    assert [e["to_state"] for e in sent.json()["history"]] == ["draft", "submitted"]


def test_an_applicant_cannot_see_nor_change_another_organisations_draft(
    camden_applicant, hackney_draft
):
    client = signed_in(camden_applicant)
    assert client.get(f"/api/bids/{ref(hackney_draft)}").status_code == 404
    assert client.get("/api/bids").json() == {"items": [], "count": 0}
    edit = post(client, f"/api/bids/{ref(hackney_draft)}", {**body(), "version": 1}, "patch")
    assert edit.status_code == 404
    assert post(client, f"/api/bids/{ref(hackney_draft)}/submit").status_code == 404
    assert post(client, f"/api/bids/{ref(hackney_draft)}/withdraw").status_code == 404
    assert Bid.objects.get(pk=hackney_draft.pk).state == "draft"


def test_an_applicant_cannot_bid_for_another_organisation(applicant):
    response = post(signed_in(applicant), "/api/bids", body(organisation="la-camden"))
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_assessors_and_the_secretariat_list_submitted_bids_not_drafts(
    applicant, assessor, secretariat, hackney_draft, camden_draft
):
    services.bid_submit(actor=applicant, ref=ref(hackney_draft))
    for person in (assessor, secretariat):
        listed = signed_in(person).get("/api/bids").json()
        assert [b["ref"] for b in listed["items"]] == [ref(hackney_draft)]
        assert signed_in(person).get(f"/api/bids/{ref(camden_draft)}").status_code == 404


def test_the_list_is_paginated_and_filtered_by_state(applicant):
    for n in range(3):
        services.bid_create(actor=applicant, data=full_data(title=f"Bid {n}"))
    client = signed_in(applicant)
    page = client.get("/api/bids?limit=2&offset=0").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert client.get("/api/bids?state=submitted").json()["count"] == 0
    assert client.get("/api/bids?state=nonsense").status_code == 422


def test_submission_is_refused_naming_each_missing_field(applicant):
    bid = services.bid_create(actor=applicant, data=full_data(amounts={}, measures=[], evidence={}))
    response = post(signed_in(applicant), f"/api/bids/{ref(bid)}/submit", {"version": 1})
    assert response.status_code == 400
    fields = [p["field"] for p in response.json()["problems"]]
    assert fields[:2] == ["amounts", "measures"]
    assert "evidence_clinical-support" in fields and len(fields) == 8
    assert Bid.objects.get(pk=bid.pk).state == "draft"
    assert BidEvent.objects.filter(bid=bid).count() == 1


def test_a_stale_edit_is_refused_with_409(applicant, hackney_draft):
    client = signed_in(applicant)
    first = post(
        client, f"/api/bids/{ref(hackney_draft)}", {**body(title="One"), "version": 1}, "patch"
    )
    assert first.status_code == 200
    stale = post(
        client, f"/api/bids/{ref(hackney_draft)}", {**body(title="Two"), "version": 1}, "patch"
    )
    assert stale.status_code == 409
    assert "changed by someone else" in stale.json()["message"]
    assert Bid.objects.get(pk=hackney_draft.pk).proposal.title == "One"


def test_bad_input_is_a_400_naming_the_field(applicant):
    response = post(signed_in(applicant), "/api/bids", body(category="contracts-already-issued"))
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "category"
    response = post(
        signed_in(applicant), "/api/bids", body(amounts=[{"year": "2019-20", "amount": 5}])
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "amount_2019-20"
    assert not Proposal.objects.exists()


def test_the_public_reads_only_decided_bids_and_changes_nothing(applicant, hackney_draft):
    services.bid_submit(actor=applicant, ref=ref(hackney_draft))
    public = Client()
    assert public.get(f"/api/bids/{ref(hackney_draft)}").status_code == 404
    assert public.get("/api/bids").json()["count"] == 0
    assert post(public, "/api/bids", body()).status_code == 401
    Bid.objects.filter(pk=hackney_draft.pk).update(state="declined")  # as a board decides
    assert public.get(f"/api/bids/{ref(hackney_draft)}").json()["state"] == "declined"
    assert public.get("/api/bids").json()["count"] == 1


def test_changes_need_the_csrf_token(applicant, hackney_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    assert post(client, "/api/bids", body()).status_code == 403
    assert post(client, f"/api/bids/{ref(hackney_draft)}/submit").status_code == 403
    assert Bid.objects.get(pk=hackney_draft.pk).state == "draft"
