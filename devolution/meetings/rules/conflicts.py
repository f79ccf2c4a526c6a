"""Conflicts of interest (SPEC §9; seed 004 §7), as pure rules.

A member present at a meeting is flagged on an agenda item where any organisation they
belong to, or its partnership, or one in which they hold a declared interest, is an
applicant, recipient or affected party of the item, or serves a place the item affects:
every organisation of theirs counts, not only the one they attend for. Every flag says
why, and stays until a chair rules on it. The chairs and deputies the board's seats name
rule on each flag, when present; a chair never rules on their own conflict; no decision
is recorded while a flag has no ruling; quorum is counted after withdrawals.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from devolution.core.rules import Verdict, VerdictReason

SOURCE = (
    "Section 7 (conflicts of interest) of the Strategic Partnership Board paper of 22 March 2018"
)
ROLES = {"applicant": "an applicant for", "recipient": "a recipient of", "affected": "affected by"}


@dataclass(frozen=True)
class Party:
    """An organisation or partnership an item names, and how."""

    kind: str  # "organisation" or "partnership"
    id: int
    name: str
    role: str  # applicant | recipient | affected


@dataclass(frozen=True)
class Interest:
    """A declared interest in an organisation or partnership, from and to dates."""

    kind: str  # "organisation" or "partnership"
    id: int
    name: str
    start: dt.date | None = None
    end: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class MemberOrganisation:
    """An organisation a member belongs to."""

    id: int
    name: str
    partnership_ids: frozenset[int]
    served_place_ids: frozenset[int]  # the places the organisation serves


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    organisations: tuple[MemberOrganisation, ...]  # every one they belong to
    interests: tuple[Interest, ...] = ()


@dataclass(frozen=True)
class Item:
    parties: tuple[Party, ...]
    place_ids: frozenset[int]  # the places the item affects
    place_names: Mapping[int, str]


@dataclass(frozen=True)
class Flag:
    person_id: int
    reasons: tuple[str, ...]


def _places_overlap(
    served: frozenset[int], affected: frozenset[int], ancestors: Mapping[int, frozenset[int]]
) -> set[int]:
    """The affected places a member's organisation serves: the same place, one within it,
    or one containing it (a borough's council is affected by a bid for its STP, and an
    STP-wide body by a bid for one of its boroughs).

    `ancestors` names the places above each place that count: the caller leaves out the
    region and the nation, so that a London-wide or national body is not flagged on every
    item merely for serving everywhere (its own bids and interests still flag it)."""
    hits = set()
    for place in affected:
        above = ancestors.get(place, frozenset()) | {place}
        if served & above or any(place in ancestors.get(s, frozenset()) for s in served):
            hits.add(place)
    return hits


def detect_conflicts(
    members: tuple[Member, ...],
    item: Item,
    *,
    on: dt.date,
    ancestors: Mapping[int, frozenset[int]],
) -> tuple[Flag, ...]:
    """Every member present with a potential conflict on the item, and why."""
    flags = []
    for m in members:
        reasons = []
        for p in item.parties:
            role = ROLES.get(p.role, p.role)
            for org in m.organisations:
                if p.kind == "organisation" and p.id == org.id:
                    reasons.append(f"their organisation, {p.name}, is {role} this item")
                if p.kind == "partnership" and p.id in org.partnership_ids:
                    reasons.append(
                        f"their organisation, {org.name}, is a member of {p.name}, which is "
                        f"{role} this item"
                    )
            for interest in m.interests:
                if interest.kind == p.kind and interest.id == p.id and interest.active_on(on):
                    reasons.append(
                        f"they declared an interest in {p.name}, which is {role} this item"
                    )
        for org in m.organisations:
            for place in sorted(_places_overlap(org.served_place_ids, item.place_ids, ancestors)):
                reasons.append(
                    f"{org.name} serves {item.place_names.get(place, 'a place')}"
                    ", which the item affects"
                )
        if reasons:
            flags.append(Flag(m.person_id, tuple(dict.fromkeys(reasons))))
    return tuple(flags)


RULINGS = ("full_part", "discussion_only", "withdraw")


def may_rule(
    *,
    ruler_id: int,
    flagged_id: int,
    present_ids: frozenset[int],
    chair_ids: frozenset[int],
    deputy_ids: frozenset[int],
) -> Verdict:
    """A chair or co-chair, or a deputy, as the board's seats name them (never as an
    attendance row says), present at the meeting, rules; never on their own conflict:
    the co-chair or a seated deputy rules then."""
    if ruler_id == flagged_id:
        return Verdict.refuse(
            VerdictReason(
                "MTG-CHAIR-OWN-CONFLICT",
                "A chair does not rule on their own conflict: the co-chair or a seated "
                "deputy does.",
                SOURCE,
            )
        )
    if ruler_id not in chair_ids | deputy_ids:
        return Verdict.refuse(
            VerdictReason(
                "MTG-CHAIRS-RULE",
                "Only the board's chair, a co-chair or a deputy chair, as its seats name "
                "them, rules on conflicts.",
                SOURCE,
            )
        )
    if ruler_id not in present_ids:
        return Verdict.refuse(
            VerdictReason(
                "MTG-RULER-PRESENT",
                "Only a chair or deputy recorded as present at this meeting rules on its "
                "conflicts.",
                SOURCE,
            )
        )
    return Verdict.allow(VerdictReason("MTG-CHAIRS-RULE", "The chairs rule case by case.", SOURCE))


OFFICE_WORDS = {"chair": "chair", "co_chair": "co-chair", "deputy": "deputy chair"}
NO_ONE_TO_RULE = "the board must choose someone to chair this item and rule on it"


def who_rules_instead(
    flagged_id: int, seats: tuple[tuple[int | None, str, str], ...]
) -> str | None:
    """Who rules on a chair's (or deputy chair's) own conflict, from the board's seats as
    (person id, or None for a holder the sources name who has no account; their name;
    office) of its chairs, co-chairs and deputies: the others,
    co-chairs and chairs first; none left, the board chooses someone to chair the item.
    None where the flagged person holds no such seat (the chair rules as usual)."""
    if not any(person == flagged_id for person, _, _ in seats):
        return None
    rank = {"chair": 0, "co_chair": 0, "deputy": 1}
    others = sorted(
        (
            (rank.get(office, 2), name, office)
            for person, name, office in seats
            if person != flagged_id
        ),
    )
    if not others:
        return NO_ONE_TO_RULE
    names = " or ".join(
        f"{name} ({OFFICE_WORDS.get(office, office)})" for _, name, office in others
    )
    return f"{names} must rule"


def unruled(flags: tuple[Flag, ...], ruled_person_ids: frozenset[int]) -> tuple[Flag, ...]:
    """Flags without a ruling: while any remains, no decision may be recorded."""
    return tuple(f for f in flags if f.person_id not in ruled_person_ids)


def deciders_after_rulings(
    present_ids: frozenset[int], rulings: Mapping[int, str]
) -> frozenset[int]:
    """Who takes part in the decision: those present, less those who withdraw or take part
    in the discussion only."""
    return frozenset(p for p in present_ids if rulings.get(p, "full_part") == "full_part")


def quorum_verdict(*, taking_part: int, quorum: int | None) -> Verdict:
    """Quorum is checked after withdrawals (SPEC §8)."""
    if quorum is None:
        return Verdict.allow(
            VerdictReason(
                "MTG-QUORUM",
                "The board has no recorded quorum rule.",
                "Devolution's rules for meetings",
            )
        )
    if taking_part < quorum:
        return Verdict.refuse(
            VerdictReason(
                "MTG-QUORUM",
                f"Not quorate: {taking_part} members take part in the decision, and the quorum is "
                f"{quorum}.",
                "Devolution's rules for meetings",
            )
        )
    return Verdict.allow(
        VerdictReason(
            "MTG-QUORUM",
            f"Quorate: {taking_part} of at least {quorum} take part.",
            "Devolution's rules for meetings",
        )
    )


def ruling_once_verdict(*, ruled: bool) -> Verdict:
    """A flag is ruled on once: the ruling is the record the minutes and the log carry."""
    if ruled:
        return Verdict.refuse(
            VerdictReason(
                "MTG-FLAG-RULED",
                "This potential conflict is already ruled on: a ruling is not changed.",
                SOURCE,
            )
        )
    return Verdict.allow(VerdictReason("MTG-FLAG-RULED", "No ruling is recorded yet.", SOURCE))
