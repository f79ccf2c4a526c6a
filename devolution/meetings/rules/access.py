"""Who may do what with a meeting's record (SPEC §8, §15): who marks an action done (its
owner, the people of the organisation that owns it, and the secretariat), and who reads a
board's confidential business (its members and the secretariat)."""

from devolution.core.rules import Verdict, VerdictReason
from devolution.governance.rules.access import BoardFacts
from devolution.partners.rules import MembershipFact, may_keep_registers, may_read_staff_pages
from devolution.partners.rules.access import (
    KEEPS_REGISTERS,
    READ_ONLY,
    READ_ONLY_ROLE,
    SECRETARIAT,
    SIGNED_OUT,
)

SOURCE = (
    "Devolution's rules for meetings: actions have owners and due dates; people change what "
    "is theirs"
)
OWNER = VerdictReason("MTG-ACTION-OWNER", "The action's owner marks it done.", SOURCE)
OWNING_ORGANISATION = VerdictReason(
    "MTG-ACTION-OWNING-ORGANISATION",
    "The people of the organisation that owns the action mark it done.",
    SOURCE,
)
NOT_YOURS = VerdictReason(
    "MTG-ACTION-NOT-YOURS",
    "Only the action's owner, the people of the organisation that owns it, or the "
    "secretariat may mark it done.",
    SOURCE,
)


def may_mark_action_done(
    memberships: frozenset[MembershipFact],
    *,
    person_id: int | None,
    owner_id: int | None,
    owner_organisation_id: int | None,
) -> Verdict:
    if person_id is None:
        return Verdict.refuse(SIGNED_OUT)
    if owner_id is not None and owner_id == person_id:
        return Verdict.allow(OWNER)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    own = [m for m in memberships if m.organisation_id == owner_organisation_id]
    if own and all(m.role == READ_ONLY for m in own):
        return Verdict.refuse(READ_ONLY_ROLE)
    if own:
        return Verdict.allow(OWNING_ORGANISATION)
    return Verdict.refuse(NOT_YOURS)


CONFIDENTIAL_SOURCE = (
    "Devolution's rules for meetings: confidential items are withheld from the public; "
    "members read the "
    "papers of their boards"
)
SEATED = VerdictReason(
    "MTG-CONFIDENTIAL-SEATED",
    "The members of a board read its confidential items, their papers, its full pack and "
    "its draft minutes.",
    CONFIDENTIAL_SOURCE,
)
NOT_SEATED = VerdictReason(
    "MTG-CONFIDENTIAL-NOT-SEATED",
    "A board's confidential items and draft minutes are read by its members and the "
    "secretariat only.",
    CONFIDENTIAL_SOURCE,
)


def may_read_confidential(
    memberships: frozenset[MembershipFact], board: BoardFacts, person_id: int | None
) -> Verdict:
    """Whether a person reads a board's confidential business: the secretariat, and the
    people seated on that board (by its seats, not by any role held elsewhere)."""
    staff = may_read_staff_pages(memberships)
    if not staff.allowed:
        return staff
    secretariat = may_keep_registers(memberships)
    if secretariat.allowed:
        return secretariat
    if board.sits_on(person_id):
        return Verdict.allow(SEATED)
    return Verdict.refuse(NOT_SEATED)
