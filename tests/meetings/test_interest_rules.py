"""Who keeps the register of interests and records declarations (SPEC §9; seed 004 §7), as
pure rules: a member keeps their own entries, the secretariat everyone's and the
declarations made at meetings."""

import pytest

from devolution.meetings.interests.rules import may_keep_entry, may_record_declarations
from devolution.partners.rules import MembershipFact

SECRETARIAT = frozenset({MembershipFact(1, "secretariat")})
MEMBER = frozenset({MembershipFact(2, "board_member")})


@pytest.mark.parametrize(
    "memberships, person_id, allowed, rule",
    [
        (MEMBER, 10, True, "INT-OWN-ENTRY"),  # their own entry
        (MEMBER, 11, False, "INT-KEEP-OWN"),  # someone else's
        (MEMBER, None, False, "INT-KEEP-OWN"),  # naming someone not yet known
        (SECRETARIAT, 11, True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
        (SECRETARIAT, None, True, "ACC-SECRETARIAT-KEEPS-REGISTERS"),
    ],
)
def test_members_keep_their_own_entries_and_the_secretariat_everyones(
    memberships, person_id, allowed, rule
):
    verdict = may_keep_entry(memberships, actor_id=10, person_id=person_id)
    assert (verdict.allowed, verdict.reasons[0].rule_id) == (allowed, rule)


@pytest.mark.parametrize(
    "memberships, allowed", [(SECRETARIAT, True), (MEMBER, False), (frozenset(), False)]
)
def test_only_the_secretariat_records_declarations(memberships, allowed):
    assert may_record_declarations(memberships).allowed is allowed
