"""The capital API: the same rules and access as the pages. The public reads approved
cases and completed disposals; estates leads keep their own organisation's; the
secretariat all."""

import json

import pytest
from django.test import Client

from devolution.capital.models import BusinessCase, Disposal
from tests.conftest import signed_in

from .conftest_capital import LONDON, SPONSOR, estates_lead, site_make


def post(client, url, data=None, method="post"):
    return getattr(client, method)(url, json.dumps(data or {}), content_type="application/json")


def case_body(ref="hub-1", **more):
    return {
        "partnership": LONDON,
        "ref": ref,
        "title": "Health and wellbeing hub",
        "sponsor": SPONSOR,
        "value": 4_000_000,
        "stage": "outline",
        "benefits": "One site for GP and community services",
        "sites": ["old-clinic"],
        "funding": [
            {"kind": "capital_receipts", "year": "2019-20", "amount": 1_500_000},
            {"kind": "national_capital", "year": "2020-21", "amount": 2_500_000},
        ],
        **more,
    }


@pytest.fixture
def lead(db):
    return estates_lead()


def test_an_estates_lead_makes_and_submits_a_case_with_its_route(lead):
    site_make("old-clinic")
    client = signed_in(lead)
    made = post(client, "/api/capital/cases", case_body())
    assert made.status_code == 201, made.content
    case = made.json()
    assert (case["state"], case["sites"], case["version"]) == ("draft", ["old-clinic"], 1)
    assert case["route"]["label"] == "Advice to national bodies"
    assert case["route"]["board"] == "London Estates Board"
    assert "Phase 1 (advisory)" in case["route"]["reasons"][0]
    sent = post(client, "/api/capital/cases/hub-1/submit", {"version": 1})
    assert sent.status_code == 200, sent.content
    assert sent.json()["state"] == "submitted"
    assert [e["state_to"] for e in sent.json()["history"]] == ["draft", "submitted"]


def test_bad_input_names_the_field_and_stores_nothing(lead):
    client = signed_in(lead)
    made = post(
        client,
        "/api/capital/cases",
        case_body(
            sites=["nowhere"],
            funding=[{"kind": "gold", "year": "2019-21", "amount": 5}],
        ),
    )
    assert made.status_code == 400
    fields = {p["field"] for p in made.json()["problems"]}
    assert fields == {"sites", "funding[1].kind", "funding[1].year"}
    assert "no site nowhere" in made.json()["message"]
    over = post(client, "/api/capital/cases", case_body(sites=[], value=100))
    assert over.status_code == 400
    assert "more than the case's value (£100)" in over.json()["message"]
    assert not BusinessCase.objects.exists()


def test_estates_leads_keep_only_their_own_organisations_cases(db, lead, reader, secretariat):
    site_make("old-clinic")
    other = estates_lead("la-camden", "eve@camden.example")
    refused = post(signed_in(other), "/api/capital/cases", case_body())
    assert refused.status_code == 403
    assert post(signed_in(reader), "/api/capital/cases", case_body()).status_code == 403
    assert post(Client(), "/api/capital/cases", case_body()).status_code == 401
    assert post(signed_in(secretariat), "/api/capital/cases", case_body()).status_code == 201
    assert (
        post(signed_in(other), "/api/capital/cases/hub-1/submit", {"version": 1}).status_code == 403
    )
    assert BusinessCase.objects.get().state == "draft"


def test_the_public_reads_only_approved_cases(lead, reader):
    site_make("old-clinic")
    client = signed_in(lead)
    post(client, "/api/capital/cases", case_body("hub-1"))
    post(client, "/api/capital/cases", case_body("hub-2", sites=[]))
    BusinessCase.objects.filter(ref="hub-2").update(state="approved")
    public = Client()
    assert [c["ref"] for c in public.get("/api/capital/cases").json()["items"]] == ["hub-2"]
    assert public.get("/api/capital/cases/hub-1").status_code == 404
    assert public.get("/api/capital/cases/hub-2").json()["state"] == "approved"
    staff = signed_in(reader).get("/api/capital/cases").json()["items"]
    assert [c["ref"] for c in staff] == ["hub-1", "hub-2"]


def test_a_disposal_through_the_api_with_its_retention_and_reinvestment(lead, reader):
    site_make("old-clinic", floor_area=1200, housing_units=40, backlog=300_000)
    client = signed_in(lead)
    made = post(
        client,
        "/api/capital/disposals",
        {
            "partnership": LONDON,
            "site": "old-clinic",
            "ref": "sale-old-clinic",
            "declared_surplus": "2018-03-01",
            "marketed": "2018-04-01",
        },
    )
    assert made.status_code == 201, made.content
    retention = made.json()["retention"]
    assert retention == {
        "applies": True,
        "retained": None,
        "window_closes": "2020-02-29",
        "text": "The receipt may be retained locally if the sale completes by 29 February 2020.",
    }
    assert Client().get("/api/capital/disposals/sale-old-clinic").status_code == 404
    done = post(
        client,
        "/api/capital/disposals/sale-old-clinic/complete",
        {
            "version": 1,
            "completed": "2020-02-29",
            "receipt": 900_000,
            "receiving_party": "Hackney Homes",
        },
    )
    assert done.status_code == 200, done.content
    assert done.json()["retention"]["retained"] is True
    over = post(
        client,
        "/api/capital/disposals/sale-old-clinic/reinvestments",
        {"amount": 900_001, "on": "2020-04-01", "scheme": "Clinic refit"},
    )
    assert over.status_code == 409
    assert over.json()["rule_id"] == "CAP-REINVEST-WITHIN"
    assert "Only £900,000 of the £900,000 receipt is left" in over.json()["message"]
    ok = post(
        client,
        "/api/capital/disposals/sale-old-clinic/reinvestments",
        {"amount": 500_000, "on": "2020-04-01", "scheme": "Clinic refit"},
    )
    assert ok.status_code == 201
    assert ok.json()["reinvested"] == 500_000
    public = Client().get("/api/capital/disposals").json()["items"]
    assert [d["ref"] for d in public] == ["sale-old-clinic"]
    kpis = Client().get("/api/capital/kpis").json()
    assert kpis["years"] == [
        {
            "year": "2019-20",
            "added": {"floor_area": 1200, "housing_units": 40, "reinvested": 0, "backlog": 300_000},
            "total": {"floor_area": 1200, "housing_units": 40, "reinvested": 0, "backlog": 300_000},
        },
        {
            "year": "2020-21",
            "added": {"floor_area": 0, "housing_units": 0, "reinvested": 500_000, "backlog": 0},
            "total": {
                "floor_area": 1200,
                "housing_units": 40,
                "reinvested": 500_000,
                "backlog": 300_000,
            },
        },
    ]
    assert Disposal.objects.get().site.status == "disposed"


def test_the_capital_plan_by_year_and_source(lead, reader):
    site_make("old-clinic")
    client = signed_in(lead)
    post(client, "/api/capital/cases", case_body("hub-1"))
    post(client, "/api/capital/cases/hub-1/submit", {"version": 1})
    post(client, "/api/capital/cases", case_body("hub-2", sites=[]))  # a draft: not in it
    staff = signed_in(reader).get("/api/capital/plan").json()
    assert staff["public_only"] is False
    assert staff["by_year_and_source"] == [
        {"year": "2019-20", "source": "capital_receipts", "amount": 1_500_000},
        {"year": "2020-21", "source": "national_capital", "amount": 2_500_000},
    ]
    assert {line["case"] for line in staff["lines"]} == {"hub-1"}
    public = Client().get("/api/capital/plan").json()
    assert (public["public_only"], public["lines"]) == (True, [])
    assert Client().get("/api/capital/plan?partnership=nowhere").status_code == 422
