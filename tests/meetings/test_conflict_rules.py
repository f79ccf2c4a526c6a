"""Conflict detection, rulings and quorum as pure rules (SPEC §9; seed 004 §7)."""

import datetime as dt

import pytest

from devolution.meetings.rules.conflicts import (
    Interest,
    Item,
    Member,
    MemberOrganisation,
    Party,
    deciders_after_rulings,
    detect_conflicts,
    may_rule,
    quorum_verdict,
    ruling_once_verdict,
    unruled,
)

ON = dt.date(2018, 3, 22)
# Places: 1 London > 2 North East London > 3 Hackney; 4 Camden (North Central London, 5)
# The region (1) is left out of the ancestors that count (see _places_overlap).
ANCESTORS = {
    1: frozenset(),
    2: frozenset(),
    3: frozenset({2}),
    5: frozenset(),
    4: frozenset({5}),
}
NAMES = {1: "London", 2: "North East London", 3: "Hackney", 4: "Camden", 5: "NCL"}
HACKNEY_LA, CAMDEN_LA, NEL_TRUST, GLA = 10, 11, 12, 13
BHR_PILOT = 50


def member(pid, org, org_name, places=(), partnerships=(), interests=(), also=()):
    """A member of `org`, and of the organisations `also` names."""
    own = MemberOrganisation(org, org_name, frozenset(partnerships), frozenset(places))
    return Member(pid, f"person {pid}", (own, *also), tuple(interests))


HACKNEY = member(1, HACKNEY_LA, "Hackney council", places={3})
CAMDEN = member(2, CAMDEN_LA, "Camden council", places={4})
NEL = member(3, NEL_TRUST, "a NEL trust", places={2}, partnerships={BHR_PILOT})
MAYOR = member(4, GLA, "the GLA", places={1})  # serves London: not flagged for serving it


def item(*parties, places=()):
    return Item(tuple(parties), frozenset(places), NAMES)


def flagged(flags):
    return {f.person_id: f.reasons for f in flags}


def test_a_bid_for_north_east_london_flags_those_serving_it_and_only_them():
    flags = flagged(
        detect_conflicts(
            (HACKNEY, CAMDEN, NEL, MAYOR), item(places={2}), on=ON, ancestors=ANCESTORS
        )
    )
    assert set(flags) == {1, 3}
    assert flags[1] == ("Hackney council serves North East London, which the item affects",)


def test_the_applicant_organisation_is_flagged():
    flags = flagged(
        detect_conflicts(
            (CAMDEN, MAYOR),
            item(Party("organisation", CAMDEN_LA, "Camden council", "applicant")),
            on=ON,
            ancestors=ANCESTORS,
        )
    )
    assert flags == {2: ("their organisation, Camden council, is an applicant for this item",)}


def test_a_member_of_a_recipient_partnership_is_flagged():
    flags = flagged(
        detect_conflicts(
            (NEL, MAYOR),
            item(Party("partnership", BHR_PILOT, "BHR pilot", "recipient")),
            on=ON,
            ancestors=ANCESTORS,
        )
    )
    assert "member of BHR pilot, which is a recipient of" in flags[3][0]


def test_a_declared_interest_flags_while_it_is_active():
    interest = Interest(
        "organisation", CAMDEN_LA, "Camden council", dt.date(2017, 1, 1), dt.date(2018, 12, 31)
    )
    mayor = member(4, GLA, "the GLA", interests=[interest])
    party = Party("organisation", CAMDEN_LA, "Camden council", "affected")
    assert flagged(detect_conflicts((mayor,), item(party), on=ON, ancestors=ANCESTORS))[4] == (
        "they declared an interest in Camden council, which is affected by this item",
    )
    assert (
        detect_conflicts((mayor,), item(party), on=dt.date(2019, 1, 1), ancestors=ANCESTORS) == ()
    )


def test_a_place_within_the_area_a_member_serves_flags_them():
    flags = flagged(detect_conflicts((NEL, CAMDEN), item(places={3}), on=ON, ancestors=ANCESTORS))
    assert set(flags) == {3}


def test_every_organisation_a_member_belongs_to_counts_not_only_the_one_they_attend_for():
    camden_and_nel = member(
        2,
        CAMDEN_LA,
        "Camden council",
        places={4},
        also=(MemberOrganisation(NEL_TRUST, "a NEL trust", frozenset(), frozenset({2})),),
    )
    bid = item(Party("organisation", NEL_TRUST, "a NEL trust", "applicant"), places={3})
    assert flagged(detect_conflicts((camden_and_nel,), bid, on=ON, ancestors=ANCESTORS))[2] == (
        "their organisation, a NEL trust, is an applicant for this item",
        "a NEL trust serves Hackney, which the item affects",
    )


def test_no_flag_without_a_path():
    assert (
        detect_conflicts(
            (MAYOR, CAMDEN),
            item(Party("organisation", 99, "X", "applicant"), places={3}),
            on=ON,
            ancestors=ANCESTORS,
        )
        == ()
    )


CHAIRS = frozenset({7, 8})  # by the board's seats; 9 is a seated deputy, 6 one not present
PRESENT = frozenset({1, 2, 7, 8, 9})


@pytest.mark.parametrize(
    ("ruler", "flagged_id", "allowed", "rule_id"),
    [
        (7, 1, True, "MTG-CHAIRS-RULE"),
        (8, 7, True, "MTG-CHAIRS-RULE"),
        (7, 7, False, "MTG-CHAIR-OWN-CONFLICT"),
        (1, 2, False, "MTG-CHAIRS-RULE"),
        (9, 7, True, "MTG-CHAIRS-RULE"),
        (6, 7, False, "MTG-RULER-PRESENT"),
    ],
)
def test_who_rules_on_a_flag(ruler, flagged_id, allowed, rule_id):
    verdict = may_rule(
        ruler_id=ruler,
        flagged_id=flagged_id,
        present_ids=PRESENT,
        chair_ids=CHAIRS,
        deputy_ids=frozenset({6, 9}),
    )
    assert verdict.allowed is allowed and verdict.reasons[0].rule_id == rule_id


def test_a_decision_waits_for_every_flag_to_be_ruled():
    flags = detect_conflicts((HACKNEY, NEL), item(places={2}), on=ON, ancestors=ANCESTORS)
    assert {f.person_id for f in unruled(flags, frozenset({1}))} == {3}
    assert unruled(flags, frozenset({1, 3})) == ()


def test_quorum_is_counted_after_withdrawals():
    present = frozenset({1, 2, 3, 4, 7})
    taking_part = deciders_after_rulings(present, {1: "withdraw", 3: "discussion_only"})
    assert taking_part == frozenset({2, 4, 7})
    assert not quorum_verdict(taking_part=len(taking_part), quorum=4).allowed
    assert quorum_verdict(taking_part=len(taking_part), quorum=3).allowed
    assert quorum_verdict(taking_part=1, quorum=None).allowed


@pytest.mark.parametrize(("ruled", "allowed"), [(False, True), (True, False)])
def test_a_flag_is_ruled_on_once(ruled, allowed):
    verdict = ruling_once_verdict(ruled=ruled)
    assert verdict.allowed is allowed and verdict.reasons[0].rule_id == "MTG-FLAG-RULED"
