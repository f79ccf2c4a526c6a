"""The estates rules, without a database: the utilisation policy's flags at exactly its
thresholds, the ranking from the weights, and who keeps a site."""

import datetime as dt
from decimal import Decimal

import pytest

from devolution.estates.rules.access import kept_organisations, may_keep_register, may_keep_site
from devolution.estates.rules.ranking import CriterionFact, SiteFact, rank
from devolution.estates.rules.sites import site_problems
from devolution.estates.rules.utilisation import (
    SURPLUS,
    UNDER_USED,
    PolicyFact,
    policy_in_force,
    share,
    site_flag,
)
from devolution.partners.rules import MembershipFact

POLICY = PolicyFact(
    valid_from=dt.date(2018, 6, 1),
    under_used_below=Decimal("0.40"),
    surplus_below=Decimal("0.20"),
    issued_as="guidance",
    issued_by="the LEB",
)


@pytest.mark.parametrize(
    ("used", "kind"),
    [
        ("0.4001", None),
        ("0.40", None),  # exactly at the under-use threshold: not below it
        ("0.3999", UNDER_USED),
        ("0.20", UNDER_USED),  # exactly at the surplus threshold: under-used, not surplus
        ("0.1999", SURPLUS),
        ("0", SURPLUS),
        ("1", None),
    ],
)
def test_a_site_is_flagged_only_below_a_threshold(used, kind):
    flag = site_flag(Decimal(used), POLICY)
    assert (flag.kind if flag else None) == kind


def test_a_flag_gives_its_reason_with_the_policys_date_and_standing():
    flag = site_flag(Decimal("0.32"), POLICY)
    assert flag.reason == (
        "utilisation 32% is below the policy's 40% under-use threshold "
        "(policy of 1 June 2018, issued as guidance by the LEB)"
    )


def test_no_flag_without_a_policy_or_a_utilisation():
    assert site_flag(Decimal("0.1"), None) is None
    assert site_flag(None, POLICY) is None


def test_utilisation_is_read_from_sessions_where_no_share_is_recorded():
    assert share(None, 3, 10) == Decimal("0.3")
    assert share(Decimal("0.5"), 3, 10) == Decimal("0.5")
    assert share(None, 3, 0) is None


def test_the_policy_in_force_is_the_latest_taking_effect_by_the_day():
    later = PolicyFact(dt.date(2019, 1, 1), Decimal("0.5"), Decimal("0.3"), "guidance", "x")
    assert policy_in_force([POLICY, later], dt.date(2018, 12, 31)) == POLICY
    assert policy_in_force([POLICY, later], dt.date(2019, 1, 1)) == later
    assert policy_in_force([POLICY, later], dt.date(2018, 5, 31)) is None


SITES = [
    SiteFact(
        "big-area", "Big area", {"surplus_floor_area": Decimal(1000), "housing_units": Decimal(10)}
    ),
    SiteFact(
        "many-homes",
        "Many homes",
        {"surplus_floor_area": Decimal(100), "housing_units": Decimal(100)},
    ),
]


def test_the_ranking_follows_the_weights():
    area_first = [
        CriterionFact("area", "Area", "surplus_floor_area", 3),
        CriterionFact("homes", "Homes", "housing_units", 1),
    ]
    homes_first = [
        CriterionFact("area", "Area", "surplus_floor_area", 1),
        CriterionFact("homes", "Homes", "housing_units", 3),
    ]
    assert [r.ref for r in rank(SITES, area_first)] == ["big-area", "many-homes"]
    assert [r.ref for r in rank(SITES, homes_first)] == ["many-homes", "big-area"]


def test_a_score_is_each_criterion_normalised_times_its_share_of_the_weights():
    criteria = [
        CriterionFact("area", "Area", "surplus_floor_area", 3),
        CriterionFact("homes", "Homes", "housing_units", 1),
    ]
    top = rank(SITES, criteria)[0]
    assert [p.normalised for p in top.parts] == [Decimal(1), Decimal("0.1")]
    assert [p.weighted for p in top.parts] == [Decimal("0.75"), Decimal("0.025")]
    assert top.score == Decimal("0.775")
    assert top.why.startswith("Area: 1,000 m², 100% of the highest (weight 75%)")


def test_an_unknown_fact_scores_nought_and_says_so():
    sites = [
        SiteFact("x", "X", {"housing_units": None}),
        SiteFact("y", "Y", {"housing_units": Decimal(5)}),
    ]
    ranked = rank(sites, [CriterionFact("homes", "Homes", "housing_units", 1)])
    assert ranked[1].ref == "x"
    assert ranked[1].parts[0].why == "Homes: unknown, scores nought"


HACKNEY, CAMDEN = 1, 2


def m(*pairs):
    return frozenset(MembershipFact(org, role) for org, role in pairs)


@pytest.mark.parametrize(
    ("memberships", "owner", "allowed", "rule_id"),
    [
        (m((HACKNEY, "estates_lead")), HACKNEY, True, "EST-LEAD-KEEPS-OWN-SITES"),
        (m((CAMDEN, "estates_lead")), HACKNEY, False, "EST-NOT-YOUR-SITE"),
        (m((HACKNEY, "board_member")), HACKNEY, False, "EST-NOT-YOUR-SITE"),
        (m((HACKNEY, "read_only")), HACKNEY, False, "EST-NOT-YOUR-SITE"),
        (m((CAMDEN, "secretariat")), HACKNEY, True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
        (m(), HACKNEY, False, "ACC-SIGN-IN"),
    ],
)
def test_who_keeps_a_site(memberships, owner, allowed, rule_id):
    verdict = may_keep_site(memberships, owner)
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id


def test_only_estates_leads_and_the_secretariat_keep_the_register():
    assert may_keep_register(m((HACKNEY, "estates_lead"))).allowed
    assert may_keep_register(m((HACKNEY, "secretariat"))).allowed
    assert not may_keep_register(m((HACKNEY, "board_member"))).allowed
    assert kept_organisations(m((HACKNEY, "estates_lead"), (CAMDEN, "board_member"))) == {HACKNEY}
    assert kept_organisations(m((CAMDEN, "secretariat"))) is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"utilisation": Decimal("1.01")}, "utilisation"),
        ({"utilisation": Decimal("-0.01")}, "utilisation"),
        ({"latitude": Decimal("51.5"), "longitude": None}, "longitude"),
        ({"latitude": Decimal("91"), "longitude": Decimal("0")}, "latitude"),
        ({"sessions_used": 11, "sessions_available": 10}, "sessions_used"),
        ({"ref": "has space"}, "ref"),
        ({"name": " "}, "name"),
    ],
)
def test_a_sites_bad_values_are_named_by_field(values, field):
    assert [p.field for p in site_problems(values)] == [field]


def test_a_sites_good_values_pass():
    assert (
        site_problems(
            {
                "ref": "HK-1",
                "name": "A",
                "utilisation": Decimal(1),
                "sessions_used": 10,
                "sessions_available": 10,
            }
        )
        == []
    )
