"""Every rule of the legal framework with a case it allows and one it refuses, against its
source (SPEC §5; seed 001). No database: the framework is read from the data files."""

import pytest

from devolution.governance.legal import framework, rule_catalogue
from devolution.governance.rules.legal import FORMS, Party, Proposal, check_arrangement

FW = framework()


def proposal(form, *parties, function=None, **kw):
    return Proposal(
        form=form, function=function, parties=tuple(Party(t, h) for t, h in parties), **kw
    )


# (case, proposal, allowed, rule id that decides)
CASES = [
    (
        "CCGs may form a joint committee (NHS Act 2006 s.14Z3)",
        proposal(
            "joint_committee",
            ("ccg", "original"),
            ("ccg", "original"),
            function="ccg_commissioning",
            decision_making=True,
        ),
        True,
        "GOV-JOINT-COMMITTEE-IN-LEGISLATION",
    ),
    (
        "an s.102 joint committee is not open between CCGs (no legislation provides one)",
        proposal("s102_joint_committee", ("ccg", "original"), ("ccg", "original")),
        False,
        "GOV-JOINT-COMMITTEE-IN-LEGISLATION",
    ),
    (
        "no legislation provides a joint committee of a CCG and the CQC",
        proposal("joint_committee", ("ccg", "original"), ("cqc", None)),
        False,
        "GOV-JOINT-COMMITTEE-IN-LEGISLATION",
    ),
    (
        "a form the source does not list between two types is flagged, not refused",
        proposal("merger", ("ccg", "original"), ("local_authority", "original")),
        True,
        "GOV-FORM-BETWEEN-TYPES",
    ),
    (
        "a CCG and a local authority cannot form a decision-making joint committee",
        proposal(
            "joint_committee",
            ("ccg", "original"),
            ("local_authority", "original"),
            decision_making=True,
        ),
        False,
        "GOV-JOINT-COMMITTEE-IN-LEGISLATION",
    ),
    (
        "a CCG holding delegated primary care cannot delegate it again",
        proposal(
            "delegation", ("ccg", "delegated"), ("ccg", None), function="primary_care_commissioning"
        ),
        False,
        "GOV-DOUBLE-DELEGATION",
    ),
    (
        "a CCG holding its own function may delegate it to another CCG",
        proposal("delegation", ("ccg", "original"), ("ccg", None), function="ccg_commissioning"),
        True,
        "GOV-FORM-BETWEEN-TYPES",
    ),
    (
        "delegated primary care decided jointly with a council without NHS England",
        proposal(
            "committees_in_common",
            ("ccg", "delegated"),
            ("local_authority", None),
            function="primary_care_commissioning",
            decision_making=True,
        ),
        False,
        "GOV-DOUBLE-DELEGATION",
    ),
    (
        "internal delegation of a delegated function to the body's own committee",
        proposal(
            "internal_delegation",
            ("ccg", "delegated"),
            ("ccg", None),
            function="primary_care_commissioning",
        ),
        True,
        "GOV-INTERNAL-DELEGATION",
    ),
    (
        "internal delegation to another kind of body is not internal",
        proposal(
            "internal_delegation",
            ("ccg", "delegated"),
            ("local_authority", None),
            function="primary_care_commissioning",
        ),
        False,
        "GOV-INTERNAL-DELEGATION",
    ),
    (
        "a body cannot pass on a function it does not hold",
        proposal("delegation", ("ccg", None), ("ccg", None), function="ccg_commissioning"),
        False,
        "GOV-HOLDER-MUST-HOLD",
    ),
    (
        "no CCG and combined authority joint committee in London",
        proposal(
            "combined_authority_joint_committee",
            ("ccg", "original"),
            ("local_authority", "original"),
            region="london",
        ),
        False,
        "GOV-NO-COMBINED-AUTHORITY-LONDON",
    ),
    (
        "outside London the 2016 Act's joint committee is not ruled out by the London rule",
        proposal(
            "combined_authority_joint_committee",
            ("ccg", "original"),
            ("local_authority", "original"),
            region="greater_manchester",
        ),
        True,
        None,
    ),
    (
        "NHS England may arrange for a CCG to exercise s.7A functions in London",
        proposal(
            "delegation", ("nhs_england", "delegated"), ("ccg", None), function="s7a_public_health"
        ),
        True,
        "GOV-S7A-LONDON-CCG-ONLY",
    ),
    (
        "but not a local authority",
        proposal(
            "delegation",
            ("nhs_england", "delegated"),
            ("local_authority", None),
            function="s7a_public_health",
        ),
        False,
        "GOV-S7A-LONDON-CCG-ONLY",
    ),
    (
        "s.75 pooled budget for community health",
        proposal(
            "s75_pooled_budget",
            ("ccg", "original"),
            ("local_authority", "original"),
            services=("community_health", "social_care"),
        ),
        True,
        "GOV-FORM-BETWEEN-TYPES",
    ),
    (
        "surgery is outside s.75",
        proposal(
            "s75_pooled_budget",
            ("ccg", "original"),
            ("local_authority", "original"),
            services=("community_health", "surgery"),
        ),
        False,
        "GOV-S75-EXCLUDED-SERVICES",
    ),
    (
        "a s.75 joint committee would not normally take decisions: a warning",
        proposal(
            "s75_partnership",
            ("ccg", "original"),
            ("local_authority", "original"),
            decision_making=True,
        ),
        True,
        "GOV-S75-MANAGEMENT-NOT-DECISION",
    ),
    (
        "commissioners and providers meet in partnership without deciding together",
        proposal("strategic_partnership_board", ("ccg", "original"), ("nhs_trust", None)),
        True,
        None,
    ),
    (
        "commissioners and providers take no collective binding decision",
        proposal(
            "strategic_partnership_board",
            ("ccg", "original"),
            ("nhs_trust", None),
            decision_making=True,
        ),
        False,
        "GOV-COMMISSIONER-PROVIDER-SPLIT",
    ),
    (
        "trusts may meet as committees in common",
        proposal("committees_in_common", ("nhs_trust", None), ("foundation_trust", None)),
        True,
        "GOV-FORM-BETWEEN-TYPES",
    ),
    (
        "trusts cannot form a binding joint committee",
        proposal("joint_committee", ("nhs_trust", None), ("foundation_trust", None)),
        False,
        "GOV-TRUSTS-NO-JOINT-COMMITTEE",
    ),
    (
        "foundation trusts may form a corporate joint venture",
        proposal("corporate_joint_venture", ("foundation_trust", None), ("foundation_trust", None)),
        True,
        "GOV-FORM-BETWEEN-TYPES",
    ),
    (
        "an NHS trust may not",
        proposal("corporate_joint_venture", ("nhs_trust", None), ("foundation_trust", None)),
        False,
        "GOV-CORPORATE-JV-FT-ONLY",
    ),
    (
        "specialised commissioning may be delegated by NHS England to CCGs",
        proposal(
            "delegation",
            ("nhs_england", "original"),
            ("ccg", None),
            function="specialised_commissioning",
        ),
        True,
        "GOV-FORM-BETWEEN-TYPES",
    ),
    (
        "delegations would likely exclude highly specialised services: a warning",
        proposal(
            "delegation",
            ("nhs_england", "original"),
            ("ccg", None),
            function="highly_specialised_commissioning",
        ),
        True,
        "GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED",
    ),
    (
        "multi-borough with every party's agreement",
        proposal(
            "joint_committee",
            ("ccg", "original"),
            ("ccg", "original"),
            level="multi_borough",
            all_parties_agree=True,
        ),
        True,
        "GOV-SUBSIDIARITY-MULTI-BOROUGH",
    ),
    (
        "multi-borough without it",
        proposal(
            "joint_committee", ("ccg", "original"), ("ccg", "original"), level="multi_borough"
        ),
        False,
        "GOV-SUBSIDIARITY-MULTI-BOROUGH",
    ),
    (
        "London level with a recorded clear case",
        proposal(
            "joint_committee",
            ("ccg", "original"),
            ("ccg", "original"),
            level="region",
            case_for_level="Once for all: one tender avoids 32 duplicate procurements.",
        ),
        True,
        "GOV-SUBSIDIARITY-LONDON",
    ),
    (
        "London level without one",
        proposal(
            "joint_committee",
            ("ccg", "original"),
            ("ccg", "original"),
            level="region",
            case_for_level="  ",
        ),
        False,
        "GOV-SUBSIDIARITY-LONDON",
    ),
    (
        "a delegation needs two parties",
        proposal("delegation", ("ccg", "original"), function="ccg_commissioning"),
        False,
        "GOV-PARTIES",
    ),
]


@pytest.mark.parametrize(("case", "p", "allowed", "rule_id"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_allows_and_refuses_as_its_source_says(case, p, allowed, rule_id):
    result = check_arrangement(p, FW)
    assert result.allowed is allowed, result.reasons
    if rule_id:
        said = result.reasons + result.warnings
        reason = next((r for r in said if r.rule_id == rule_id), None)
        assert reason is not None, [r.rule_id for r in said]
        assert reason.source.startswith("Integration: Technical pack (December 2017), ")
        assert reason.message
        # A rule that warns never refuses; a refusal is always the rule's own effect.
        if FW.rules[rule_id].effect == "warns":
            assert result.allowed or reason not in result.reasons
        elif not allowed:
            assert reason in result.reasons


def test_every_rule_in_the_catalogue_is_exercised():
    """Every refusing rule refuses in a case above; every warning rule warns in one."""
    decided = {rid for _, p, allowed, rid in CASES}
    catalogue = {r["id"] for r in rule_catalogue()}
    assert catalogue - {"GOV-HOLDER-MUST-HOLD", "GOV-PARTIES"} <= decided


def test_every_rule_cites_a_source():
    for rule in rule_catalogue():
        assert rule["source"].strip(), rule["id"]
        assert rule["citations"], rule["id"]
        assert rule["id"].startswith("GOV-")


def test_a_refusal_offers_the_lawful_alternatives():
    result = check_arrangement(
        proposal(
            "delegation", ("ccg", "delegated"), ("ccg", None), function="primary_care_commissioning"
        ),
        FW,
    )
    assert not result.allowed
    assert "internal_delegation" in result.alternatives
    assert "delegation" not in result.alternatives
    for form in result.alternatives:
        again = check_arrangement(
            proposal(
                form, ("ccg", "delegated"), ("ccg", None), function="primary_care_commissioning"
            ),
            FW,
        )
        assert again.allowed, form


def test_alternatives_are_among_the_known_forms():
    result = check_arrangement(
        proposal("joint_committee", ("nhs_trust", None), ("nhs_trust", None)), FW
    )
    assert set(result.alternatives) <= set(FORMS)
    assert "committees_in_common" in result.alternatives
