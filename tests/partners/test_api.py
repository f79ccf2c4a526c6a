"""The JSON API: the lists and detail of places, organisations and partnerships, errors that
name the problem, and the same access rules as the pages."""

import pytest
from django.test import Client

from devolution.partners.models import Organisation, Partnership
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return Client()


def test_boroughs_are_the_33_local_authorities_with_gss_codes(api):
    body = api.get("/api/places?level=borough&limit=100").json()
    assert body["count"] == 33
    assert len(body["items"]) == 33
    assert all(item["code"].startswith("E09") and item["scheme"] == "gss" for item in body["items"])
    hackney = next(i for i in body["items"] if i["name"] == "Hackney")
    assert hackney == {
        "code": "E09000012",
        "scheme": "gss",
        "name": "Hackney",
        "level": "borough",
        "parent": "QMF",
        "population": None,
        "population_note": "",
        "source": "ons-lad-2017",
    }


def test_stps_are_five(api):
    body = api.get("/api/places?level=stp").json()
    assert body["count"] == 5
    assert {i["name"] for i in body["items"]} == {
        "North West London",
        "North Central London",
        "North East London",
        "South West London",
        "South East London",
    }


def test_ccgs_are_32_with_ods_codes(api):
    body = api.get("/api/organisations?type=ccg&limit=100").json()
    assert body["count"] == 32
    assert all(len(i["ods_code"]) == 3 for i in body["items"])


def test_organisations_serving_a_place_include_those_serving_places_within_it(api):
    body = api.get("/api/organisations?type=ccg&place=QMF&limit=100").json()
    assert body["count"] == 7  # the seven North East London CCGs of 2017
    assert "NHS City and Hackney CCG" in {i["name"] for i in body["items"]}


def test_lists_are_paginated(api):
    first = api.get("/api/organisations?limit=10&offset=0").json()
    second = api.get("/api/organisations?limit=10&offset=10").json()
    assert len(first["items"]) == 10 and first["count"] == Organisation.objects.count()
    assert {i["key"] for i in first["items"]}.isdisjoint({i["key"] for i in second["items"]})


def test_a_place_by_its_code_shows_its_tree(api):
    body = api.get("/api/places/QMF").json()
    assert body["name"] == "North East London"
    assert body["parent"] == "E12000007"
    assert {"E09000012", "bhr"} <= {c["code"] for c in body["children"]}
    assert body["population"] == 1_900_000 and body["population_source"] == "seed-002"


def test_an_organisation_by_its_key_or_its_ods_code_and_a_partnership_by_its_key(api):
    by_key = api.get("/api/organisations/ccg-city-and-hackney").json()
    assert by_key["ods_code"] == "07T" and by_key["key"] == "ccg-city-and-hackney"
    assert {p["code"] for p in by_key["serves"]} == {"E09000012", "E09000001"}
    assert api.get("/api/organisations/07T").json() == by_key
    assert api.get("/api/organisations/07t").json() == by_key
    partnership = Partnership.objects.get(kind="stp", footprint__code="QMF")
    body = api.get(f"/api/partnerships/{partnership.key}").json()
    assert body["kind"] == "stp" and body["key"] == partnership.key
    members = {m["key"]: m["name"] for m in body["members"]}
    assert members["ccg-city-and-hackney"] == "NHS City and Hackney CCG"


def test_no_database_id_is_given_as_an_identifier(api):
    """Organisations and partnerships are addressed by their keys: a database id is no
    address, and none is given out."""
    org = Organisation.objects.get(key="ccg-city-and-hackney")
    assert api.get(f"/api/organisations/{org.pk}").status_code == 404
    partnership = Partnership.objects.get(kind="stp", footprint__code="QMF")
    assert api.get(f"/api/partnerships/{partnership.pk}").status_code == 404
    for url in (
        "/api/organisations",
        "/api/organisations/ccg-city-and-hackney",
        "/api/partnerships",
        f"/api/partnerships/{partnership.key}",
    ):
        body = api.get(url).json()
        rows = body.get("items", [body])
        assert rows and all("id" not in row for row in rows), url
        assert all("id" not in m for row in rows for m in row.get("members", [])), url


@pytest.mark.parametrize(
    ("url", "status", "names"),
    [
        ("/api/places?level=county", 422, "level: 'county' is not one of"),
        ("/api/organisations?type=quango", 422, "type: Input should be 'nhs_england'"),
        ("/api/partnerships?kind=club", 422, "kind: Input should be"),
        ("/api/places/NOWHERE", 404, "/api/places/NOWHERE"),
        ("/api/organisations/999999", 404, "/api/organisations/999999"),
        ("/api/organisations/no-such-body", 404, "/api/organisations/no-such-body"),
        ("/api/organisations?limit=-5", 422, "limit"),
        ("/api/organisations?limit=1001", 422, "limit: Input should be less than or equal"),
    ],
)
def test_errors_are_json_naming_the_problem(api, url, status, names):
    response = api.get(url)
    assert response.status_code == status
    assert names in response.json()["message"]


def test_openapi_schema_and_docs_are_served(api):
    schema = api.get("/api/openapi.json").json()
    assert {
        "/api/places",
        "/api/places/{code}",
        "/api/organisations",
        "/api/organisations/{key}",
        "/api/partnerships",
        "/api/partnerships/{key}",
    } <= set(schema["paths"])
    docs = api.get("/api/docs")
    assert docs.status_code == 200 and "swagger" in docs.content.decode().lower()


class TestApiPersonas:
    def patch(self, client, org, **data):
        return client.patch(
            f"/api/organisations/{org.key}",
            {"version": org.version, **data},
            content_type="application/json",
        )

    def test_public_cannot_change(self, api, hackney):
        response = self.patch(api, hackney, description="x")
        assert response.status_code == 401
        assert "Sign in" in response.json()["message"]

    def test_alice_changes_her_organisation(self, alice, hackney):
        response = self.patch(signed_in(alice), hackney, description="From the API")
        assert response.status_code == 200
        assert response.json()["description"] == "From the API"
        assert response.json()["version"] == hackney.version + 1

    def test_bob_cannot_change_hackney(self, bob, hackney):
        response = self.patch(signed_in(bob), hackney, description="Camden")
        assert response.status_code == 403
        assert "Only people of this organisation" in response.json()["message"]
        assert Organisation.objects.get(pk=hackney.pk).description == ""

    def test_stale_version_is_a_conflict(self, alice, hackney):
        client = signed_in(alice)
        assert self.patch(client, hackney, description="first").status_code == 200
        response = self.patch(client, hackney, description="second")
        assert response.status_code == 409
        assert "changed by someone else" in response.json()["message"]

    def test_bad_code_names_the_field(self, alice, hackney):
        response = self.patch(signed_in(alice), hackney, ods_code="bad code")
        assert response.status_code == 400
        body = response.json()
        assert body["problems"][0]["field"] == "ods_code"
        assert "ODS code" in body["message"]

    def test_missing_version_names_the_field(self, alice, hackney):
        response = signed_in(alice).patch(
            f"/api/organisations/{hackney.key}", {"website": "x"}, content_type="application/json"
        )
        assert response.status_code == 422
        assert "version" in response.json()["message"]


@pytest.mark.parametrize("offset", ["18446744073709551616", "2147483648", "-1"])
def test_an_offset_out_of_range_is_a_422_naming_it(api, offset):
    response = api.get(f"/api/organisations?offset={offset}")
    assert response.status_code == 422
    assert "offset" in response.json()["message"]


def test_the_largest_offset_is_an_empty_page(api):
    body = api.get("/api/organisations?offset=2147483647").json()
    assert body["items"] == [] and body["count"] > 0
