"""The funds over the API (SPEC §10): the list's shape as its schema documents it, one
fund's position, and a category's amount the sum of its known years' or null."""

import pytest
from django.test import Client

from devolution.funding.models import CategoryYear
from tests.funding.conftest_funds import FUND, allocations, category_year  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_funds_list_is_paginated_with_years_and_categories():
    data = Client().get("/api/funds").json()
    assert set(data) == {"items", "count"}
    assert data["count"] == 3
    london, national, manchester = data["items"]
    assert set(london) == {
        "key",
        "name",
        "kind",
        "amount",
        "amount_note",
        "source",
        "years",
        "categories",
    }
    assert (london["key"], london["kind"], london["amount"]) == (FUND, "allocated", None)
    assert london["years"] == [{"year": "2018-19", "amount": 114_000_000}]
    assert [c["key"] for c in london["categories"]] == [
        "contracts-already-issued",
        "purpose-already-defined",
        "unallocated",
    ]
    for c in london["categories"]:
        assert set(c) == {"key", "name", "restrictions", "open_to_bids", "years", "amount"}
        assert c["years"] == [{"year": "2018-19", "amount": None}]
        assert c["amount"] is None  # unknown, never 0
    assert (national["amount"], national["kind"], national["years"]) == (
        2_100_000_000,
        "context",
        [],
    )
    assert "£2.1bn" in national["source"]["quote"]
    assert manchester["amount"] == 450_000_000
    assert "£450m" in manchester["source"]["quote"]
    assert Client().get("/api/funds?limit=1&offset=1").json()["items"][0]["key"] == national["key"]


def test_a_categorys_amount_is_the_sum_of_its_years_once_every_year_is_known():
    cy = category_year("unallocated")
    CategoryYear.objects.create(category=cy.category, year="2019-20", amount=None)
    CategoryYear.objects.filter(pk=cy.pk).update(amount=12_000_000)

    def unallocated():
        return next(
            c
            for c in Client().get("/api/funds").json()["items"][0]["categories"]
            if c["key"] == "unallocated"
        )

    assert unallocated()["years"] == [
        {"year": "2018-19", "amount": 12_000_000},
        {"year": "2019-20", "amount": None},
    ]
    assert unallocated()["amount"] is None
    CategoryYear.objects.filter(category=cy.category, year="2019-20").update(amount=8_000_000)
    assert unallocated()["amount"] == 20_000_000


def test_one_fund_gives_its_position_year_by_year_and_by_category(allocations):  # noqa: F811
    data = Client().get(f"/api/funds/{FUND}").json()
    assert data["position"] == [
        {
            "year": "2018-19",
            "available": 114_000_000,
            "recommended": 2_000_000,
            "allocated": 5_000_000,
            "spent": 3_000_000,
            "left": 109_000_000,
        }
    ]
    unallocated = next(c for c in data["category_positions"] if c["key"] == "unallocated")
    assert unallocated["position"] == [
        {
            "year": "2018-19",
            "available": None,
            "recommended": 2_000_000,
            "allocated": 5_000_000,
            "spent": 3_000_000,
            "left": None,
        }
    ]


def test_an_unknown_fund_is_a_404_with_a_message():
    response = Client().get("/api/funds/no-such-fund")
    assert response.status_code == 404
    assert "no-such-fund" in response.json()["message"]


def test_an_unknown_partnership_is_a_422_naming_it():
    response = Client().get("/api/funds?partnership=nowhere")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "partnership"


def test_the_schema_says_what_years_and_a_categorys_amount_are():
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]
    years = schema["FundOut"]["properties"]["years"]["description"]
    assert "each with the fund's amount for that year (null where unknown)" in years
    amount = schema["CategoryOut"]["properties"]["amount"]["description"]
    assert (
        "sum of the category's amounts over its years; null if any year's amount is unknown"
        in amount
    )
