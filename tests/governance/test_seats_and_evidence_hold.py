"""Seats and an arrangement's evidence hold under simultaneous writes (QUALITY R2), and a
seat is held for one of the person's own organisations."""

import pytest
from django.test import Client

from devolution.core.errors import InvalidInput, RuleViolation, StaleEdit
from devolution.core.models import User
from devolution.governance.models import ArrangementEvidence, BoardMember, SeatRule
from devolution.governance.services import arrangement_evidence_record, board_member_add
from devolution.partners.models import Role
from tests.conftest import make_person

SEAT = "NHS England representative"


def test_a_seat_is_held_for_one_of_the_persons_own_organisations(secretariat, alice):
    rule = SeatRule.objects.get(board__key="spb", label=SEAT)
    with pytest.raises(InvalidInput) as refused:
        board_member_add(
            actor=secretariat,
            board_key="spb",
            seat_rule_id=rule.pk,
            person_email=alice.email,
            organisation_key="nhs-england-london",
        )
    assert refused.value.problems[0].field == "organisation"
    assert "own organisations" in refused.value.problems[0].message
    assert not BoardMember.objects.filter(person=alice).exists()


def test_a_person_holds_one_seat_on_a_board(secretariat, alice):
    rule = SeatRule.objects.get(board__key="spb", label="London Councils representative")
    seat = {
        "actor": secretariat,
        "board_key": "spb",
        "seat_rule_id": rule.pk,
        "person_email": alice.email,
        "organisation_key": "la-hackney",
    }
    board_member_add(**seat)
    with pytest.raises(RuleViolation) as refused:
        board_member_add(**seat)
    assert refused.value.rule_id == "GOV-ONE-SEAT"
    assert BoardMember.objects.filter(person=alice, board__key="spb").count() == 1


def _seat_at_once(concurrent_db):
    def scenario():
        sec = make_person("sec-seat@lc.example", "london-councils", Role.SECRETARIAT)
        person = make_person("nhse-seat@nhse.example", "nhs-england-london", Role.BOARD_MEMBER)
        return sec.pk, person.email

    sec_id, email = concurrent_db.setup(scenario)

    def seat(i):
        client = Client()
        client.force_login(User.objects.get(pk=sec_id))
        return client.post(
            "/api/boards/spb/members",
            {"seat": SEAT, "person_email": email, "organisation": "nhs-england-london"},
            content_type="application/json",
        ).status_code

    return concurrent_db.at_once(10, seat), email


def test_ten_people_seating_one_person_at_once_give_one_seat_and_nine_refusals(concurrent_db):
    codes, email = _seat_at_once(concurrent_db)
    assert sorted(codes) == [201] + [409] * 9
    seats = concurrent_db.read(
        lambda: BoardMember.objects.filter(board__key="spb", person__email=email).count()
    )
    assert seats == 1


def test_evidence_recorded_meanwhile_is_not_overwritten(concurrent_db):
    def scenario():
        sec = make_person("sec-ev@lc.example", "london-councils", Role.SECRETARIAT)
        from devolution.governance.models import Arrangement
        from devolution.governance.services import _spectrum_criteria

        arrangement = Arrangement.objects.exclude(spectrum_step="").first()
        return sec, arrangement.key, _spectrum_criteria(arrangement.spectrum_step)[0]

    sec, key, criterion = concurrent_db.setup(scenario)

    def record(i):
        try:
            arrangement_evidence_record(
                actor=sec,
                arrangement_key=key,
                criterion=criterion,
                evidence=f"evidence {i}",
                met=True,
                version=0,
            )
        except StaleEdit:
            return "stale"
        return "saved"

    outcomes = concurrent_db.at_once(10, record)
    assert sorted(outcomes) == ["saved"] + ["stale"] * 9
    row = concurrent_db.read(
        lambda: ArrangementEvidence.objects.get(arrangement__key=key, criterion=criterion)
    )
    assert row.version == 1
