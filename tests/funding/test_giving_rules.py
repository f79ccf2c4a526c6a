"""The org-id identifiers and the 360Giving parts the standard fixes, as pure rules: no
database (ADR 19)."""

import pytest

from devolution.funding.rules.giving import geo_code_type, planned_dates, year_dates
from devolution.funding.rules.org_ids import (
    Held,
    grant_id,
    org_id,
    partnership_id,
    publisher_prefix,
)

PREFIX = "360G-example"


@pytest.mark.parametrize(
    ("held", "identifier", "scheme"),
    [
        (Held("ccg-city-and-hackney", "ccg", ods_code="07T"), "GB-NHS-07T", "GB-NHS"),
        (Held("trust", "nhs_trust", ods_code="rf4"), "GB-NHS-RF4", "GB-NHS"),
        (
            Held("a-charity", "voluntary_sector", charity_number="1164883"),
            "GB-CHC-1164883",
            "GB-CHC",
        ),
        # A charitable company: the charity number, as 360Giving prefers.
        (
            Held("both", "voluntary_sector", charity_number="1164883", companies_house="09668396"),
            "GB-CHC-1164883",
            "GB-CHC",
        ),
        (
            Held("a-company", "other_provider", companies_house="09668396"),
            "GB-COH-09668396",
            "GB-COH",
        ),
        (Held("la-hackney", "local_authority", lae_code="hck"), "GB-LAE-HCK", "GB-LAE"),
        (Held("dh", "department_of_health", gor_code="D12"), "GB-GOR-D12", "GB-GOR"),
        # An ODS code of a body that is not the NHS's is still its ODS code.
        (Held("provider", "other_provider", ods_code="8HA03"), "GB-NHS-8HA03", "GB-NHS"),
        # A register code only counts on its own register.
        (Held("odd", "voluntary_sector", lae_code="HCK"), f"{PREFIX}-org-odd", ""),
    ],
)
def test_an_organisation_is_identified_by_the_register_it_is_on(held, identifier, scheme):
    found = org_id(held, PREFIX)
    assert (found.identifier, found.scheme) == (identifier, scheme)
    assert found.registered == bool(scheme)


@pytest.mark.parametrize(
    "held",
    [
        # London's councils hold GSS codes, which name an area and are on no org-id list.
        Held("la-hackney", "local_authority"),
        Held("department-of-health", "department_of_health"),
        Held("gla", "gla"),
    ],
)
def test_an_organisation_with_no_register_identifier_has_the_publishers_own(held):
    found = org_id(held, PREFIX)
    assert found.identifier == f"{PREFIX}-org-{held.key}"
    assert not found.registered
    assert "no register identifier is held" in found.reason


def test_a_partnership_and_a_grant_are_identified_under_the_publishers_prefix():
    assert partnership_id(PREFIX, "london-devolution-partnership") == (
        "360G-example-partnership-london-devolution-partnership"
    )
    assert grant_id(PREFIX, "B-2018-7", 2) == "360G-example-B-2018-7-2"


@pytest.mark.parametrize(
    ("configured", "fallback", "prefix"),
    [
        ("", "london-devolution-partnership", "360G-london-devolution-partnership"),
        ("360G-examplefunder", "london", "360G-examplefunder"),
        ("examplefunder", "london", "360G-examplefunder"),
        ("  360g-ExampleFunder ", "london", "360G-ExampleFunder"),
    ],
)
def test_the_publisher_prefix_is_the_one_configured_else_the_partnerships(
    configured, fallback, prefix
):
    assert publisher_prefix(configured, fallback) == prefix


@pytest.mark.parametrize("configured", ["360G-", "example funder", "360G-a/b"])
def test_a_prefix_that_is_not_letters_digits_and_hyphens_is_refused(configured):
    with pytest.raises(ValueError, match="360Giving prefix"):
        publisher_prefix(configured, "")


def test_a_financial_year_runs_from_april_to_march():
    assert [d.isoformat() for d in year_dates("2018-19")] == ["2018-04-01", "2019-03-31"]
    assert planned_dates(["2019-20", "2018-19"]) == {
        "startDate": "2018-04-01",
        "endDate": "2020-03-31",
        "duration": 24,
    }
    assert planned_dates([]) is None


@pytest.mark.parametrize(
    ("code", "kind"),
    [("E09000012", "LONB"), ("E12000007", "RGN"), ("E06000001", "UA"), ("E92000001", None)],
)
def test_a_gss_code_has_the_type_360givings_list_gives_it(code, kind):
    assert geo_code_type(code) == kind
