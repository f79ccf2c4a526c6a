"""Scheduling a meeting, keeping its agenda and moving it on, through the pages and the
API, and issue 5's scenario done by hand as the secretariat and the chair would do it:
schedule the SPB meeting, add the North East London bid, record who is present, check
for conflicts, rule, decide. Then the agenda pack as a page."""

import datetime as dt

import pytest

from devolution.core.models import AuditEvent
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, ConflictFlag, Decision, ItemParty, Meeting
from devolution.meetings.services import item_flags_refresh
from tests.bids import bid_on_item
from tests.conftest import signed_in
from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db

NEL_BID = {
    "title": "Transformation funding for a North East London bid",
    "purpose": "decide",
    "public": "public",
    "presenter": "Head of the London Health and Care Devolution Programme",
    "recommendation": "To recommend the allocation to NHS England.",
    "function": "transformation_funding",
    "applicants": ["organisation:ccg-city-and-hackney"],
    "places": ["QMF"],  # North East London STP
}


def schedule(client, **fields) -> object:
    data = {
        "board": "spb",
        "date_day": "24",
        "date_month": "5",
        "date_year": "2018",
        "starts_at": "14:00",
        "ends_at": "16:00",
        "place": "City Hall",
        "quorum": "2",
        **fields,
    }
    return client.post("/meetings/new/", data)


# ------------------------------------------------------------------------ scheduling


def test_the_secretariat_schedules_a_meeting(secretariat):
    client = signed_in(secretariat)
    assert "Schedule a meeting" in text(client.get("/meetings/new/"))
    response = schedule(client)
    assert response.status_code == 302
    meeting = Meeting.objects.get(key="spb-2018-05-24")
    assert response["Location"] == f"/meetings/{meeting.key}/"
    assert (meeting.place, meeting.quorum, meeting.status) == ("City Hall", 2, "scheduled")
    assert AuditEvent.objects.filter(action="schedule", object_id=str(meeting.pk)).exists()


def test_scheduling_refuses_bad_input_beside_each_field(secretariat):
    client = signed_in(secretariat)
    before = Meeting.objects.count()
    response = schedule(client, board="", date_month="13", quorum="0")
    assert response.status_code == 400
    page = text(response)
    assert "Choose the board that meets" in page
    assert "A quorum is at least 1" in page
    assert "date of the meeting" in page.lower()
    assert Meeting.objects.count() == before


def test_a_board_meets_once_a_day(secretariat):
    client = signed_in(secretariat)
    assert schedule(client).status_code == 302
    response = schedule(client)
    assert response.status_code == 400
    assert "The board already has a meeting on that day" in text(response)
    assert Meeting.objects.filter(key="spb-2018-05-24").count() == 1


def test_only_the_secretariat_schedules(alice):
    client = signed_in(alice)
    assert client.get("/meetings/new/").status_code == 403
    assert schedule(client).status_code == 403
    assert not Meeting.objects.filter(key="spb-2018-05-24").exists()


# ------------------------------------------------------------------ issue 5 by hand


def test_issue_5_by_hand_through_the_pages(alice, bob, chair, secretariat):
    staff = signed_in(secretariat)
    assert schedule(staff).status_code == 302
    key = "spb-2018-05-24"
    assert staff.post(f"/meetings/{key}/items/new/", NEL_BID).status_code == 302
    item = AgendaItem.objects.get(meeting__key=key, standard="")
    bid_on_item(item)  # the bid the item brings, whose allocation the decision writes
    assert item.function.key == "transformation_funding"
    assert [p.code for p in item.places.all()] == ["QMF"]
    party = ItemParty.objects.get(item=item)
    assert (party.role, party.organisation.key) == ("applicant", "ccg-city-and-hackney")

    for email, organisation, is_chair in [
        (alice.email, "la-hackney", False),
        (bob.email, "la-camden", False),
        (chair.email, "nhs-england-london", True),
    ]:
        response = staff.post(
            f"/api/meetings/{key}/attendance",
            {
                "person_email": email,
                "organisation": organisation,
                "kind": "present",
                "is_chair": is_chair,
            },
            content_type="application/json",
        )
        assert response.status_code == 201
    # Recording attendance does not check the items by itself: the secretariat asks.
    assert staff.post(f"/meetings/{key}/items/{item.pk}/conflicts/").status_code == 302
    flag = ConflictFlag.objects.get(item=item)
    assert flag.person == alice
    assert "serves North East London" in " ".join(flag.reasons)

    decide = {
        f"decision{item.pk}-outcome": "agreed",
        f"decision{item.pk}-how": "consensus",
        f"decision{item.pk}-decision_kind": "allocate_funding",
    }
    refused = staff.post(f"/meetings/{key}/items/{item.pk}/decision/", decide)
    assert refused.status_code == 409
    assert "have no ruling yet" in text(refused)
    assert not Decision.objects.filter(item=item).exists()

    ruled = signed_in(chair).post(
        f"/meetings/{key}/flags/{flag.pk}/ruling/",
        {f"ruling{flag.pk}-outcome": "withdraw", f"ruling{flag.pk}-reason": "Within the area"},
    )
    assert ruled.status_code == 302
    decided = staff.post(f"/meetings/{key}/items/{item.pk}/decision/", decide, follow=True)
    assert "It is a recommendation to NHS England." in text(decided)
    decision = Decision.objects.get(item=item)
    assert (decision.binding, decision.recommendation_to) == (False, "NHS England")
    assert set(decision.taking_part.all()) == {bob, chair}


# ------------------------------------------------------------------------ the items


@pytest.fixture
def meeting(secretariat):
    signed_in(secretariat)
    return Meeting.objects.create(
        key="spb-2018-05-24", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )


def test_the_item_form_shows_the_item_as_kept(meeting, secretariat):
    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    item = AgendaItem.objects.get(meeting=meeting)
    page = staff.get(f"/meetings/{meeting.key}/items/{item.pk}/edit/").content.decode()
    assert 'value="organisation:ccg-city-and-hackney" selected' in page
    assert 'value="QMF" selected' in page
    assert 'value="transformation_funding" selected' in page
    assert f'name="version" value="{item.version}"' in page


def test_changing_an_item_changes_who_is_flagged(meeting, alice, bob, secretariat):
    staff = signed_in(secretariat)
    for person, organisation in [(alice, "la-hackney"), (bob, "la-camden")]:
        staff.post(
            f"/api/meetings/{meeting.key}/attendance",
            {"person_email": person.email, "organisation": organisation, "kind": "present"},
            content_type="application/json",
        )
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    item = AgendaItem.objects.get(meeting=meeting)
    # Members present: the item is checked as soon as it is saved.
    assert set(ConflictFlag.objects.filter(item=item).values_list("person", flat=True)) == {
        alice.pk
    }
    changed = {**NEL_BID, "version": item.version, "places": ["QMJ"]}  # North Central London
    changed["applicants"] = []
    response = staff.post(f"/meetings/{meeting.key}/items/{item.pk}/edit/", changed)
    assert response.status_code == 302
    # Bob is flagged now; Alice's flag, once raised, stays until a chair rules on it.
    assert set(ConflictFlag.objects.filter(item=item).values_list("person", flat=True)) == {
        alice.pk,
        bob.pk,
    }


def test_an_item_refuses_bad_input_and_saves_nothing(meeting, secretariat):
    staff = signed_in(secretariat)
    response = staff.post(
        f"/meetings/{meeting.key}/items/new/",
        {**NEL_BID, "title": "", "purpose": "ponder", "places": ["NOWHERE"]},
    )
    assert response.status_code == 400
    page = text(response)
    assert "Give the item a title" in page
    assert "Choose agree, note, consider, discuss or decide" in page
    assert "Choose places from the list" in page
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


def test_a_stale_edit_overwrites_nothing(meeting, secretariat):
    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    item = AgendaItem.objects.get(meeting=meeting)
    url = f"/meetings/{meeting.key}/items/{item.pk}/edit/"
    first = staff.post(url, {**NEL_BID, "version": item.version, "title": "First"})
    assert first.status_code == 302
    second = staff.post(url, {**NEL_BID, "version": item.version, "title": "Second"})
    assert second.status_code == 409
    assert "Someone changed this item since you opened it" in text(second)
    item.refresh_from_db()
    assert item.title == "First"


def test_a_decided_item_no_longer_changes(meeting, secretariat):
    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", {**NEL_BID, "function": ""})
    item = AgendaItem.objects.get(meeting=meeting)
    Decision.objects.create(item=item, outcome="agreed")
    response = staff.post(
        f"/meetings/{meeting.key}/items/{item.pk}/edit/",
        {**NEL_BID, "version": item.version, "title": "Rewritten"},
    )
    assert response.status_code == 409
    assert "MTG-ITEM-DECIDED" in text(response)
    item.refresh_from_db()
    assert item.title == NEL_BID["title"]


def test_a_confidential_item_added_by_hand_stays_out_of_public_view(meeting, secretariat, client):
    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", {**NEL_BID, "title": "Public bid"})
    staff.post(
        f"/meetings/{meeting.key}/items/new/",
        {
            **NEL_BID,
            "title": "Estate disposal HUSH-7731",
            "public": "confidential",
            "exemption": "financial-business",
        },
    )
    assert move(staff, meeting, "agenda_published").status_code == 302
    public = {
        f"/public/meetings/{meeting.key}/",
        f"/public/boards/spb/meetings/{meeting.key}/pack/",
        "/public/boards/spb/meetings.ics",
        f"/api/meetings/{meeting.key}",
    }
    for url in public:
        body = client.get(url).content.decode()
        assert "Public bid" in body, url
        assert "HUSH-7731" not in body, url
    hidden = AgendaItem.objects.get(public=False, meeting=meeting)
    assert client.get(f"/api/meetings/{meeting.key}/items/{hidden.key}").status_code == 404
    assert "HUSH-7731" in text(staff.get(f"/meetings/{meeting.key}/pack/"))


def test_only_the_secretariat_keeps_the_agenda(meeting, alice):
    client = signed_in(alice)
    assert client.get(f"/meetings/{meeting.key}/items/new/").status_code == 403
    assert client.post(f"/meetings/{meeting.key}/items/new/", NEL_BID).status_code == 403
    assert not AgendaItem.objects.filter(meeting=meeting).exists()


# -------------------------------------------------------------- drafting, the status


def test_the_agenda_is_drafted_from_the_work_programme_by_the_page(secretariat):
    staff = signed_in(secretariat)
    schedule(staff, date_day="5", date_month="3")
    response = staff.post("/meetings/spb-2018-03-05/agenda/draft/", follow=True)
    assert "8 items of the work programme added to the agenda." in text(response)
    assert "Draft London Estates Strategy" in text(response)
    again = staff.post("/meetings/spb-2018-03-05/agenda/draft/", follow=True)
    assert "already on the agenda" in text(again)
    assert AgendaItem.objects.filter(meeting__key="spb-2018-03-05", standard="").count() == 8


def test_a_meeting_the_plan_does_not_cover_is_told_so(secretariat):
    staff = signed_in(secretariat)
    schedule(staff, date_day="2", date_month="4")
    response = staff.post("/meetings/spb-2018-04-02/agenda/draft/")
    assert response.status_code == 400
    assert "The board's work programme plans nothing for this meeting" in text(response)


def move(client, meeting: Meeting, to: str):
    meeting.refresh_from_db()
    return client.post(f"/meetings/{meeting.key}/status/", {"to": to, "version": meeting.version})


def test_the_status_moves_only_along_its_path(meeting, secretariat):
    staff = signed_in(secretariat)
    empty = move(staff, meeting, "agenda_published")
    assert empty.status_code == 409
    assert "The agenda has no items" in text(empty)
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    assert "Publish the agenda" in text(staff.get(f"/meetings/{meeting.key}/"))
    assert move(staff, meeting, "agenda_published").status_code == 302
    assert move(staff, meeting, "held").status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held"
    back = move(staff, meeting, "agenda_published")
    assert back.status_code == 409
    assert "the minutes move it on from here" in text(back)
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_a_stale_status_move_is_refused(meeting, secretariat):
    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    meeting.refresh_from_db()
    stale = meeting.version
    assert move(staff, meeting, "agenda_published").status_code == 302
    response = staff.post(f"/meetings/{meeting.key}/status/", {"to": "scheduled", "version": stale})
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"


def test_only_the_secretariat_moves_a_meeting_on(meeting, alice, secretariat):
    signed_in(secretariat).post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    assert move(signed_in(alice), meeting, "agenda_published").status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "scheduled"


# -------------------------------------------------------------------- the pack page


def test_the_pack_as_a_page_has_the_agenda_and_links_the_pdf(meeting, secretariat, client):
    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    assert move(staff, meeting, "agenda_published").status_code == 302
    page = text(client.get(f"/public/boards/spb/meetings/{meeting.key}/pack/"))
    assert "This is the public pack." in page
    assert NEL_BID["title"] in page
    assert "Download the pack as one PDF" in page
    assert client.get(f"/meetings/{meeting.key}/pack/").status_code == 302  # staff only
    full = staff.get(f"/meetings/{meeting.key}/pack/")
    assert "Confidential. This full pack includes items taken in private" in text(full)
    assert full["Cache-Control"] == "no-store"


# --------------------------------------------------------------------------- the API


def test_the_api_schedules_adds_and_changes_items(secretariat):
    api = signed_in(secretariat)
    made = api.post(
        "/api/meetings",
        {
            "board": "spb",
            "date": "2018-05-24",
            "starts_at": "14:00",
            "ends_at": "16:00",
            "place": "City Hall",
            "quorum": 2,
        },
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json() == {
        "key": "spb-2018-05-24",
        "board": "spb",
        "date": "2018-05-24",
        "starts_at": "14:00:00",
        "ends_at": "16:00:00",
        "status": "scheduled",
        "place": "City Hall",
        "quorum": 2,
        "version": Meeting.objects.get(key="spb-2018-05-24").version,
    }
    body = {**NEL_BID, "public": True}
    added = api.post("/api/meetings/spb-2018-05-24/items", body, content_type="application/json")
    assert added.status_code == 201
    item = added.json()
    assert item["parties"] == [
        {
            "role": "applicant",
            "name": "NHS City and Hackney CCG",
            "organisation": "ccg-city-and-hackney",
            "partnership": None,
        }
    ]
    assert (item["places"], item["function"]) == (["QMF"], "transformation_funding")
    url = f"/api/meetings/spb-2018-05-24/items/{item['key']}"
    changed = api.put(
        url, {**body, "title": "Renamed", "version": item["version"]}, "application/json"
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Renamed"
    stale = api.put(url, {**body, "title": "Lost", "version": item["version"]}, "application/json")
    assert stale.status_code == 409
    assert api.get(url).json()["title"] == "Renamed"


def test_the_api_refuses_what_the_pages_refuse(meeting, alice, secretariat):
    api = signed_in(secretariat)
    bad = api.post(
        f"/api/meetings/{meeting.key}/items",
        {**NEL_BID, "public": True, "places": ["NOWHERE"], "applicants": ["organisation:nope"]},
        content_type="application/json",
    )
    assert bad.status_code == 400
    fields = {p["field"] for p in bad.json()["problems"]}
    assert fields == {"places", "applicants"}
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    forbidden = signed_in(alice).post(
        f"/api/meetings/{meeting.key}/items",
        {**NEL_BID, "public": True},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    empty = api.post(
        f"/api/meetings/{meeting.key}/status",
        {"status": "agenda_published", "version": meeting.version},
        content_type="application/json",
    )
    assert empty.status_code == 409
    assert empty.json()["rule_id"] == "MTG-AGENDA-EMPTY"


def test_the_api_drafts_the_agenda_and_moves_the_status(secretariat):
    api = signed_in(secretariat)
    made = api.post(
        "/api/meetings",
        {
            "board": "spb",
            "date": "2018-03-05",
            "starts_at": "14:00",
            "ends_at": "16:00",
            "place": "City Hall",
        },
        "application/json",
    )
    drafted = api.post("/api/meetings/spb-2018-03-05/agenda/draft")
    assert drafted.status_code == 201
    assert "Draft London Estates Strategy" in [i["title"] for i in drafted.json()]
    moved = api.post(
        "/api/meetings/spb-2018-03-05/status",
        {"status": "agenda_published", "version": made.json()["version"]},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "agenda_published"


def test_the_api_gives_a_meetings_times_and_cancels_it(secretariat):
    api = signed_in(secretariat)
    backwards = {
        "board": "spb",
        "date": "2018-06-07",
        "starts_at": "14:00",
        "ends_at": "12:00",
        "place": "City Hall",
    }
    refused = api.post("/api/meetings", backwards, "application/json")
    assert refused.status_code == 400
    assert [p["field"] for p in refused.json()["problems"]] == ["ends_at"]
    assert not Meeting.objects.filter(key="spb-2018-06-07").exists()
    made = api.post(
        "/api/meetings", {**backwards, "ends_at": "16:30"}, content_type="application/json"
    )
    assert made.status_code == 201
    assert (made.json()["starts_at"], made.json()["ends_at"]) == ("14:00:00", "16:30:00")
    listed = api.get("/api/meetings?board=spb&status=scheduled").json()["items"]
    assert {"key": "spb-2018-06-07", "starts_at": "14:00:00", "ends_at": "16:30:00"}.items() <= (
        next(m for m in listed if m["key"] == "spb-2018-06-07").items()
    )
    cancelled = api.post(
        "/api/meetings/spb-2018-06-07/status",
        {"status": "cancelled", "version": made.json()["version"]},
        content_type="application/json",
    )
    assert cancelled.status_code == 200
    assert Meeting.objects.get(key="spb-2018-06-07").status == "cancelled"
    again = api.post(
        "/api/meetings/spb-2018-06-07/status",
        {"status": "scheduled", "version": cancelled.json()["version"]},
        content_type="application/json",
    )
    assert again.status_code == 409  # a cancelled meeting stays cancelled


def test_flags_raised_on_save_are_the_services_flags(meeting, alice, secretariat):
    """The item saved through the page is checked by the same service as the button."""
    staff = signed_in(secretariat)
    staff.post(
        f"/api/meetings/{meeting.key}/attendance",
        {"person_email": alice.email, "organisation": "la-hackney", "kind": "present"},
        content_type="application/json",
    )
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    item = AgendaItem.objects.get(meeting=meeting)
    saved = list(ConflictFlag.objects.filter(item=item).values_list("person", "reasons"))
    item_flags_refresh(item_id=item.pk)
    assert list(ConflictFlag.objects.filter(item=item).values_list("person", "reasons")) == saved


def test_the_list_offers_the_secretariat_to_schedule(secretariat, alice):
    assert "Schedule a meeting" in text(signed_in(secretariat).get("/meetings/?board=spb"))
    page = signed_in(secretariat).get("/meetings/?board=spb").content.decode()
    assert 'href="/meetings/new/?board=spb"' in page
    assert "Schedule a meeting" not in text(signed_in(alice).get("/meetings/"))


def test_the_pages_lead_to_the_register_and_the_declarations(meeting, secretariat, alice):
    listing = signed_in(secretariat).get("/meetings/").content.decode()
    assert 'href="/interests/register/"' in listing
    assert 'href="/interests/"' in listing
    assert 'href="/interests/register/"' not in signed_in(alice).get("/meetings/").content.decode()
    detail = signed_in(secretariat).get(f"/meetings/{meeting.key}/").content.decode()
    assert f'href="/meetings/{meeting.key}/declarations/"' in detail


def test_the_api_records_and_lists_attendance(meeting, alice, secretariat, client):
    api = signed_in(secretariat)
    url = f"/api/meetings/{meeting.key}/attendance"
    body = {"person_email": alice.email, "organisation": "la-hackney", "kind": "present"}
    made = api.post(url, body, content_type="application/json")
    assert made.status_code == 201
    assert made.json() == {
        "person": alice.email,
        "organisation": "la-hackney",
        "kind": "present",
        "is_chair": False,
        "is_deputy": False,
        "name": "",
        "organisation_name": "",
        "deputy_name": "",
    }
    assert [a["person"] for a in api.get(url).json()["items"]] == [alice.email]
    bad = api.post(
        url, {**body, "kind": "apologies", "is_chair": True}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["problems"][0]["field"] == "is_chair"
    assert signed_in(alice).post(url, body, content_type="application/json").status_code == 403
    assert client.get(url).status_code == 401


def test_approved_minutes_close_the_agenda(meeting, secretariat):
    from devolution.meetings.models import Minutes

    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", NEL_BID)
    item = AgendaItem.objects.get(meeting=meeting)
    on_item = f"/meetings/{meeting.key}/?item={item.pk}"
    assert "Change this item" in text(staff.get(on_item))
    Minutes.objects.create(meeting=meeting, text="Minutes.", status="approved")
    page = text(staff.get(on_item)) + text(staff.get(f"/meetings/{meeting.key}/"))
    assert "Change this item" not in page
    assert "Add an item" not in page
    refused = staff.post(
        f"/meetings/{meeting.key}/items/{item.pk}/edit/",
        {**NEL_BID, "version": item.version, "title": "Rewritten"},
    )
    assert refused.status_code == 409
    assert "MTG-MINUTES-FROZEN" in text(refused)
    added = staff.post(f"/meetings/{meeting.key}/items/new/", {**NEL_BID, "title": "Late"})
    assert added.status_code == 409
    assert not AgendaItem.objects.filter(title="Late").exists()


def test_a_draft_agenda_is_not_published(meeting, secretariat, client):
    """Until the secretariat publishes the agenda, the public sees the meeting's date and
    no item of it: not on its page, its pack, its papers, the feed or the API."""
    from devolution.meetings.models import Paper

    staff = signed_in(secretariat)
    staff.post(f"/meetings/{meeting.key}/items/new/", {**NEL_BID, "title": "Draft DRAFT-5521"})
    item = AgendaItem.objects.get(meeting=meeting)
    paper = Paper.objects.create(item=item, title="Paper DRAFT-5521")
    public = [
        f"/public/meetings/{meeting.key}/",
        f"/public/boards/spb/meetings/{meeting.key}/pack/",
        "/public/boards/spb/meetings.ics",
        f"/api/meetings/{meeting.key}",
    ]
    assert "The agenda is not published yet." in text(client.get(public[0]))
    for url in public:
        assert "DRAFT-5521" not in client.get(url).content.decode(), url
    assert client.get(f"/public/papers/{paper.pk}/").status_code == 404
    assert client.get(f"/api/meetings/{meeting.key}/items/{item.key}").status_code == 404
    assert "DRAFT-5521" in text(staff.get(f"/meetings/{meeting.key}/"))

    assert move(staff, meeting, "agenda_published").status_code == 302
    for url in public:
        assert "DRAFT-5521" in client.get(url).content.decode(), url
    assert client.get(f"/api/meetings/{meeting.key}/items/{item.key}").status_code == 200
