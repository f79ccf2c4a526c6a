"""Who may change what, as pure rules with no database (SPEC §1, §15)."""

import pytest

from devolution.partners.rules import MembershipFact, may_edit_organisation, may_keep_registers

HACKNEY, CAMDEN, LONDON_COUNCILS = 1, 2, 3


def m(*facts: tuple[int, str]) -> frozenset[MembershipFact]:
    return frozenset(MembershipFact(org, role) for org, role in facts)


@pytest.mark.parametrize(
    ("memberships", "organisation", "allowed", "rule_id"),
    [
        (m((HACKNEY, "board_member")), HACKNEY, True, "ACC-OWN-ORGANISATION"),
        (m((HACKNEY, "commitment_owner")), HACKNEY, True, "ACC-OWN-ORGANISATION"),
        (m((CAMDEN, "board_member")), HACKNEY, False, "ACC-NOT-YOUR-ORGANISATION"),
        # Applicants and estates leads act for their own organisation only.
        (m((HACKNEY, "applicant")), HACKNEY, True, "ACC-OWN-ORGANISATION"),
        (m((HACKNEY, "estates_lead")), HACKNEY, True, "ACC-OWN-ORGANISATION"),
        (m((CAMDEN, "applicant")), HACKNEY, False, "ACC-NOT-YOUR-ORGANISATION"),
        (m((CAMDEN, "estates_lead")), HACKNEY, False, "ACC-NOT-YOUR-ORGANISATION"),
        # A role counts only at its own organisation.
        (m((HACKNEY, "read_only"), (CAMDEN, "chair")), HACKNEY, False, "ACC-READ-ONLY"),
        (m((HACKNEY, "read_only")), HACKNEY, False, "ACC-READ-ONLY"),
        (m((HACKNEY, "read_only"), (HACKNEY, "applicant")), HACKNEY, True, "ACC-OWN-ORGANISATION"),
        (m((LONDON_COUNCILS, "secretariat")), HACKNEY, True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
        (m(), HACKNEY, False, "ACC-SIGN-IN"),
    ],
)
def test_who_may_edit_an_organisation(memberships, organisation, allowed, rule_id):
    verdict = may_edit_organisation(memberships, organisation)
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id
    assert verdict.reasons[0].source


@pytest.mark.parametrize(
    ("memberships", "allowed"),
    [
        (m((LONDON_COUNCILS, "secretariat")), True),
        (m((HACKNEY, "chair"), (HACKNEY, "board_member")), False),
        (m(), False),
    ],
)
def test_only_the_secretariat_keeps_the_registers(memberships, allowed):
    assert may_keep_registers(memberships).allowed is allowed


def test_the_staff_test_admits_anyone_with_a_membership_and_refuses_the_public():
    from devolution.partners.rules import MembershipFact, may_read_staff_pages

    assert may_read_staff_pages(frozenset({MembershipFact(1, "read_only")})).allowed
    refused = may_read_staff_pages(frozenset())
    assert not refused.allowed
    assert refused.reasons[0].rule_id == "ACC-SIGN-IN"
