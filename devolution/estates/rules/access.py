"""Who keeps a site of the asset register (SPEC §1, §12): an estates lead keeps the sites
their own organisation owns, the secretariat keeps every site; anyone else, and an estates
lead of another organisation, changes none."""

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact
from devolution.partners.rules.access import KEEPS_REGISTERS, SECRETARIAT, SIGNED_OUT

ESTATES_LEAD = "estates_lead"
SOURCE = (
    "Devolution's rules for the asset register: estates leads keep their organisation's "
    "sites, the secretariat keeps every register (SPEC §1)"
)
OWN_SITES = VerdictReason(
    "EST-LEAD-KEEPS-OWN-SITES", "An estates lead keeps their own organisation's sites.", SOURCE
)
NOT_YOUR_SITE = VerdictReason(
    "EST-NOT-YOUR-SITE",
    "Only an estates lead of the organisation that owns this site, or the secretariat, may "
    "change it.",
    SOURCE,
)
NOT_ESTATES_LEAD = VerdictReason(
    "EST-NOT-ESTATES-LEAD",
    "Only estates leads and the secretariat keep the asset register.",
    SOURCE,
)


def may_keep_site(memberships: frozenset[MembershipFact], owner_id: int) -> Verdict:
    """The secretariat keeps every site; an estates lead the sites their organisation
    owns (the owner before a change and, when the change moves it, the owner after)."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    if any(m.role == ESTATES_LEAD and m.organisation_id == owner_id for m in memberships):
        return Verdict.allow(OWN_SITES)
    return Verdict.refuse(NOT_YOUR_SITE)


def may_keep_register(memberships: frozenset[MembershipFact]) -> Verdict:
    """Whether the person keeps any part of the register: the secretariat, or an estates
    lead of some organisation (which sites, `may_keep_site` says)."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    if any(m.role == ESTATES_LEAD for m in memberships):
        return Verdict.allow(OWN_SITES)
    return Verdict.refuse(NOT_ESTATES_LEAD)


def kept_organisations(memberships: frozenset[MembershipFact]) -> frozenset[int] | None:
    """The organisations whose sites the person keeps; None for every organisation."""
    if any(m.role == SECRETARIAT for m in memberships):
        return None
    return frozenset(m.organisation_id for m in memberships if m.role == ESTATES_LEAD)
