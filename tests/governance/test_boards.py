"""Boards, phases and the checker through services and the API, on the London data."""

import datetime as dt

import pytest
from django.test import Client

from devolution.core.errors import NotAllowed, RuleViolation
from devolution.core.models import AuditEvent
from devolution.governance.models import Board, BoardMember, GatewayCriterion, PhaseMove
from devolution.governance.rules.phases import Resolution
from devolution.governance.services import board_move_phase, criterion_status_set
from devolution.partners.models import Role
from tests.conftest import make_person, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair(db):
    return make_person("chair@nhse.example", "nhs-england-london", Role.CHAIR, "Chris Chair")


def spb():
    return Board.objects.select_related("current_phase").get(key="spb")


def test_spb_is_in_shadow_decision_making_with_seed_004s_six_criteria():
    board = spb()
    assert board.current_phase.key == "shadow_decision_making"
    criteria = GatewayCriterion.objects.filter(
        phase__model__key="spb", phase__key="decision_making"
    )
    assert criteria.count() == 6
    statuses = sorted(criteria.values_list("status", flat=True))
    assert statuses == ["not_started", "not_started", "ongoing", "ongoing", "ongoing", "ongoing"]
    assert all(c.source.key == "seed-004" for c in criteria)


def test_the_spb_reports_to_the_london_health_board_and_oversees_the_estates_board():
    board = spb()
    assert board.reports_to.key == "lhb"
    assert Board.objects.get(key="leb").reports_to == board
    assert Board.objects.get(key="leb").current_phase.key == "phase_1"


def resolution(text="SPB minute 4/2018", board="spb", day=dt.date(2018, 5, 24)):
    """A resolution of a meeting of `board`, as governance's decision handler passes it."""
    return Resolution(f"{board}-{day.isoformat()}", board, day, text)


def test_moving_the_spb_to_decision_making_is_refused_naming_the_unmet_criteria(secretariat):
    events = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as refused:
        board_move_phase(
            actor=secretariat,
            board_key="spb",
            to_phase="decision_making",
            resolution=resolution("SPB 22 March 2018"),
        )
    assert refused.value.rule_id == "GOV-GATEWAY-UNMET"
    assert "6 of the 6 gateway criteria are not met" in refused.value.message
    assert "Investment Framework" in refused.value.message
    assert spb().current_phase.key == "shadow_decision_making"
    assert AuditEvent.objects.count() == events


def test_when_every_criterion_is_met_by_resolution_the_move_is_recorded(secretariat):
    for c in GatewayCriterion.objects.filter(phase__model__key="spb", phase__key="decision_making"):
        criterion_status_set(
            actor=secretariat,
            criterion_key=f"decision_making:{c.key}",
            status="met",
            resolution=resolution(f"Agreed: {c.key} met"),
        )
    move = board_move_phase(
        actor=secretariat,
        board_key="spb",
        to_phase="decision_making",
        resolution=resolution("SPB minute 4/2018: move to decision-making"),
    )
    assert spb().current_phase.key == "decision_making"
    assert move.direction == "forward" and move.from_phase.key == "shadow_decision_making"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "move_phase" and event.actor == secretariat
    assert event.after["resolution"] == "SPB minute 4/2018: move to decision-making"
    assert event.after["meeting"] == "spb-2018-05-24"


def test_the_leb_cannot_leave_phase_1_on_a_criterion_the_data_set_only_infers(secretariat):
    [criterion] = GatewayCriterion.objects.filter(phase__model__key="leb", phase__key="phase_2")
    assert criterion.inferred and criterion.inferred_reason
    assert not criterion.is_met
    with pytest.raises(RuleViolation) as refused:
        board_move_phase(
            actor=secretariat,
            board_key="leb",
            to_phase="phase_2",
            resolution=resolution("LEB minute", board="leb"),
        )
    assert "inferred, not stated in the sources" in refused.value.message
    # The board's own resolution states it: no longer inferred, and the move is allowed.
    criterion_status_set(
        actor=secretariat,
        criterion_key="phase_2:mou_published",
        status="met",
        resolution=resolution("LEB minute: the MoU is published", board="leb"),
    )
    criterion.refresh_from_db()
    assert (criterion.inferred, criterion.is_met) == (False, True)
    board_move_phase(
        actor=secretariat,
        board_key="leb",
        to_phase="phase_2",
        resolution=resolution("LEB minute: phase 2", board="leb"),
    )
    assert Board.objects.get(key="leb").current_phase.key == "phase_2"


def test_a_board_moves_back_by_resolution_and_history_keeps_every_move(secretariat):
    board_move_phase(
        actor=secretariat,
        board_key="spb",
        to_phase="set_up",
        resolution=resolution("Paused: back to set-up", day=dt.date(2018, 4, 1)),
    )
    assert spb().current_phase.key == "set_up"
    history = list(
        PhaseMove.objects.filter(board__key="spb").values_list("to_phase__key", "direction")
    )
    assert history == [
        ("set_up", "initial"),
        ("shadow_decision_making", "forward"),
        ("set_up", "back"),
    ]


def test_a_resolution_of_another_boards_meeting_moves_nothing(secretariat):
    with pytest.raises(RuleViolation) as refused:
        board_move_phase(
            actor=secretariat,
            board_key="spb",
            to_phase="set_up",
            resolution=resolution("LEB resolved it", board="leb"),
        )
    assert refused.value.rule_id == "GOV-RESOLUTION-OTHER-BOARD"
    criterion = GatewayCriterion.objects.filter(phase__key="decision_making").first()
    with pytest.raises(RuleViolation):
        criterion_status_set(
            actor=secretariat,
            criterion_key=f"decision_making:{criterion.key}",
            status="met",
            resolution=resolution("LEB resolved it", board="leb"),
        )
    assert spb().current_phase.key == "shadow_decision_making"
    assert GatewayCriterion.objects.get(pk=criterion.pk).status == criterion.status


@pytest.mark.parametrize("persona", ["alice", "reader", "chair"])
def test_no_role_but_the_secretariat_recording_a_resolution_moves_a_phase(persona, request):
    with pytest.raises(NotAllowed):
        board_move_phase(
            actor=request.getfixturevalue(persona),
            board_key="spb",
            to_phase="set_up",
            resolution=resolution("x"),
        )
    assert spb().current_phase.key == "shadow_decision_making"


class TestApi:
    def test_board_detail_has_seats_phases_and_history(self):
        body = Client().get("/api/boards/spb").json()
        assert body["current_phase"] == "shadow_decision_making"
        seats = [s for s in body["seats"] if s["label"] == "STP CCG lead"]
        # Seed 001 gives the seats but names no one in them: who fills them is unknown.
        assert len(seats) == 5 and all(s["state"] == "unknown" for s in seats)
        assert any(s["label"].startswith("GLA") and s["count"] == 2 for s in body["seats"])
        assert [m["to_phase"] for m in body["history"]] == ["set_up", "shadow_decision_making"]

    def test_there_is_no_door_to_move_a_phase_but_a_meetings_decision(self, chair):
        response = signed_in(chair).post(
            "/api/boards/spb/phase-moves",
            {"to_phase": "set_up", "resolution_date": "2018-03-22", "resolution": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404
        assert spb().current_phase.key == "shadow_decision_making"


CHECK = {
    "form": "delegation",
    "function": "primary_care_commissioning",
    "parties": [{"type": "ccg", "holds": "delegated"}, {"type": "ccg", "holds": None}],
    "services": [],
    "decision_making": False,
    "region": "london",
    "level": None,
    "case_for_level": None,
    "all_parties_agree": False,
}


def check(**changes):
    return Client().post("/api/legal/check", {**CHECK, **changes}, content_type="application/json")


def test_checker_api_refuses_double_delegation_with_rule_source_and_alternatives():
    body = check().json()
    assert body["allowed"] is False
    assert body["reasons"][0]["rule_id"] == "GOV-DOUBLE-DELEGATION"
    assert body["reasons"][0]["source"] == (
        "Integration: Technical pack (December 2017), Commissioning levers and financial "
        "flows chapter (pages 17\N{EN DASH}24), slide “NHS England permits local areas "
        "to commission primary care”, section “Terminology”"
    )
    assert body["warnings"] == []
    assert "internal_delegation" in body["alternatives"]


def test_checker_api_gives_a_hedged_rule_as_a_warning_not_a_refusal():
    body = check(
        function="highly_specialised_commissioning",
        parties=[{"type": "nhs_england", "holds": "original"}, {"type": "ccg", "holds": None}],
    ).json()
    assert body["allowed"] is True
    assert [w["rule_id"] for w in body["warnings"]] == ["GOV-HIGHLY-SPECIALISED-LIKELY-EXCLUDED"]
    assert "would likely exclude highly specialised services" in body["warnings"][0]["message"]
    assert body["warnings"][0]["source"].startswith("Integration: Technical pack (December 2017)")


def test_checker_api_allows_internal_delegation():
    body = check(form="internal_delegation").json()
    assert body["allowed"] is True
    assert body["reasons"][0]["rule_id"] == "GOV-INTERNAL-DELEGATION"
    assert body["alternatives"] == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"form": "telepathy"}, "form"),
        ({"function": "juggling"}, "function"),
        ({"parties": [{"type": "wizard", "holds": None}]}, "parties.0.type"),
        ({"services": ["magic"]}, "services.0"),
        ({"level": "galaxy"}, "level"),
    ],
)
def test_checker_api_names_an_unknown_key(changes, named):
    response = check(**changes)
    assert response.status_code == 422
    assert named in response.json()["message"]


@pytest.mark.parametrize("field", ["form", "parties", "decision_making", "function", "region"])
def test_checker_api_names_a_missing_field(field):
    body = {k: v for k, v in CHECK.items() if k != field}
    response = Client().post("/api/legal/check", body, content_type="application/json")
    assert response.status_code == 422
    assert field in response.json()["message"]


def test_rules_are_listed_with_their_sources():
    rules = Client().get("/api/legal/rules").json()["items"]
    assert {"GOV-DOUBLE-DELEGATION", "GOV-S75-EXCLUDED-SERVICES"} <= {r["id"] for r in rules}
    assert all(r["source"] for r in rules)


def test_functions_and_arrangements_registers():
    functions = {f["key"]: f for f in Client().get("/api/functions").json()["items"]}
    assert functions["specialised_commissioning"]["budget_amount"] == 15_600_000_000
    assert functions["highly_specialised_commissioning"]["delegable"] is False
    arrangements = {a["key"]: a for a in Client().get("/api/arrangements").json()["items"]}
    primary = arrangements["primary-care-delegated-to-ccgs"]
    assert primary["status"] == "active" and primary["to_organisation_types"] == ["ccg"]


def test_loading_governance_twice_changes_nothing():
    from devolution.core.loading import load_file
    from devolution.governance.dataset import LONDON

    events = AuditEvent.objects.count()
    assert not load_file(LONDON).changed
    assert AuditEvent.objects.count() == events


class TestSeatsAndCriteria:
    def test_secretariat_seats_people_and_the_seats_show_it(self, secretariat, alice, bob):
        from devolution.governance.models import SeatRule
        from devolution.partners.models import Organisation, Role
        from devolution.partners.services import membership_grant

        # Alice also works for the CCG (a joint appointment): she holds its seat for it.
        membership_grant(
            actor=None,
            person=alice,
            organisation=Organisation.objects.get(key="ccg-city-and-hackney"),
            role=Role.BOARD_MEMBER,
        )
        client = signed_in(secretariat)
        ccg_lead = SeatRule.objects.get(board__key="spb", label="STP CCG lead")
        url = "/api/boards/spb/members"
        ok = client.post(
            url,
            {
                "seat": ccg_lead.label,
                "person_email": alice.email,
                "organisation": "ccg-city-and-hackney",
                "place": "QMF",
            },
            content_type="application/json",
        )
        assert ok.status_code == 201
        seat = next(
            s
            for s in ok.json()["seats"]
            if s["label"] == "STP CCG lead" and s["place"] == "North East London"
        )
        assert seat["state"] == "filled"
        wrong = client.post(
            url,
            {
                "seat": ccg_lead.label,
                "person_email": bob.email,
                "organisation": "la-camden",
                "place": "QMJ",
            },
            content_type="application/json",
        )
        seat = next(
            s
            for s in wrong.json()["seats"]
            if s["label"] == "STP CCG lead" and s["place"] == "North Central London"
        )
        # A council is not a CCG: wrongly filled, so who fills the seat is still unknown.
        assert seat["state"] == "unknown"
        missing = client.post(
            url,
            {"seat": ccg_lead.label, "person_email": bob.email, "organisation": "la-camden"},
            content_type="application/json",
        )
        assert missing.status_code == 400
        assert missing.json()["problems"][0]["field"] == "place"

    def test_members_cannot_seat_people(self, alice):
        response = signed_in(alice).post(
            "/api/boards/spb/members",
            {"seat": "STP CCG lead", "person_email": alice.email, "organisation": "la-hackney"},
            content_type="application/json",
        )
        assert response.status_code == 403

    def test_secretariat_keeps_a_criterions_evidence_and_a_stale_update_is_refused(
        self, secretariat
    ):
        criterion = GatewayCriterion.objects.filter(phase__key="decision_making").first()
        client = signed_in(secretariat)
        url = f"/api/boards/spb/gateway-criteria/{criterion.phase.key}/{criterion.key}"
        ok = client.patch(
            url,
            {"version": criterion.version, "evidence": "Signed off at SPB 22 March 2018"},
            content_type="application/json",
        )
        assert ok.status_code == 200
        assert ok.json()["evidence"] == "Signed off at SPB 22 March 2018"
        stale = client.patch(
            url, {"version": criterion.version, "note": "x"}, content_type="application/json"
        )
        assert stale.status_code == 409
        assert GatewayCriterion.objects.get(pk=criterion.pk).note == criterion.note

    def test_a_status_is_never_set_by_a_role_only_by_a_resolution(self, secretariat):
        criterion = GatewayCriterion.objects.filter(phase__key="decision_making").first()
        response = signed_in(secretariat).patch(
            f"/api/boards/spb/gateway-criteria/{criterion.phase.key}/{criterion.key}",
            {"version": criterion.version, "status": "met"},
            content_type="application/json",
        )
        assert response.status_code == 409
        assert response.json()["rule_id"] == "GOV-CRITERION-BY-RESOLUTION"
        assert GatewayCriterion.objects.get(pk=criterion.pk).status == criterion.status

    def test_a_chair_elsewhere_cannot_touch_the_spbs_criteria_and_its_own_chair_can(self, chair):
        criterion = GatewayCriterion.objects.filter(phase__model__key="spb").first()
        url = f"/api/boards/spb/gateway-criteria/{criterion.phase.key}/{criterion.key}"
        body = {"version": criterion.version, "owner": "Chris Chair"}
        # A chair at NHS England, seated on the London Estates Board, not on the SPB.
        BoardMember.objects.create(
            board=Board.objects.get(key="leb"),
            person=chair,
            organisation=chair.memberships.get().organisation,
            office="chair",
        )
        refused = signed_in(chair).patch(url, body, content_type="application/json")
        assert refused.status_code == 403
        assert GatewayCriterion.objects.get(pk=criterion.pk).owner == criterion.owner
        BoardMember.objects.create(
            board=spb(),
            person=chair,
            organisation=chair.memberships.get().organisation,
            office="co_chair",
        )
        allowed = signed_in(chair).patch(url, body, content_type="application/json")
        assert allowed.status_code == 200 and allowed.json()["owner"] == "Chris Chair"


def test_a_board_page_leads_to_the_meetings_where_it_resolves_its_business():
    page = Client().get("/boards/spb/").content.decode()
    # Its meetings are listed on its page, each leading to the meeting's record.
    assert 'href="/public/meetings/spb-2018-03-22/"' in page
    listed = Client().get("/meetings/?board=spb").content.decode()
    assert "22 March 2018" in listed  # the SPB's meeting of seed 004
    assert "19 April 2018" not in listed  # the London Health Board's
    assert "/meetings/?board=" not in Client().get("/boards/pdg/").content.decode()


def test_a_board_with_a_work_programme_links_to_it_and_others_do_not():
    assert "/boards/spb/work-programme/" in Client().get("/boards/spb/").content.decode()
    assert "work-programme" not in Client().get("/boards/leb/").content.decode()


def test_a_seat_is_named_by_its_label_and_an_unknown_one_is_refused_naming_it(secretariat):
    response = signed_in(secretariat).post(
        "/api/boards/spb/members",
        {"seat": "No such seat", "person_email": secretariat.email, "organisation": "la-hackney"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "seat" in [p["field"] for p in response.json()["problems"]]
    assert not BoardMember.objects.filter(person=secretariat).exists()
