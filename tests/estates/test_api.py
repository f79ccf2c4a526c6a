"""The estates API: the same rules and access as the pages."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devolution.estates.models import Site

pytestmark = pytest.mark.django_db


def as_(client, person):
    client.force_login(person)
    return client


def test_the_public_reads_no_site(client, hackney_site):
    assert client.get("/api/estates/sites").status_code == 401


def test_staff_read_the_sites_with_their_flag(client, alice, hackney_site, policy):
    body = as_(client, alice).get("/api/estates/sites").json()
    assert body["count"] == 1
    site = body["items"][0]
    assert site["ref"] == "HK-001" and site["owner"] == "la-hackney"
    assert site["flag"]["kind"] == "under_used"
    assert site["flag"]["reason"].startswith("utilisation 32% is below the policy's 40%")
    assert site["running_cost"] is None


def test_an_estates_lead_changes_their_site_from_the_version_read(
    client, hackney_lead, hackney_site
):
    client = as_(client, hackney_lead)
    response = client.patch(
        "/api/estates/sites/HK-001",
        json.dumps({"version": 1, "housing_units": 30}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["housing_units"] == 30 and response.json()["version"] == 2
    stale = client.patch(
        "/api/estates/sites/HK-001",
        json.dumps({"version": 1, "housing_units": 31}),
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert "Someone else changed" in stale.json()["message"]


def test_another_organisations_lead_is_refused(client, camden_lead, hackney_site):
    response = as_(client, camden_lead).patch(
        "/api/estates/sites/HK-001",
        json.dumps({"version": 1, "housing_units": 30}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "Only an estates lead of the organisation" in response.json()["message"]
    assert Site.objects.get(ref="HK-001").housing_units is None


def test_a_site_created_with_an_unknown_owner_is_refused_naming_the_field(client, hackney_lead):
    response = as_(client, hackney_lead).post(
        "/api/estates/sites",
        json.dumps({"ref": "HK-9", "name": "X", "owner": "nobody"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "owner"


def test_an_estates_lead_creates_their_site(client, hackney_lead):
    response = as_(client, hackney_lead).post(
        "/api/estates/sites",
        json.dumps(
            {"ref": "HK-9", "name": "New clinic", "owner": "la-hackney", "borough": "Hackney"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["stp"] is not None  # derived from the borough


def test_the_import_stores_all_or_nothing(client, hackney_lead):
    client = as_(client, hackney_lead)
    bad = SimpleUploadedFile("r.csv", b"ref,name,owner\nHK-1,A,la-hackney\nHK-2,B,la-camden\n")
    response = client.post("/api/estates/sites/import", {"file": bad})
    assert response.status_code == 400
    assert response.json()["problems"][0]["row"] == 3
    assert not Site.objects.exists()
    good = SimpleUploadedFile("r.csv", b"ref,name,owner\nHK-1,A,la-hackney\n")
    assert client.post("/api/estates/sites/import", {"file": good}).json()["created"] == ["HK-1"]


def test_the_ranking_and_the_policy(client, alice, hackney_site, criteria, policy):
    client = as_(client, alice)
    ranking = client.get("/api/estates/ranking").json()
    assert [c["weight"] for c in ranking["criteria"]] == [3, 1]
    assert ranking["sites"][0]["ref"] == "HK-001"
    assert ranking["sites"][0]["parts"][0]["weighted"] == "0.7500"
    policies = client.get("/api/estates/policy").json()["items"]
    assert policies[0]["in_force"] is True and policies[0]["under_used_below"] == "0.4000"
