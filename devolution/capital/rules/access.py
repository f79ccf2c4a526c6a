"""Who keeps and who reads capital's records (SPEC §1, §12).

Estates leads keep their own organisation's business cases (as sponsor) and disposals
(as the site's owner); the secretariat keeps all. Partnership staff read every case and
disposal. The public reads approved cases and completed disposals (with their receipts
and reinvestments), the strategy's figures and the capital plan of approved cases.
"""

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact

SOURCE = "Devolution's rules for access (SPEC §12): estates leads keep their organisation's"
ESTATES_LEAD = "estates_lead"
SECRETARIAT = "secretariat"

KEEPS_ALL = VerdictReason(
    "CAP-SECRETARIAT", "The secretariat keeps every case and disposal.", SOURCE
)
OWN = VerdictReason(
    "CAP-ESTATES-LEAD", "Estates leads keep their own organisation's cases and disposals.", SOURCE
)
NOT_YOURS = VerdictReason(
    "CAP-NOT-YOURS",
    "Only an estates lead of the organisation, or the secretariat, may change this.",
    SOURCE,
)
SIGNED_OUT = VerdictReason("CAP-SIGN-IN", "Sign in to change anything.", SOURCE)

PUBLIC_CASE_STATES = frozenset({"approved"})


def may_keep(memberships: frozenset[MembershipFact], organisation_id: int | None) -> Verdict:
    """An estates lead of `organisation_id` (a case's sponsor, a site's owner) or the
    secretariat."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_ALL)
    if any(m.role == ESTATES_LEAD and m.organisation_id == organisation_id for m in memberships):
        return Verdict.allow(OWN)
    return Verdict.refuse(NOT_YOURS)


def may_keep_some(memberships: frozenset[MembershipFact]) -> bool:
    """Whether the person keeps any case or disposal at all (to offer them the forms)."""
    return any(m.role in (SECRETARIAT, ESTATES_LEAD) for m in memberships)


def case_public(state: str) -> bool:
    return state in PUBLIC_CASE_STATES


def disposal_public(completed: bool) -> bool:
    return completed
