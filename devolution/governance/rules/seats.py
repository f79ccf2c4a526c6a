"""Seats are rules filled by people (SPEC §3): the board page shows vacant, over-filled and
wrongly filled seats, and, for a board known from its sources only, the seats a source says
are filled without naming anyone and those the sources say nothing of."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SeatSlot:
    """One seat rule, for one place where the rule is per place."""

    rule_id: int
    label: str
    count: int | None
    organisation_types: frozenset[str]
    organisation_id: int | None
    place_id: int | None
    place_name: str | None
    # What is known of places no member recorded here fills: vacant (a board kept in
    # Devolution), filled_unnamed (a source says filled, names no one) or unknown.
    occupancy: str = "vacant"


@dataclass(frozen=True)
class MemberFact:
    member_id: int
    person: str
    seat_rule_id: int | None
    organisation_id: int | None  # None: a body the data does not hold as an organisation
    organisation_type: str | None
    place_id: int | None


@dataclass(frozen=True)
class SlotState:
    slot: SeatSlot
    filled_by: tuple[MemberFact, ...]
    state: str  # filled | vacant | over_filled | to_be_confirmed | filled_unnamed | unknown
    vacancies: int


@dataclass(frozen=True)
class WrongSeat:
    member: MemberFact
    why: str


def _fits(slot: SeatSlot, m: MemberFact) -> str | None:
    """Why the member does not fit the slot, or None. A member a source seats for a body
    the data holds as no organisation fits as the source says."""
    if m.organisation_id is None or m.organisation_type is None:
        return None
    if slot.organisation_id is not None and m.organisation_id != slot.organisation_id:
        return "the seat is for a named organisation and this member represents another"
    if slot.organisation_types and m.organisation_type not in slot.organisation_types:
        wanted = ", ".join(sorted(t.replace("_", " ") for t in slot.organisation_types))
        return f"the seat is for a {wanted}, not a {m.organisation_type.replace('_', ' ')}"
    return None


def seat_states(
    slots: tuple[SeatSlot, ...], members: tuple[MemberFact, ...]
) -> tuple[tuple[SlotState, ...], tuple[WrongSeat, ...]]:
    states, wrong = [], []
    for slot in slots:
        seated = [
            m
            for m in members
            if m.seat_rule_id == slot.rule_id
            and (slot.place_id is None or m.place_id == slot.place_id)
        ]
        fitting = []
        for m in seated:
            why = _fits(slot, m)
            if why:
                wrong.append(WrongSeat(m, why))
            else:
                fitting.append(m)
        unfilled = slot.count is None or len(fitting) < slot.count
        if unfilled and slot.occupancy in ("filled_unnamed", "unknown"):
            # The sources say the rest is filled, or say nothing: never "vacant".
            state, vacancies = slot.occupancy, 0
        elif slot.count is None:
            state, vacancies = "to_be_confirmed", 0
        elif len(fitting) > slot.count:
            state, vacancies = "over_filled", 0
        elif len(fitting) < slot.count:
            state, vacancies = "vacant", slot.count - len(fitting)
        else:
            state, vacancies = "filled", 0
        states.append(SlotState(slot, tuple(fitting), state, vacancies))
    slot_keys = {(s.rule_id, s.place_id) for s in slots}
    per_place_rules = {s.rule_id for s in slots if s.place_id is not None}
    for m in members:
        key = (m.seat_rule_id, m.place_id if m.seat_rule_id in per_place_rules else None)
        if key not in slot_keys:
            wrong.append(WrongSeat(m, "no seat of the board's rules matches this member"))
    return tuple(states), tuple(wrong)
