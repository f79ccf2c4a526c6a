"""Issue 13 point 10: the allocations published as grants in the 360Giving Data Standard,
as JSON and as a spreadsheet, valid against the standard's own schemas (ADR 19)."""

import io
import json

import pytest
from django.test import Client
from django.test.utils import override_settings
from openpyxl import load_workbook

from devolution.partners.models import Organisation

from .conftest_giving import grants_made_fixture, problems  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

API = "/api/grants/360giving"
PREFIX = "360G-london-devolution-partnership"


def package(client: Client | None = None, url: str = API) -> dict:
    response = (client or Client()).get(url)
    assert response.status_code == 200, response.content[:500]
    return json.loads(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def by_title(pkg: dict) -> dict[str, dict]:
    return {g["title"]: g for g in pkg["grants"]}


def test_the_allocations_are_a_valid_360giving_package(grants_made):
    pkg = package()
    assert problems(pkg) == []
    assert pkg["version"] == "1.4"
    assert pkg["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert pkg["publisher"] == {
        "name": "London health and care devolution partnership",
        "identifier": f"{PREFIX}-partnership-london-devolution-partnership",
        "website": "http://testserver/",
    }
    assert pkg["downloadURL"] == "http://testserver/reports/360giving.json"
    assert len(pkg["grants"]) == 2


def test_the_schema_check_finds_what_breaks_the_standard(grants_made):
    """The validator is no rubber stamp: a date written in words, a missing currency and
    an amount as text are each found."""
    pkg = package()
    grant = pkg["grants"][0]
    grant["awardDate"] = "24 May 2018"
    grant["amountAwarded"] = "£200,000"
    del grant["currency"]
    found = problems(pkg)
    assert any(p.startswith("grants/0/awardDate: ") for p in found)
    assert any(p.startswith("grants/0/amountAwarded: ") for p in found)
    # Without its currency the grant is neither of the two shapes the standard allows.
    assert any(p.startswith("grants/0: ") and "not valid under any" in p for p in found)
    assert problems(package()) == []


def test_a_grant_is_what_one_decision_gave_one_bid_over_its_years(grants_made):
    bid = grants_made["ccg"]
    first = bid.allocations.order_by("number").first()
    grant = by_title(package())["Frailty care at home in City and Hackney"]
    assert grant["id"] == f"{PREFIX}-{first.bid.proposal.ref}-{first.number}"
    assert grant["description"] == (
        "To keep older people well at home, with a team of community nurses."
    )
    assert grant["currency"] == "GBP"
    assert grant["amountAwarded"] == 200_000
    assert grant["awardDate"] == "2018-05-24"
    assert grant["plannedDates"] == [
        {"startDate": "2018-04-01", "endDate": "2020-03-31", "duration": 24}
    ]
    assert grant["grantProgramme"] == [
        {
            "code": "london-transformation-funding/unallocated",
            "title": "London transformation funding: Unallocated",
        }
    ]
    assert grant["fundingOrganization"] == [
        {
            "id": f"{PREFIX}-partnership-london-devolution-partnership",
            "name": "London health and care devolution partnership",
        }
    ]


def test_an_ods_coded_recipient_is_identified_by_its_ods_code(grants_made):
    grant = by_title(package())["Frailty care at home in City and Hackney"]
    assert grant["recipientOrganization"] == [
        {"id": "GB-NHS-07T", "name": "NHS City and Hackney CCG"}
    ]


def test_a_council_with_no_register_code_held_has_the_publishers_own_identifier(grants_made):
    grant = by_title(package())["Housing support for people leaving hospital"]
    assert grant["recipientOrganization"][0]["id"] == f"{PREFIX}-org-la-hackney"
    # No summary: the title stands as the description, nothing made up.
    assert grant["description"] == "Housing support for people leaving hospital"


def test_the_beneficiary_locations_are_the_bids_places_with_their_codes(grants_made):
    grants = by_title(package())
    # The smallest place first: the borough, then the STP by its ODS code (360Giving's
    # list of code types has no STP, so it has none).
    assert grants["Frailty care at home in City and Hackney"]["beneficiaryLocation"] == [
        {"name": "Hackney", "countryCode": "GB", "geoCode": "E09000012", "geoCodeType": "LONB"},
        {
            "name": "North East London",
            "countryCode": "GB",
            "geoCode": "QMF",
            "description": "North East London, by its NHS Organisation Data Service code QMF",
        },
    ]
    # A place with the system's own code is published as the boroughs it comprises.
    council = grants["Housing support for people leaving hospital"]["beneficiaryLocation"]
    assert {(p["name"], p["geoCode"], p["geoCodeType"]) for p in council} == {
        ("City of London", "E09000001", "LONB"),
        ("Hackney", "E09000012", "LONB"),
    }


def test_a_recommendation_and_a_draft_are_not_published(grants_made):
    text = json.dumps(package())
    assert "Camden recommended scheme" not in text
    assert "Recommended to NHS England only." not in text
    assert "A secret draft bid" not in text
    assert "Not for publication." not in text
    assert "secret-draft" not in text


def test_the_package_is_public_as_json_from_the_api_and_the_download(grants_made):
    anonymous = Client()
    from_api = package(anonymous, API)
    download = anonymous.get("/reports/360giving.json")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert 'filename="360giving-grants.json"' in download["Content-Disposition"]
    assert json.loads(download.content) == from_api


def test_an_empty_export_is_valid_but_for_the_standards_one_grant_at_least():
    """With no allocation the package holds no grants. Everything in it is valid; the
    standard's package schema alone asks for one grant at least (minItems 1), which an
    honest empty publication cannot give (ADR 19)."""
    pkg = package()
    assert pkg["grants"] == []
    assert problems(pkg) == ["grants: [] should be non-empty"]
    assert problems({**pkg, "grants": package_with_one_grant()}) == []


def package_with_one_grant() -> list[dict]:
    return [
        {
            "id": "360G-example-1",
            "title": "A grant",
            "description": "A grant",
            "currency": "GBP",
            "amountAwarded": 1,
            "awardDate": "2018-05-24",
            "recipientOrganization": [{"id": "GB-NHS-07T", "name": "A CCG"}],
            "fundingOrganization": [{"id": "360G-example-partnership-x", "name": "X"}],
        }
    ]


def test_the_spreadsheet_has_360givings_column_titles_and_a_row_a_grant(grants_made):
    response = Client().get("/reports/360giving.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["grants"]
    rows = list(sheet.iter_rows(values_only=True))
    headings = rows[0]
    for title in (
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Award Date",
        "Planned Dates:Start Date",
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Grant Programme:Title",
        "Beneficiary Location:Name",
        "Beneficiary Location:Geographic Code",
        "Beneficiary Location:Geographic Code Type",
    ):
        assert title in headings
    assert len(rows) == 3
    row = dict(zip(headings, rows[1], strict=True))
    first = grants_made["ccg"].allocations.order_by("number").first()
    assert row["Identifier"] == f"{PREFIX}-{first.bid.proposal.ref}-{first.number}"
    assert row["Title"] == "Frailty care at home in City and Hackney"
    assert row["Amount Awarded"] == 200_000
    assert row["Award Date"] == "2018-05-24"
    assert row["Recipient Org:Identifier"] == "GB-NHS-07T"
    assert row["Recipient Org:Name"] == "NHS City and Hackney CCG"
    assert row["Funding Org:Name"] == "London health and care devolution partnership"
    assert row["Beneficiary Location:Name"] == "Hackney"
    assert row["Beneficiary Location:Geographic Code"] == "E09000012"
    assert row["Beneficiary Location:Geographic Code Type"] == "LONB"
    # The grant's further locations, joined to it by its identifier.
    further = list(book["beneficiary locations"].iter_rows(values_only=True))
    assert further[0][:4] == (
        "Identifier",
        "Beneficiary Location:Name",
        "Beneficiary Location:Country Code",
        "Beneficiary Location:Geographic Code",
    )
    assert (
        f"{PREFIX}-{first.bid.proposal.ref}-{first.number}",
        "North East London",
        "GB",
        "QMF",
        None,
    ) in further
    text = " ".join(str(c) for r in rows for c in r if c is not None)
    assert "Camden recommended scheme" not in text and "A secret draft bid" not in text


def test_the_page_explains_the_publication_and_links_both_files(grants_made):
    html = Client().get("/reports/360giving/").content.decode()
    assert "Grants published in the 360Giving Data Standard" in html
    assert "2 grants</strong> totalling <strong>£250,000" in html
    assert 'href="/reports/360giving.json"' in html
    assert 'href="/reports/360giving.xlsx"' in html
    assert "GB-NHS-07T" in html
    assert f"{PREFIX}-org-la-hackney" in html
    assert f"{PREFIX}-partnership-london-devolution-partnership" in html
    assert "Camden recommended scheme" not in html


def test_the_page_says_when_there_is_nothing_to_publish():
    html = Client().get("/reports/360giving/").content.decode()
    assert "No money has been allocated yet" in html


@override_settings(THREESIXTYGIVING_PREFIX="360G-examplefunder")
def test_the_publisher_prefix_is_a_setting(grants_made):
    pkg = package()
    assert pkg["grants"] and all(g["id"].startswith("360G-examplefunder-") for g in pkg["grants"])
    assert pkg["grants"][0]["fundingOrganization"][0]["id"] == (
        "360G-examplefunder-partnership-london-devolution-partnership"
    )
    assert problems(pkg) == []


def test_londons_nhs_bodies_have_register_identifiers_and_nothing_is_invented():
    """What London's data holds: each CCG's and trust's ODS code gives its GB-NHS
    identifier; its councils hold GSS codes only, so each has the publisher's own."""
    from devolution.funding.rules.org_ids import org_id
    from devolution.funding.selectors.giving import _held, giving_prefix

    prefix = giving_prefix()
    found = {o.key: org_id(_held(o), prefix).identifier for o in Organisation.objects.all()}
    assert found["ccg-city-and-hackney"] == "GB-NHS-07T"
    assert found["nhs-england-london"] == "GB-NHS-Y56"
    assert found["la-hackney"] == f"{PREFIX}-org-la-hackney"
    councils = Organisation.objects.filter(type="local_authority")
    assert councils.count() == 33
    assert all(found[c.key].startswith(f"{PREFIX}-org-") for c in councils)
    ccgs = Organisation.objects.filter(type="ccg")
    assert all(found[c.key] == f"GB-NHS-{c.ods_code}" for c in ccgs)


def test_the_api_gives_one_partnerships_grants_and_refuses_an_unknown_one(grants_made):
    pkg = package(url=f"{API}?partnership=london-devolution-partnership")
    assert len(pkg["grants"]) == 2
    assert pkg["publisher"]["name"] == "London health and care devolution partnership"
    other = package(url=f"{API}?partnership=stp-nwl")
    assert other["grants"] == []
    assert other["publisher"]["name"] == "North West London STP"
    refused = Client().get(f"{API}?partnership=no-such")
    assert refused.status_code == 422
    assert refused.json()["message"] == "partnership: 'no-such' is not the key of any partnership"
