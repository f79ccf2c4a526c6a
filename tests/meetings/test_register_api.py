"""The register of interests and a meeting's declarations through the API, with the pages'
rules and access: 401 for the anonymous, 403 for what is not theirs, 400 or 422 naming
the field for bad input, and nothing saved when refused."""

import datetime as dt

import pytest
from django.test import Client

from devolution.core.models import AuditEvent
from devolution.governance.models import Board
from devolution.meetings.interests.services import interest_declare
from devolution.meetings.models import AgendaItem, Attendance, Declaration, Interest, Meeting
from devolution.partners.models import Organisation
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

KEY = "spb-2018-05-24-register-api"
JSON = "application/json"


def _entry(person, **kwargs) -> Interest:
    return interest_declare(
        actor=person,
        person=person,
        kind=kwargs.pop("kind", "employment"),
        organisation_key=kwargs.pop("organisation_key", "la-hackney"),
        **kwargs,
    )


def _post(client: Client, url: str, body: dict):
    return client.post(url, body, content_type=JSON)


def _problem_fields(response) -> set[str]:
    return {p["field"] for p in response.json()["problems"]}


@pytest.fixture
def meeting(alice):
    meeting = Meeting.objects.create(
        key=KEY, board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24), status="held"
    )
    Attendance.objects.create(
        meeting=meeting,
        person=alice,
        kind="present",
        organisation=Organisation.objects.get(key="la-hackney"),
    )
    AgendaItem.objects.create(meeting=meeting, order=1, key="nel-bid", title="A NEL bid")
    return meeting


def test_the_anonymous_are_refused_with_401_and_nothing_changes(meeting, alice):
    interest = _entry(alice)
    anonymous = Client()
    calls = [
        anonymous.get("/api/interests"),
        _post(anonymous, "/api/interests", {"kind": "employment", "organisation": "la-camden"}),
        _post(
            anonymous, f"/api/interests/{alice.email}/{interest.number}/end", {"end": "2018-01-01"}
        ),
        anonymous.get(f"/api/meetings/{KEY}/declarations"),
        _post(anonymous, f"/api/meetings/{KEY}/declarations", {"person": alice.email, "text": "x"}),
    ]
    assert [r.status_code for r in calls] == [401] * 5
    assert all("Sign in first" in r.json()["message"] for r in calls)
    assert Interest.objects.count() == 1
    assert Interest.objects.get().end is None
    assert not Declaration.objects.exists()


def test_a_member_declares_lists_and_ends_their_own_interest(alice, bob):
    _entry(bob, organisation_key="la-camden", description="bob's")
    client = signed_in(alice)
    created = _post(
        client,
        "/api/interests",
        {
            "kind": "directorship",
            "organisation": "la-camden",
            "description": "Non-executive director",
            "start": "2017-04-01",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body == {
        "number": 1,
        "person": "alice@hackney.example",
        "person_name": "Alice Adams",
        "kind": "directorship",
        "organisation": "la-camden",
        "partnership": None,
        "description": "Non-executive director",
        "start": "2017-04-01",
        "end": None,
        "version": 1,
    }
    assert Interest.objects.get(person=alice, number=1).description == "Non-executive director"

    listed = client.get("/api/interests").json()
    assert listed["count"] == 1
    assert [i["description"] for i in listed["items"]] == ["Non-executive director"]

    ended = _post(
        client, f"/api/interests/{alice.email}/1/end", {"end": "2018-03-31", "version": 1}
    )
    assert ended.status_code == 200, ended.content
    assert (ended.json()["end"], ended.json()["version"]) == ("2018-03-31", 2)
    assert Interest.objects.get(person=alice, number=1).end == dt.date(2018, 3, 31)
    assert Interest.objects.get(person=bob).end is None


def test_a_member_sees_and_keeps_only_their_own_entries(alice, bob):
    interest = _entry(alice)
    events = AuditEvent.objects.count()
    client = signed_in(bob)
    assert client.get(f"/api/interests?person={alice.email}").status_code == 403
    assert client.get("/api/interests").json() == {"items": [], "count": 0}

    ended = _post(
        client, f"/api/interests/{alice.email}/{interest.number}/end", {"end": "2018-01-01"}
    )
    assert ended.status_code == 403
    assert "Members update their own interests" in ended.json()["message"]
    # refused before the address is looked up: an address no one has is refused the same
    nobody = _post(client, "/api/interests/nobody@example.invalid/1/end", {"end": "2018-01-01"})
    assert (nobody.status_code, nobody.json()["message"]) == (403, ended.json()["message"])
    declared = _post(
        client,
        "/api/interests",
        {"kind": "employment", "organisation": "la-camden", "person": alice.email},
    )
    assert declared.status_code == 403
    interest.refresh_from_db()
    assert (interest.end, interest.version) == (None, 1)
    assert Interest.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_the_secretariat_keeps_and_reads_everyones_entries(alice, bob, secretariat):
    _entry(bob, organisation_key="la-camden")
    client = signed_in(secretariat)
    created = _post(
        client,
        "/api/interests",
        {"kind": "family", "partnership": "stp-nel", "person": "ALICE@hackney.example"},
    )
    assert created.status_code == 201, created.content
    assert (created.json()["person"], created.json()["partnership"]) == (
        "alice@hackney.example",
        "stp-nel",
    )
    everyone = client.get("/api/interests").json()
    assert sorted(i["person"] for i in everyone["items"]) == [alice.email, bob.email]
    alices = client.get(f"/api/interests?person={alice.email}").json()
    assert [i["kind"] for i in alices["items"]] == ["family"]
    camden = client.get("/api/interests?organisation=la-camden").json()
    assert [i["person"] for i in camden["items"]] == [bob.email]
    page = client.get("/api/interests?limit=1&offset=1").json()
    assert page["count"] == 2 and len(page["items"]) == 1

    alice_entry = f"/api/interests/{alice.email}/{created.json()['number']}"
    ended = _post(client, f"{alice_entry}/end", {"end": "2018-01-01"})
    assert ended.status_code == 200
    assert ended.json()["end"] == "2018-01-01"


@pytest.mark.parametrize(
    ("body", "status", "field", "message"),
    [
        ({"kind": "employment"}, 400, "organisation", "name one organisation or one partnership"),
        (
            {"kind": "employment", "organisation": "la-camden", "partnership": "stp-nel"},
            400,
            "organisation",
            "name one organisation or one partnership",
        ),
        (
            {
                "kind": "employment",
                "organisation": "la-camden",
                "start": "2018-01-02",
                "end": "2018-01-01",
            },
            400,
            "end",
            "the end date is before the start date",
        ),
        ({"kind": "employment", "organisation": "nowhere"}, 400, "organisation", "'nowhere'"),
        ({"kind": "hobby", "organisation": "la-camden"}, 400, "kind", "choose one of"),
        (
            {"kind": "employment", "organisation": "la-camden", "start": "2018-02-30"},
            422,
            "start",
            "date",
        ),
    ],
    ids=["no-organisation", "both", "end-before-start", "unknown", "kind", "date"],
)
def test_bad_input_names_the_field_and_saves_nothing(alice, body, status, field, message):
    response = _post(signed_in(alice), "/api/interests", body)
    assert response.status_code == status, response.content
    problems = response.json()["problems"]
    assert any(p["field"] == field and message in p["message"] for p in problems), problems
    assert not Interest.objects.exists()


def test_ending_with_a_stale_version_or_before_the_start_is_refused(alice, secretariat):
    interest = _entry(alice, start=dt.date(2017, 4, 1))
    entry = f"/api/interests/{alice.email}/{interest.number}/end"
    _post(signed_in(secretariat), entry, {"end": "2018-01-01"})
    client = signed_in(alice)
    stale = _post(client, entry, {"end": "2018-02-01", "version": 1})
    assert stale.status_code == 409
    assert "Someone else changed this entry" in stale.json()["message"]
    early = _post(client, entry, {"end": "2016-01-01"})
    assert early.status_code == 400
    assert _problem_fields(early) == {"end"}
    missing = _post(client, f"/api/interests/{alice.email}/2/end", {"end": "2018-01-01"})
    assert missing.status_code == 404
    assert Interest.objects.get(pk=interest.pk).end == dt.date(2018, 1, 1)


def test_declarations_recorded_by_the_secretariat_are_listed_for_staff(
    meeting, alice, bob, secretariat
):
    interest = _entry(alice, kind="directorship", organisation_key="ccg-city-and-hackney")
    recorded = _post(
        signed_in(secretariat),
        f"/api/meetings/{KEY}/declarations",
        {
            "person": alice.email,
            "item": "nel-bid",
            "interest": interest.number,
            "text": "A director of the bidding CCG",
        },
    )
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert "id" not in body
    assert {k: v for k, v in body.items() if k != "recorded_at"} == {
        "meeting": KEY,
        "person": "alice@hackney.example",
        "person_name": "Alice Adams",
        "item": "nel-bid",
        "item_title": "A NEL bid",
        "interest": 1,
        "text": "A director of the bidding CCG",
    }
    declaration = Declaration.objects.get(meeting__key=KEY, text="A director of the bidding CCG")
    assert (declaration.item.key, declaration.interest) == ("nel-bid", interest)

    listed = signed_in(bob).get(f"/api/meetings/{KEY}/declarations")
    assert listed.status_code == 200
    assert [(d["person"], d["item"], d["text"]) for d in listed.json()["items"]] == [
        (alice.email, "nel-bid", "A director of the bidding CCG")
    ]
    whole = _post(
        signed_in(secretariat),
        f"/api/meetings/{KEY}/declarations",
        {"person": alice.email, "text": "A governor"},
    )
    assert whole.status_code == 201
    assert (whole.json()["item"], whole.json()["interest"]) == (None, None)


def test_only_the_secretariat_records_declarations(meeting, alice, bob):
    for person in (alice, bob):
        response = _post(
            signed_in(person),
            f"/api/meetings/{KEY}/declarations",
            {"person": alice.email, "text": "mine"},
        )
        assert response.status_code == 403
        assert "Only the secretariat records" in response.json()["message"]
    assert not Declaration.objects.exists()


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"person": "alice@hackney.example", "text": "x", "item": "nowhere"}, 400, "item"),
        ({"person": "nobody@nowhere.example", "text": "x"}, 400, "person"),
        ({"person": "alice@hackney.example", "text": "x", "interest": "BOBS"}, 400, "interest"),
        ({"person": "alice@hackney.example", "text": ""}, 422, "text"),
        ({"text": "x"}, 422, "person"),
    ],
    ids=["item", "person", "someone-elses-entry", "no-text", "no-person"],
)
def test_bad_declarations_name_the_field_and_save_nothing(
    meeting, bob, secretariat, body, status, field
):
    if body.get("interest") == "BOBS":
        body = {**body, "interest": _entry(bob, organisation_key="la-camden").pk}
    response = _post(signed_in(secretariat), f"/api/meetings/{KEY}/declarations", body)
    assert response.status_code == status, response.content
    assert field in _problem_fields(response)
    assert not Declaration.objects.exists()


def test_declarations_of_no_such_meeting_are_not_found(secretariat):
    client = signed_in(secretariat)
    assert client.get("/api/meetings/nowhere/declarations").status_code == 404
    refused = _post(
        client, "/api/meetings/nowhere/declarations", {"person": "x@x.example", "text": "x"}
    )
    assert refused.status_code == 404
    assert not Declaration.objects.exists()
