"""Boards, phases and the checker through services and the API, on the London data."""

import datetime as dt

import pytest
from django.test import Client

from devolution.core.errors import NotAllowed, RuleViolation
from devolution.core.models import AuditEvent
from devolution.governance.models import Board, GatewayCriterion, PhaseMove
from devolution.governance.services import board_move_phase, criterion_update
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


def test_moving_the_spb_to_decision_making_is_refused_naming_the_unmet_criteria(secretariat):
    events = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as refused:
        board_move_phase(
            actor=secretariat,
            board_key="spb",
            to_phase="decision_making",
            resolution_date=dt.date(2018, 3, 22),
            resolution="SPB 22 March 2018",
        )
    assert refused.value.rule_id == "GOV-GATEWAY-UNMET"
    assert "6 of the 6 gateway criteria are not met" in refused.value.message
    assert "Investment Framework" in refused.value.message
    assert spb().current_phase.key == "shadow_decision_making"
    assert AuditEvent.objects.count() == events


def test_when_every_criterion_is_met_the_move_is_recorded_with_its_resolution(secretariat):
    for c in GatewayCriterion.objects.filter(phase__model__key="spb", phase__key="decision_making"):
        criterion_update(
            actor=secretariat,
            criterion_id=c.pk,
            version=c.version,
            data={"status": "met", "evidence": "Agreed at SPB"},
        )
    move = board_move_phase(
        actor=secretariat,
        board_key="spb",
        to_phase="decision_making",
        resolution_date=dt.date(2018, 5, 24),
        resolution="SPB minute 4/2018: move to decision-making",
    )
    assert spb().current_phase.key == "decision_making"
    assert move.direction == "forward" and move.from_phase.key == "shadow_decision_making"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "move_phase" and event.actor == secretariat
    assert event.after["resolution"] == "SPB minute 4/2018: move to decision-making"


def test_a_chair_moves_a_board_back_by_resolution_and_history_keeps_every_move(chair):
    board_move_phase(
        actor=chair,
        board_key="spb",
        to_phase="set_up",
        resolution_date=dt.date(2018, 4, 1),
        resolution="Paused: back to set-up",
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


@pytest.mark.parametrize("persona", ["alice", "reader"])
def test_only_secretariat_or_chair_may_move_phases(persona, request):
    with pytest.raises(NotAllowed, match="secretariat officer or a chair"):
        board_move_phase(
            actor=request.getfixturevalue(persona),
            board_key="spb",
            to_phase="set_up",
            resolution_date=dt.date(2018, 4, 1),
            resolution="x",
        )
    assert spb().current_phase.key == "shadow_decision_making"


class TestApi:
    URL = "/api/boards/spb/phase-moves"
    BODY = {
        "to_phase": "decision_making",
        "resolution_date": "2018-03-22",
        "resolution": "SPB 22 March 2018, item 5",
    }

    def test_board_detail_has_seats_phases_and_history(self):
        body = Client().get("/api/boards/spb").json()
        assert body["current_phase"] == "shadow_decision_making"
        seats = [s for s in body["seats"] if s["label"] == "STP CCG lead"]
        assert len(seats) == 5 and all(s["state"] == "vacant" for s in seats)
        assert any(s["label"].startswith("GLA") and s["count"] == 2 for s in body["seats"])
        assert [m["to_phase"] for m in body["history"]] == ["set_up", "shadow_decision_making"]

    def test_move_refused_with_409_naming_criteria(self, secretariat):
        response = signed_in(secretariat).post(self.URL, self.BODY, content_type="application/json")
        assert response.status_code == 409
        assert response.json()["rule_id"] == "GOV-GATEWAY-UNMET"
        assert "not met" in response.json()["message"]

    def test_public_and_members_cannot_move(self, alice):
        assert (
            Client().post(self.URL, self.BODY, content_type="application/json").status_code == 401
        )
        response = signed_in(alice).post(
            self.URL, {**self.BODY, "to_phase": "set_up"}, content_type="application/json"
        )
        assert response.status_code == 403

    def test_chair_moves_back_through_the_api(self, chair):
        response = signed_in(chair).post(
            self.URL, {**self.BODY, "to_phase": "set_up"}, content_type="application/json"
        )
        assert response.status_code == 201
        assert response.json()["current_phase"] == "set_up"

    def test_bad_input_names_the_field(self, chair):
        client = signed_in(chair)
        missing = client.post(self.URL, {"to_phase": "set_up"}, content_type="application/json")
        assert missing.status_code == 422 and "resolution_date" in missing.json()["message"]
        unknown = client.post(
            self.URL, {**self.BODY, "to_phase": "flying"}, content_type="application/json"
        )
        assert unknown.status_code == 400 and "flying" in unknown.json()["message"]


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
    assert body["reasons"][0]["source"] == "seed 001, Terminology: 'Double-delegation'"
    assert "internal_delegation" in body["alternatives"]


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
    rules = Client().get("/api/legal/rules").json()
    assert {"GOV-DOUBLE-DELEGATION", "GOV-S75-EXCLUDED-SERVICES"} <= {r["id"] for r in rules}
    assert all(r["source"] for r in rules)


def test_functions_and_arrangements_registers():
    functions = {f["key"]: f for f in Client().get("/api/functions").json()}
    assert functions["specialised_commissioning"]["budget_amount"] == 15_600_000_000
    assert functions["highly_specialised_commissioning"]["delegable"] is False
    arrangements = {a["key"]: a for a in Client().get("/api/arrangements").json()}
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

        client = signed_in(secretariat)
        ccg_lead = SeatRule.objects.get(board__key="spb", label="STP CCG lead")
        url = "/api/boards/spb/members"
        ok = client.post(
            url,
            {
                "seat_rule_id": ccg_lead.pk,
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
                "seat_rule_id": ccg_lead.pk,
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
        assert seat["state"] == "vacant"  # a council is not a CCG: wrongly filled, still vacant
        missing = client.post(
            url,
            {"seat_rule_id": ccg_lead.pk, "person_email": bob.email, "organisation": "la-camden"},
            content_type="application/json",
        )
        assert missing.status_code == 400
        assert missing.json()["problems"][0]["field"] == "place"

    def test_members_cannot_seat_people(self, alice):
        response = signed_in(alice).post(
            "/api/boards/spb/members",
            {"seat_rule_id": 1, "person_email": alice.email, "organisation": "la-hackney"},
            content_type="application/json",
        )
        assert response.status_code == 403

    def test_secretariat_updates_a_criterion_and_a_stale_update_is_refused(self, secretariat):
        criterion = GatewayCriterion.objects.filter(phase__key="decision_making").first()
        client = signed_in(secretariat)
        url = f"/api/gateway-criteria/{criterion.pk}"
        ok = client.patch(
            url,
            {
                "version": criterion.version,
                "status": "met",
                "evidence": "Signed off at SPB 22 March 2018",
            },
            content_type="application/json",
        )
        assert ok.status_code == 200 and ok.json()["status"] == "met"
        stale = client.patch(
            url,
            {"version": criterion.version, "status": "ongoing"},
            content_type="application/json",
        )
        assert stale.status_code == 409
        assert GatewayCriterion.objects.get(pk=criterion.pk).status == "met"


def test_a_board_with_a_work_programme_links_to_it_and_others_do_not():
    assert "/boards/spb/work-programme/" in Client().get("/boards/spb/").content.decode()
    assert "work-programme" not in Client().get("/boards/leb/").content.decode()
