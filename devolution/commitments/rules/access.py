"""Who may change a commitment (SPEC §1, §6, §15), over memberships with their scope: the
people of the organisations that own it (its lead owner and supporting partners) post its
progress and keep its milestones; the secretariat keeps every register; a read-only role,
or a role at some other organisation, changes nothing."""

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact
from devolution.partners.rules.access import KEEPS_REGISTERS, READ_ONLY, SECRETARIAT, SIGNED_OUT

SOURCE = "Devolution's rules for commitments: commitment owners update the commitments they own"
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
    """The owners' people (in a role other than read-only at an owning organisation) and
    the secretariat post progress and keep milestones."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    if acting_for(memberships, owner_ids):
        return Verdict.allow(OWNER)
    return Verdict.refuse(NOT_OWNER)


def acting_for(
    memberships: frozenset[MembershipFact], owner_ids: frozenset[int], lead_id: int | None = None
) -> tuple[int, ...]:
    """The owning organisations the person acts for (not those where they only read): the
    lead owner first, then the others by id, so an update names one organisation the
    same way each time."""
    acting = {
        m.organisation_id
        for m in memberships
        if m.organisation_id in owner_ids and m.role != READ_ONLY
    }
    return tuple(sorted(acting, key=lambda org: (org != lead_id, org)))
