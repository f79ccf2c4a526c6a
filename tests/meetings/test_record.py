"""The record of a meeting holds (issue 9): an item is decided once; who rules is what the
board's seats say; attendance is for the person's own organisation and never clears a
flag; a decision's effect is made by the handler of its kind; approved minutes freeze
the whole record and keep the audit chain's head."""

import datetime as dt
import pathlib

import pytest

from devolution.core.errors import InvalidInput, NotAllowed, RuleViolation
from devolution.core.events import decision_kinds
from devolution.core.models import AuditEvent
from devolution.core.selectors import audit_head
from devolution.governance.models import Board, GatewayCriterion, Phase, PhaseMove
from devolution.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    Declaration,
    Meeting,
    Minutes,
    Ruling,
)
from devolution.meetings.services import (
    action_create,
    attendance_record,
    decision_record,
    flag_rule,
    item_flags_refresh,
    minutes_approve,
    minutes_draft,
    minutes_update,
)
from devolution.partners.models import Membership, Organisation, Role
from tests.conftest import make_person, signed_in
from tests.meetings.conftest import seat

pytestmark = pytest.mark.django_db


def spb_phase() -> str:
    return Board.objects.select_related("current_phase").get(key="spb").current_phase.key


def plain_item(meeting, key="note-item", **fields) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting, key=key, title=key.replace("-", " ").title(), purpose="decide", **fields
    )


# ------------------------------------------------------------------ decided once, 409


def test_a_second_decision_is_refused_with_its_rule_on_the_api_and_the_page(
    meeting,
    secretariat,
):
    item = plain_item(meeting)
    staff = signed_in(secretariat)
    url = f"/api/meetings/{meeting.key}/items/{item.key}/decision"
    assert (
        staff.post(url, {"outcome": "agreed"}, content_type="application/json").status_code == 201
    )
    again = staff.post(url, {"outcome": "deferred"}, content_type="application/json")
    assert again.status_code == 409
    assert again.json()["rule_id"] == "MTG-DECIDED-ONCE"
    page = staff.post(
        f"/meetings/{meeting.key}/items/{item.pk}/decision/",
        {
            f"decision{item.pk}-outcome": "not_agreed",
            f"decision{item.pk}-how": "consensus",
            f"decision{item.pk}-decision_kind": "decide",
        },
    )
    assert page.status_code == 409
    assert Decision.objects.get(item=item).outcome == "agreed"


def test_an_unregistered_kind_of_decision_is_refused_naming_the_field(
    meeting,
    secretariat,
):
    item = plain_item(meeting)
    with pytest.raises(InvalidInput) as refused:
        decision_record(actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind="x")
    assert refused.value.problems[0].field == "decision_kind"
    assert not Decision.objects.filter(item=item).exists()


# ---------------------------------------------------------- who rules, who attends as what


def test_a_deputy_not_seated_on_the_board_cannot_rule_whatever_the_attendance_says(
    nel_bid,
    bob,
):
    # Bob is written down as deputy by the attendance row alone: the SPB's seats do not say so.
    Attendance.objects.filter(meeting=nel_bid.meeting, person=bob).update(is_deputy=True)
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    with pytest.raises(NotAllowed, match="as its seats name them"):
        flag_rule(actor=bob, flag_id=flag.pk, outcome="full_part", reason="I deputise")
    seat(bob, organisation="la-camden", office="deputy")
    assert flag_rule(actor=bob, flag_id=flag.pk, outcome="withdraw", reason="In the area")


def test_a_seated_chair_who_is_not_present_does_not_rule(nel_bid, chair):
    Attendance.objects.filter(meeting=nel_bid.meeting, person=chair).update(kind="apologies")
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    with pytest.raises(NotAllowed, match="recorded as present"):
        flag_rule(actor=chair, flag_id=flag.pk, outcome="withdraw", reason="x")


def test_a_ruling_is_given_once(nel_bid, chair):
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    flag_rule(actor=chair, flag_id=flag.pk, outcome="withdraw", reason="In the area")
    with pytest.raises(RuleViolation) as refused:
        flag_rule(actor=chair, flag_id=flag.pk, outcome="full_part", reason="Changed my mind")
    assert refused.value.rule_id == "MTG-FLAG-RULED"
    assert Ruling.objects.get(flag=flag).outcome == "withdraw"


def test_an_attendee_is_recorded_only_for_an_organisation_of_their_own(
    meeting,
    alice,
    secretariat,
):
    response = signed_in(secretariat).post(
        f"/api/meetings/{meeting.key}/attendance",
        {"person_email": alice.email, "organisation": "la-camden", "kind": "present"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["problems"][0]["field"] == "organisation"
    assert Attendance.objects.get(meeting=meeting, person=alice).organisation.key == "la-hackney"


def test_an_attendee_not_seated_as_chair_or_deputy_is_not_recorded_as_one(
    meeting,
    bob,
    secretariat,
):
    for field in ("is_chair", "is_deputy"):
        with pytest.raises(InvalidInput) as refused:
            attendance_record(
                actor=secretariat,
                meeting_key=meeting.key,
                person_email=bob.email,
                organisation_key="la-camden",
                kind="present",
                **{field: True},
            )
        assert [p.field for p in refused.value.problems] == [field]
    assert not Attendance.objects.get(meeting=meeting, person=bob).is_deputy


def test_changing_an_attendees_organisation_does_not_remove_their_flag(
    nel_bid,
    alice,
    secretariat,
):
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    assert flag.person == alice  # Hackney serves North East London
    # Alice also sits for Camden, which serves no part of North East London.
    Membership.objects.create(
        person=alice, organisation=Organisation.objects.get(key="la-camden"), role="board_member"
    )
    attendance_record(
        actor=secretariat,
        meeting_key=nel_bid.meeting.key,
        person_email=alice.email,
        organisation_key="la-camden",
        kind="present",
    )
    assert ConflictFlag.objects.filter(pk=flag.pk).exists()
    with pytest.raises(RuleViolation) as refused:
        decision_record(actor=secretariat, item_id=nel_bid.pk, outcome="agreed")
    assert refused.value.rule_id == "MTG-UNRULED-FLAG"
    assert not Decision.objects.filter(item=nel_bid).exists()


def test_a_member_is_flagged_through_any_organisation_they_belong_to(
    nel_bid,
    bob,
):
    Membership.objects.create(
        person=bob, organisation=Organisation.objects.get(key="la-hackney"), role="board_member"
    )
    flags = {f.person_id: f.reasons for f in item_flags_refresh(item_id=nel_bid.pk)}
    assert "London Borough of Hackney serves North East London" in " ".join(flags[bob.pk])


# ---------------------------------------------------- a decision's effect, by its handler


def test_meetings_has_no_import_of_governances_services():
    root = pathlib.Path(__file__).parents[2] / "devolution" / "meetings"
    for module in root.rglob("*.py"):
        source = module.read_text()
        assert "governance.services" not in source, module
        assert "from devolution.governance import services" not in source, module


def test_every_kind_is_registered_by_the_app_that_owns_it():
    keys = {k.key for k in decision_kinds()}
    assert {"decide", "phase_move", "gateway_criterion_met", "gateway_criterion_ongoing"} <= keys
    handlers = {k.key: k.handler for k in decision_kinds()}
    assert handlers["decide"] is None
    assert handlers["phase_move"].__module__ == "devolution.governance.events"


def test_an_agreed_phase_move_moves_the_board_through_governances_handler(
    meeting,
    secretariat,
):
    set_up = Phase.objects.get(model__key="spb", key="set_up")
    item = plain_item(meeting, "back-to-set-up", gateway_phase=set_up)
    decision = decision_record(
        actor=secretariat,
        item_id=item.pk,
        outcome="agreed",
        text="Back to set-up while membership is reviewed.",
        decision_kind="phase_move",
    )
    assert decision.kind == "phase_move"
    assert spb_phase() == "set_up"
    move = PhaseMove.objects.filter(board__key="spb").order_by("-id").first()
    assert move.resolution_date == meeting.date
    assert move.resolution.startswith("Back To Set Up. Back to set-up while membership")
    assert AuditEvent.objects.filter(action="move_phase").last().after["meeting"] == meeting.key


def test_a_phase_move_the_gateway_refuses_takes_the_decision_back(
    meeting,
    secretariat,
):
    forward = Phase.objects.get(model__key="spb", key="decision_making")
    item = plain_item(meeting, "to-decision-making", gateway_phase=forward)
    staff = signed_in(secretariat)
    response = staff.post(
        f"/api/meetings/{meeting.key}/items/{item.key}/decision",
        {"outcome": "agreed", "decision_kind": "phase_move"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["rule_id"] == "GOV-GATEWAY-UNMET"
    assert not Decision.objects.filter(item=item).exists()
    assert spb_phase() == "shadow_decision_making"


def test_a_phase_move_not_agreed_moves_nothing_and_one_naming_no_phase_is_refused(
    meeting,
    secretariat,
):
    set_up = Phase.objects.get(model__key="spb", key="set_up")
    deferred = plain_item(meeting, "deferred", gateway_phase=set_up)
    decision_record(
        actor=secretariat, item_id=deferred.pk, outcome="deferred", decision_kind="phase_move"
    )
    assert spb_phase() == "shadow_decision_making"
    nothing = plain_item(meeting, "nothing-named")
    with pytest.raises(RuleViolation) as refused:
        decision_record(
            actor=secretariat, item_id=nothing.pk, outcome="agreed", decision_kind="phase_move"
        )
    assert refused.value.rule_id == "GOV-RESOLUTION-SUBJECT"


def test_a_gateway_criterion_is_met_by_a_resolution_of_the_boards_meeting(
    meeting,
    secretariat,
):
    criterion = GatewayCriterion.objects.filter(
        phase__model__key="spb", phase__key="decision_making"
    ).first()
    item = plain_item(meeting, "criterion", gateway_criterion=criterion)
    decision_record(
        actor=secretariat,
        item_id=item.pk,
        outcome="agreed",
        decision_kind="gateway_criterion_met",
    )
    assert GatewayCriterion.objects.get(pk=criterion.pk).status == "met"
    event = AuditEvent.objects.filter(action="resolve_criterion").last()
    assert event.after["meeting"] == meeting.key


def test_another_boards_meeting_cannot_resolve_the_spbs_criterion(secretariat):
    leb = Board.objects.get(key="leb")
    meeting = Meeting.objects.create(key="leb-test", board=leb, date=dt.date(2018, 5, 24))
    criterion = GatewayCriterion.objects.filter(phase__model__key="spb").first()
    item = plain_item(meeting, "spb-criterion", gateway_criterion=criterion)
    with pytest.raises(RuleViolation) as refused:
        decision_record(
            actor=secretariat,
            item_id=item.pk,
            outcome="agreed",
            decision_kind="gateway_criterion_met",
        )
    assert refused.value.rule_id == "GOV-RESOLUTION-OTHER-BOARD"
    assert GatewayCriterion.objects.get(pk=criterion.pk).status == criterion.status
    assert not Decision.objects.filter(item=item).exists()


# --------------------------------------------------------------------- approved, frozen


def test_approved_minutes_keep_the_audit_chains_head(meeting, secretariat):
    later = Meeting.objects.create(
        key="spb-later", board=meeting.board, date=dt.date(2018, 7, 1), status="held"
    )
    minutes = minutes_draft(actor=secretariat, meeting_key=meeting.key)
    head = audit_head()
    approved = minutes_approve(
        actor=secretariat,
        meeting_key=meeting.key,
        at_meeting_key=later.key,
        version=minutes.version,
    )
    assert approved.audit_head == head
    assert Minutes.objects.get(pk=minutes.pk).audit_head == head


def test_after_the_minutes_are_approved_every_write_to_the_record_is_a_409(
    nel_bid,
    alice,
    chair,
    secretariat,
):
    held = nel_bid.meeting
    flag = item_flags_refresh(item_id=nel_bid.pk)[0]
    undecided = plain_item(held, "undecided")
    later = Meeting.objects.create(
        key="spb-later", board=held.board, date=dt.date(2018, 7, 1), status="held"
    )
    minutes = minutes_draft(actor=secretariat, meeting_key=held.key)
    minutes_approve(
        actor=secretariat,
        meeting_key=held.key,
        at_meeting_key=later.key,
        version=minutes.version,
    )
    events = AuditEvent.objects.count()
    staff = signed_in(secretariat)
    api = f"/api/meetings/{held.key}"
    writes = {
        "attendance": staff.post(
            f"{api}/attendance",
            {"person_email": alice.email, "organisation": "la-hackney", "kind": "apologies"},
            content_type="application/json",
        ),
        "conflicts": staff.post(f"{api}/items/{nel_bid.key}/flags"),
        "declaration": staff.post(
            f"{api}/declarations",
            {"person": alice.email, "text": "Too late"},
            content_type="application/json",
        ),
        "ruling": signed_in(chair).post(
            f"{api}/items/{flag.item.key}/flags/{flag.person.email}/ruling",
            {"outcome": "withdraw", "reason": "Too late"},
            content_type="application/json",
        ),
        "decision": staff.post(
            f"{api}/items/{undecided.key}/decision",
            {"outcome": "agreed"},
            content_type="application/json",
        ),
        "decision page": staff.post(
            f"/meetings/{held.key}/items/{undecided.pk}/decision/",
            {
                f"decision{undecided.pk}-outcome": "agreed",
                f"decision{undecided.pk}-how": "vote",
                f"decision{undecided.pk}-decision_kind": "decide",
            },
        ),
        "conflicts page": staff.post(f"/meetings/{held.key}/items/{nel_bid.pk}/conflicts/"),
    }
    for write, response in writes.items():
        assert response.status_code == 409, write
    assert writes["decision"].json()["rule_id"] == "MTG-MINUTES-FROZEN"
    for service in (
        lambda: action_create(
            actor=secretariat, item_id=nel_bid.pk, text="Too late", owner_email=alice.email
        ),
        lambda: minutes_update(
            actor=secretariat, meeting_key=held.key, text="x", version=minutes.version + 1
        ),
        lambda: minutes_draft(actor=secretariat, meeting_key=held.key),
    ):
        with pytest.raises(RuleViolation) as refused:
            service()
        assert refused.value.rule_id == "MTG-MINUTES-FROZEN"
    assert AuditEvent.objects.count() == events
    assert not Action.objects.filter(text="Too late").exists()
    assert not Declaration.objects.filter(text="Too late").exists()
    assert not Ruling.objects.exists() and not Decision.objects.filter(item=undecided).exists()
    assert Attendance.objects.get(meeting=held, person=alice).kind == "present"


def test_a_chair_elsewhere_has_no_door_to_the_spbs_phase_or_criteria(secretariat):
    other = make_person("lee@leb.example", "nhs-england-london", Role.CHAIR, "Lee Chair")
    seat(other, board="leb", organisation="nhs-england-london", office="chair")
    client = signed_in(other)
    criterion = GatewayCriterion.objects.filter(phase__model__key="spb").first()
    assert (
        client.patch(
            f"/api/boards/spb/gateway-criteria/{criterion.phase.key}/{criterion.key}",
            {"version": criterion.version, "status": "met"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert client.post("/boards/spb/phase/", {"to_phase": "set_up"}).status_code == 404
    assert spb_phase() == "shadow_decision_making"
    assert GatewayCriterion.objects.get(pk=criterion.pk).status == criterion.status
