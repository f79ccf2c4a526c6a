"""Who may post progress on a commitment (SPEC §6): the owning organisation's people and
the secretariat."""

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact
from devolution.partners.rules.access import KEEPS_REGISTERS, READ_ONLY, SECRETARIAT, SIGNED_OUT

SOURCE = "SPEC §6 and §15: commitment owners update the commitments they own"
OWNER = VerdictReason("COM-OWNER-UPDATES", "The commitment's owners post its progress.", SOURCE)
NOT_OWNER = VerdictReason(
    "COM-NOT-YOUR-COMMITMENT",
    "Only people of the organisations that own this commitment, or the secretariat, may "
    "post its progress.",
    SOURCE,
)


def may_update_commitment(
    memberships: frozenset[MembershipFact], owner_ids: frozenset[int]
) -> Verdict:
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    if any(m.organisation_id in owner_ids and m.role != READ_ONLY for m in memberships):
        return Verdict.allow(OWNER)
    return Verdict.refuse(NOT_OWNER)
