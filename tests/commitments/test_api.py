"""The commitments API's contract: lists with filters and flags, one commitment with its
dependencies, milestones and updates, posting an update (owners only, CSRF enforced), and
a board's work programme."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from devolution.commitments.models import Commitment, Milestone, ProgressUpdate, StatusChange
from devolution.partners.models import Organisation
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

APRIL_2018 = dt.datetime(2018, 4, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
HACKNEY_COMMITMENT = "S000-T09"
UPDATE = {
    "progress_to_date": "Childhood obesity plan drafted with boroughs",
    "next_steps": "Agree the plan in May",
    "challenges": "Capacity",
}


@pytest.fixture
def april_2018():
    with time_machine.travel(APRIL_2018, tick=False):
        yield


@pytest.fixture
def hackney_commitment():
    commitment = Commitment.objects.get(reference=HACKNEY_COMMITMENT)
    commitment.lead_owner = Organisation.objects.get(key="la-hackney")
    commitment.save()
    return commitment


def post(client: Client, body: dict, reference: str = HACKNEY_COMMITMENT):
    return client.post(
        f"/api/commitments/{reference}/updates", body, content_type="application/json"
    )


# ------------------------------------------------------------------------------- lists


def test_list_is_paginated_with_each_commitments_flags(april_2018):
    body = Client().get("/api/commitments?limit=100").json()
    assert body["count"] == 46
    rows = {c["reference"]: c for c in body["items"]}
    assert len(rows) == 46
    t01 = rows["S000-T01"]
    assert t01["theme"] == "collaboration"
    assert t01["board"] == "leb"
    assert t01["status"] == "ongoing"
    assert t01["flags"]["blocked_by"] == [
        "LEB reaching Phase 2 (strategic functions)",
        "LEB reaching Phase 3 (forum for NHS capital investment decision-making)",
    ]
    assert len(t01["flags"]["overdue_milestones"]) == 4
    # The London data describes 22 March 2018: the list is as at that day by default.
    assert t01["flags"]["stale"] == "last updated 302 days ago; the board meets bi-monthly"
    assert rows["S000-T04"]["flags"]["blocked_by"] == ["SPB reaching Decision-making"]
    assert rows["S000-T04"]["lead_owner"] == "nhs-england"
    assert set(rows["S000-T05"]["supporting"]) == {"department-of-health", "nhs-england"}
    assert rows["S000-T06"]["flags"]["blocked_by"] == []

    page = Client().get("/api/commitments?limit=10&offset=40").json()
    assert page["count"] == 46
    assert len(page["items"]) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=utilisation", {"S000-T03"}),
        ("owner=department-of-health", {"S000-T05", "S001-WF-4"}),
        ("board=lwb&status=ongoing", {"S000-T08", "S001-WF-1"}),
    ],
)
def test_list_filters_by_key(query, expected):
    body = Client().get(f"/api/commitments?{query}").json()
    assert {c["reference"] for c in body["items"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("theme=weather", "theme", "'weather' is not the key of any theme"),
        ("owner=la-atlantis", "owner", "'la-atlantis' is not the key of any organisation"),
        ("board=no-board", "board", "'no-board' is not the key of any board"),
        (
            "status=done",
            "status",
            "Input should be 'not_started', 'ongoing', 'complete' or 'blocked'",
        ),
    ],
)
def test_an_unknown_filter_value_is_a_422_naming_it(query, field, message):
    response = Client().get(f"/api/commitments?{query}")
    assert response.status_code == 422
    body = response.json()
    assert [(p["field"], p["message"]) for p in body["problems"]] == [(field, message)]
    assert body["message"] == f"{field}: {message}"


# ------------------------------------------------------------------------ one commitment


def test_one_commitment_has_dependencies_with_met_milestones_updates_and_flags(april_2018):
    body = Client().get("/api/commitments/S000-T01").json()
    assert [(d["waits_on"], d["met"]) for d in body["dependencies"]] == [
        ("LEB reaching Phase 2 (strategic functions)", False),
        ("LEB reaching Phase 3 (forum for NHS capital investment decision-making)", False),
        ("London Health and Care Devolution MoU signed (event)", True),
    ]
    assert body["dependencies"][0]["board"] == "leb"
    assert body["dependencies"][0]["phase"] == "phase_2"
    assert body["dependencies"][2]["event"] == "mou_signed"
    state = {m["title"]: (m["complete"], m["overdue"]) for m in body["milestones"]}
    # Seed 000 calls these two done: complete, never overdue, with or without a date.
    assert state["London Estates Board established in an advisory form (phase 1)"] == (
        True,
        False,
    )
    assert state["London Estates Delivery Unit (LEDU) Steering Group established"] == (
        True,
        False,
    )
    assert state["London partners are finalising set up of the LEDU"] == (False, True)
    assert state["LEB progression to shadow decision-making phase"] == (False, False)
    [established] = [m for m in body["milestones"] if m["title"].startswith("London Estates B")]
    assert (established["completed_on"], established["completed_precision"]) == (
        "2016-12-01",
        "month",
    )
    [later] = [m for m in body["milestones"] if m["due"] == "2018-09-01"]
    assert later["date_precision"] == "month"
    [update] = body["updates"]
    assert update["date"] == "2017-05-24"
    assert update["source"] == "seed-000"
    assert update["author"] is None
    assert update["progress_to_date"].startswith("A London Estates Board (LEB) was established")
    assert update["challenges"].startswith("As agreed with national partners")
    assert body["flags"]["blocked_by"][0] == "LEB reaching Phase 2 (strategic functions)"
    assert body["work_items"] == [
        {
            "reference": "S004-AA-2018-09-EST-1",
            "title": "LEB progression to shadow decision-making phase",
            "board": "spb",
            "meeting": "2018-09",
            "area": "Estates",
            "status": "planned",
        }
    ]
    assert body["source"] == "seed-000"
    assert body["status_history"] == []


def test_an_unknown_commitment_is_a_404_with_a_message():
    response = Client().get("/api/commitments/NO-SUCH")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found: nothing at /api/commitments/NO-SUCH"}


# ------------------------------------------------------------------------------ posting


def test_an_owner_posts_an_update_and_gets_it_back(april_2018, alice, hackney_commitment):
    rating = {"status": "complete", "rag": "green", "version": hackney_commitment.version}
    response = post(signed_in(alice), {**UPDATE, **rating})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["date"] == "2018-04-01"
    assert body["author"] == "Alice Adams"
    assert body["author_organisation"] == "la-hackney"
    assert body["progress_to_date"] == UPDATE["progress_to_date"]
    hackney_commitment.refresh_from_db()
    assert (hackney_commitment.status, hackney_commitment.rag) == ("complete", "green")
    assert StatusChange.objects.filter(commitment=hackney_commitment).count() == 1

    detail = Client().get(f"/api/commitments/{HACKNEY_COMMITMENT}?as_at=2018-04-01").json()
    assert [u["date"] for u in detail["updates"]] == ["2018-04-01", "2017-05-24"]
    assert detail["updates"][1]["progress_to_date"].startswith("Some initial work is ongoing")
    assert detail["flags"]["stale"] is None
    assert detail["last_updated"] == "2018-04-01"
    assert (detail["status"], detail["rag"]) == ("complete", "green")
    assert detail["status_history"][0]["status"] == "complete"
    # As at the day the London data describes, before the update: the seed's status
    # and rating, and its update of 24 May 2017 stale.
    then = Client().get(f"/api/commitments/{HACKNEY_COMMITMENT}").json()
    assert (then["status"], then["rag"]) == ("ongoing", "")
    assert then["last_updated"] == "2017-05-24"
    assert then["flags"]["stale"] == "last updated 302 days ago; the board meets bi-monthly"


def test_a_member_of_another_organisation_gets_403_and_nothing_is_stored(
    bob, reader, hackney_commitment
):
    before = ProgressUpdate.objects.count()
    for person in (bob, reader):
        response = post(signed_in(person), UPDATE)
        assert response.status_code == 403
        assert (
            "Only people of the organisations that own this commitment"
            in (response.json()["message"])
        )
    assert ProgressUpdate.objects.count() == before


def test_posting_without_signing_in_is_a_401(hackney_commitment):
    before = ProgressUpdate.objects.count()
    response = post(Client(), UPDATE)
    assert response.status_code == 401
    assert response.json()["message"].startswith("Sign in first")
    assert ProgressUpdate.objects.count() == before


def test_posting_without_the_csrf_token_is_refused(alice, hackney_commitment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = ProgressUpdate.objects.count()
    response = post(client, UPDATE)
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    assert ProgressUpdate.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field", "status"),
    [
        ({"progress_to_date": "  "}, "progress_to_date", 400),
        ({"status": "finished"}, "status", 422),
        ({"rag": "purple"}, "rag", 422),
        ({"date": "2018-04-02"}, "date", 400),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(
    april_2018, alice, hackney_commitment, change, field, status
):
    """A value outside a field's declared values is a 422, as the schema says; a value of
    the right shape that breaks a rule of the data, a 400."""
    before = ProgressUpdate.objects.count()
    response = post(signed_in(alice), {**UPDATE, **change})
    assert response.status_code == status
    assert [p["field"] for p in response.json()["problems"]] == [field]
    assert ProgressUpdate.objects.count() == before


def test_posting_to_an_unknown_commitment_is_a_404(alice):
    assert post(signed_in(alice), UPDATE, reference="NO-SUCH").status_code == 404


# ----------------------------------------------------------------------- work programme


def test_work_programme_has_seed_004_annex_a_meetings_areas_and_items(april_2018):
    body = Client().get("/api/boards/spb/work-programme?as_at=2018-04-01").json()
    assert body["board"] == "spb"
    assert body["presented_to"] == "lhb"
    assert body["presented_on"] == "2018-04-19"
    assert body["areas"] == [
        "Integration",
        "Prevention",
        "Estates",
        "Workforce",
        "Digital",
        "Wider areas",
    ]
    assert [m["label"] for m in body["meetings"]] == ["Mar", "May", "July", "Sept", "Nov"]
    assert body["meetings"][0]["date"] == "2018-03-22"
    items = {i["reference"]: i for i in body["items"]}
    assert len(items) == 22
    estates = items["S004-AA-2018-03-EST-1"]
    assert (estates["title"], estates["area"], estates["meeting"]) == (
        "Draft London Estates Strategy",
        "Estates",
        "2018-03",
    )
    assert estates["commitment"] == "S002-EST-5"
    move = items["S004-AA-2018-03-WIDER-3"]
    assert (move["title"], move["board_link"], move["kind"]) == (
        "SPB progression to decision-making phase",
        "spb",
        "gateway_move",
    )
    assert items["S004-AA-2018-03-WIDER-1"]["gateway_criterion"] == "investment_framework_agreed"
    assert {r for r, i in items.items() if i["missed"]} == {
        r for r in items if r.startswith("S004-AA-2018-03-")
    }


def test_a_board_without_a_work_programme_is_a_404():
    response = Client().get("/api/boards/leb/work-programme")
    assert response.status_code == 404
    assert "message" in response.json()


# ------------------------------------------------------- milestones and the work programme


def test_an_owner_completes_a_milestone_once_from_the_version_seen(
    april_2018, alice, bob, hackney_commitment
):
    had = hackney_commitment.milestones.count()
    first = Milestone.objects.create(
        commitment=hackney_commitment, title="Draft plan", due=dt.date(2018, 2, 1)
    )
    milestone = Milestone.objects.create(
        commitment=hackney_commitment, title="Plan agreed", due=dt.date(2018, 3, 1)
    )
    # A milestone is addressed by its number within its commitment, in the order added.
    assert (first.number, milestone.number) == (had + 1, had + 2)
    reference = hackney_commitment.reference
    url = f"/api/commitments/{reference}/milestones/{had + 2}/complete"

    def complete(client, body):
        return client.post(url, body, content_type="application/json")

    refused = complete(signed_in(bob), {"version": 1})
    assert refused.status_code == 403
    assert refused.json()["message"].startswith("Only people of the organisations that own")
    future = complete(signed_in(alice), {"version": 1, "completed_on": "2018-05-01"})
    assert future.status_code == 400
    assert [p["field"] for p in future.json()["problems"]] == ["completed_on"]
    done = complete(signed_in(alice), {"version": 1})
    assert done.status_code == 200
    assert (done.json()["completed_on"], done.json()["version"]) == ("2018-04-01", 2)
    assert (done.json()["number"], done.json()["title"]) == (had + 2, "Plan agreed")
    assert complete(signed_in(alice), {"version": 1}).status_code == 409
    first.refresh_from_db()
    assert (first.completed_on, first.version) == (None, 1)
    listed = Client().get(f"/api/commitments/{reference}").json()["milestones"]
    assert {(m["number"], m["title"]) for m in listed} >= {
        (had + 1, "Draft plan"),
        (had + 2, "Plan agreed"),
    }
    assert sorted(m["number"] for m in listed) == list(range(1, had + 3))
    none = signed_in(alice).post(
        f"/api/commitments/{reference}/milestones/{had + 3}/complete",
        {"version": 1},
        content_type="application/json",
    )
    assert none.status_code == 404


def test_the_secretariat_carries_a_missed_item_forward_over_the_api(secretariat, alice):
    url = "/api/work-items/S004-AA-2018-03-EST-1/settle"
    body = {"version": 1, "outcome": "carry_forward"}
    assert signed_in(alice).post(url, body, content_type="application/json").status_code == 403
    response = signed_in(secretariat).post(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {
        "reference": "S004-AA-2018-03-EST-1",
        "status": "carried_forward",
        "carried_to": "S004-AA-2018-03-EST-1-CF1",
    }
    again = signed_in(secretariat).post(url, body, content_type="application/json")
    assert again.status_code == 409
