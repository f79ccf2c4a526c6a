"""Facts about who sits on a board and who chairs it, with their scope (SPEC §3, §9, §15).

A chair, co-chair or deputy chair is one because the board's seats say so, never because a
role at some organisation or an attendance row says so.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact
from devolution.partners.rules.access import KEEPS_REGISTERS, SECRETARIAT, SIGNED_OUT

CHAIR_OFFICES = frozenset({"chair", "co_chair"})
DEPUTY_OFFICES = frozenset({"deputy"})


@dataclass(frozen=True)
class BoardFacts:
    """One board's seated people, by person id."""

    board_id: int
    member_ids: frozenset[int]
    chair_ids: frozenset[int]
    deputy_ids: frozenset[int]

    def sits_on(self, person_id: int | None) -> bool:
        return person_id is not None and person_id in self.member_ids

    def chairs(self, person_id: int | None) -> bool:
        return person_id is not None and person_id in self.chair_ids

    def deputises(self, person_id: int | None) -> bool:
        return person_id is not None and person_id in self.deputy_ids


def board_facts_from(board_id: int, seats: list[tuple[int, str]]) -> BoardFacts:
    """The facts from (person id, office) pairs of the board's seats."""
    return BoardFacts(
        board_id=board_id,
        member_ids=frozenset(person for person, _ in seats),
        chair_ids=frozenset(person for person, office in seats if office in CHAIR_OFFICES),
        deputy_ids=frozenset(person for person, office in seats if office in DEPUTY_OFFICES),
    )


CRITERION_SOURCE = (
    "Devolution's rules for gateways: each gateway criterion has a status, an owner, "
    "evidence and a note; "
    "people change what their scope allows"
)
CHAIRS_KEEP_CRITERIA = VerdictReason(
    "GOV-CRITERION-CHAIRS",
    "The board's chairs keep its gateway criteria's owner, evidence and note.",
    CRITERION_SOURCE,
)
NOT_THIS_BOARDS_CHAIR = VerdictReason(
    "GOV-CRITERION-NOT-YOURS",
    "Only the secretariat and this board's chairs keep its gateway criteria; their status "
    "changes only by a resolution of the board's meeting.",
    CRITERION_SOURCE,
)


def may_keep_criterion(
    memberships: frozenset[MembershipFact],
    *,
    person_id: int | None,
    boards: Iterable[BoardFacts],
) -> Verdict:
    """The secretariat, or a chair or co-chair seated on a board the criterion gates,
    keeps a criterion's owner, evidence and note; a chair's role elsewhere gives nothing."""
    if person_id is None or not memberships:
        return Verdict.refuse(SIGNED_OUT)
    if any(m.role == SECRETARIAT for m in memberships):
        return Verdict.allow(KEEPS_REGISTERS)
    if any(facts.chairs(person_id) for facts in boards):
        return Verdict.allow(CHAIRS_KEEP_CRITERIA)
    return Verdict.refuse(NOT_THIS_BOARDS_CHAIR)
