"""Who may change what (SPEC §1 and §15): people change only what their organisation
owns or their role allows."""

from dataclasses import dataclass

from devolution.core.rules import Verdict, VerdictReason

SOURCE = "Devolution's rules for access"
SECRETARIAT = "secretariat"
READ_ONLY = "read_only"

KEEPS_REGISTERS = VerdictReason(
    "ACC-SECRETARIAT-KEEPS-REGISTERS",
    "The secretariat keeps every register.",
    "Devolution's rules for access: the secretariat officer 'keeps every register'",
)
OWN_ORGANISATION = VerdictReason(
    "ACC-OWN-ORGANISATION",
    "People change what their own organisation owns.",
    SOURCE,
)
NOT_YOURS = VerdictReason(
    "ACC-NOT-YOUR-ORGANISATION",
    "Only people of this organisation, or the secretariat, may change it.",
    SOURCE,
)
READ_ONLY_ROLE = VerdictReason(
    "ACC-READ-ONLY",
    "A read-only role cannot change anything.",
    SOURCE,
)
SIGNED_OUT = VerdictReason(
    "ACC-SIGN-IN",
    "Sign in to change anything; the public reads only what is published.",
    SOURCE,
)


@dataclass(frozen=True)
class MembershipFact:
    organisation_id: int
    role: str


STAFF = VerdictReason(
    "ACC-STAFF",
    "Partnership staff (anyone signed in with a place in a partner organisation) read the "
    "working record; the public reads only what is published.",
    SOURCE,
)


def may_read_staff_pages(memberships: frozenset[MembershipFact]) -> Verdict:
    """The one staff test: signed in, with a membership of a partner organisation."""
    if memberships:
        return Verdict.allow(STAFF)
    return Verdict.refuse(SIGNED_OUT)


def may_keep_registers(memberships: frozenset[MembershipFact]) -> Verdict:
    """The secretariat, and only the secretariat, keeps the shared registers."""
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    return Verdict.refuse(SIGNED_OUT if not memberships else KEEPS_REGISTERS)


def may_edit_organisation(memberships: frozenset[MembershipFact], organisation_id: int) -> Verdict:
    """An organisation's own people (other than read-only) and the secretariat may edit it."""
    if not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    own = [m for m in memberships if m.organisation_id == organisation_id]
    if not own:
        return Verdict.refuse(NOT_YOURS)
    if all(m.role == READ_ONLY for m in own):
        return Verdict.refuse(READ_ONLY_ROLE)
    return Verdict.allow(OWN_ORGANISATION)
