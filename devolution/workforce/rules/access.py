"""Who may record workforce indicators (SPEC §13): the secretariat for any organisation or
place; a member of an organisation (any role but read only) for that organisation's rows.
Reading is public: the figures are published workforce figures (NHS workforce statistics,
the seeds' quotes), not the partnership's working record."""

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact
from devolution.partners.rules.access import KEEPS_REGISTERS, READ_ONLY, SECRETARIAT, SIGNED_OUT

SOURCE = (
    "Devolution's rules for the workforce indicators: each organisation records its own "
    "figures, the secretariat records any (SPEC §1, §13)"
)
OWN_FIGURES = VerdictReason(
    "WF-MEMBER-RECORDS-OWN", "A member of an organisation records its own figures.", SOURCE
)
NOT_A_MEMBER = VerdictReason(
    "WF-NOT-A-MEMBER",
    "Only a member of an organisation (not read only) or the secretariat records workforce "
    "figures.",
    SOURCE,
)


def may_record(memberships: frozenset[MembershipFact]) -> Verdict:
    """Whether the person records any figures (which ones, `recorded_organisations` says)."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    if any(m.role != READ_ONLY for m in memberships):
        return Verdict.allow(OWN_FIGURES)
    return Verdict.refuse(NOT_A_MEMBER)


def recorded_organisations(memberships: frozenset[MembershipFact]) -> frozenset[int] | None:
    """The organisations whose figures the person records; None for any (and for places)."""
    if any(m.role == SECRETARIAT for m in memberships):
        return None
    return frozenset(m.organisation_id for m in memberships if m.role != READ_ONLY)
