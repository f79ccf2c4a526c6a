"""Facts about who sits on a board and who chairs it, with their scope (SPEC §3, §9, §15).

A chair, co-chair or deputy chair is one because the board's seats say so, never because a
role at some organisation or an attendance row says so.
"""

from dataclasses import dataclass

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
