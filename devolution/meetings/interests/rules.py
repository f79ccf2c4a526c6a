"""Who keeps which entries of the register of interests, and who records the declarations
made at a meeting (SPEC §9; seed 004 §7), as pure rules over a person's memberships."""

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact, may_keep_registers

SOURCE = (
    "Section 7 of the Strategic Partnership Board paper of 22 March 2018: the secretariat "
    "keeps a central register of interests; members declare their own interests, and the "
    "chair asks for declarations at every meeting"
)
OWN_ENTRY = VerdictReason(
    "INT-OWN-ENTRY", "Members keep their own entries in the register of interests.", SOURCE
)
KEEP_OWN = VerdictReason(
    "INT-KEEP-OWN",
    "Members update their own interests; the secretariat keeps the register for everyone.",
    SOURCE,
)
SECRETARIAT_RECORDS = VerdictReason(
    "INT-SECRETARIAT-RECORDS",
    "The secretariat records the declarations made at a meeting.",
    SOURCE,
)


def may_keep_entry(
    memberships: frozenset[MembershipFact], *, actor_id: int, person_id: int | None
) -> Verdict:
    """A member keeps their own entries; the secretariat keeps everyone's. `person_id` is
    whose entry it is (None: someone not yet known, which only the secretariat names)."""
    if person_id is not None and person_id == actor_id:
        return Verdict.allow(OWN_ENTRY)
    keeps = may_keep_registers(memberships)
    return keeps if keeps.allowed else Verdict.refuse(KEEP_OWN)


def may_record_declarations(memberships: frozenset[MembershipFact]) -> Verdict:
    keeps = may_keep_registers(memberships)
    return keeps if keeps.allowed else Verdict.refuse(SECRETARIAT_RECORDS)
