"""The preferences page and API, the unsubscribe link refused when tampered with or old,
the calendar page and its revocable feed, and the other events that tell someone."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from devolution.funding.models import BidEvent
from devolution.meetings.interests.models import Declaration
from devolution.meetings.models import Action, ConflictFlag, Paper
from devolution.notifications import services
from devolution.notifications.models import CalendarToken, Notice, Preference
from devolution.notifications.services import notify, unsubscribe_token
from devolution.partners.models import Role
from devolution.partners.selectors import today
from tests.bids import bid_on_item
from tests.conftest import make_person, signed_in
from tests.meetings.conftest import seat

ALL_IMMEDIATE = {
    "agenda_published": "immediate",
    "paper_added": "immediate",
    "declaration_review": "immediate",
    "action_assigned": "immediate",
    "action_due": "immediate",
    "commitment_stale": "immediate",
    "bid_state": "immediate",
    "ruling_needed": "immediate",
}


def text(response) -> str:
    return response.content.decode()


def test_the_preferences_page_saves_each_choice(seated):
    client = signed_in(seated)
    page = client.get("/notifications/preferences/")
    assert "An agenda published for a board you sit on" in text(page)
    choices = dict(ALL_IMMEDIATE, paper_added="off", agenda_published="digest")
    saved = client.post("/notifications/preferences/", choices)
    assert saved.status_code == 200 and "Your choices are saved" in text(saved)
    assert services.preferences(seated) == choices


def test_the_preferences_page_refuses_a_bad_mode_and_saves_nothing(seated):
    client = signed_in(seated)
    bad = client.post("/notifications/preferences/", dict(ALL_IMMEDIATE, bid_state="loudly"))
    assert bad.status_code == 422
    assert "Choose one of the ways offered for: a bid" in text(bad)
    assert not Preference.objects.filter(person=seated).exists()


def test_preferences_are_respected(seated, bob):
    services.set_preferences(seated, {"ruling_needed": "off"})
    services.set_preferences(bob, {"ruling_needed": "digest"})
    made = notify("ruling_needed", "1", [seated, bob], "A ruling needed", "")
    assert [n.person for n in made] == [bob]
    assert made[0].mode == "digest"
    assert mail.outbox == []  # a digest waits for the day's run


def test_the_api_reads_and_changes_preferences(seated):
    client = signed_in(seated)
    got = client.get("/api/notifications/preferences").json()
    assert got["agenda_published"] == "immediate" and got["paper_added"] == "digest"
    put = client.put(
        "/api/notifications/preferences", {"bid_state": "off"}, content_type="application/json"
    )
    assert put.status_code == 200 and put.json()["bid_state"] == "off"
    assert put.json()["agenda_published"] == "immediate"  # left out: unchanged
    bad = client.put(
        "/api/notifications/preferences", {"bid_state": "loud"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "bid_state" in text(bad)
    unknown = client.put(
        "/api/notifications/preferences", {"fax": "off"}, content_type="application/json"
    )
    assert unknown.status_code == 422 and "fax" in text(unknown)
    assert services.preferences(seated)["bid_state"] == "off"
    assert Client().get("/api/notifications/preferences").status_code == 401


def test_the_api_lists_my_notices_only(seated, bob):
    notify("ruling_needed", "1", [seated], "For Alice", "")
    notify("ruling_needed", "1", [bob], "For Bob", "")
    items = signed_in(seated).get("/api/notifications").json()
    assert items["count"] == 1 and items["items"][0]["title"] == "For Alice"


@pytest.mark.parametrize("how", ["tampered", "expired", "unknown kind", "garbage"])
def test_a_bad_unsubscribe_link_is_refused_and_changes_nothing(seated, how, monkeypatch):
    token = unsubscribe_token(seated, ["agenda_published"])
    if how == "tampered":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif how == "expired":
        monkeypatch.setattr(services, "UNSUBSCRIBE_MAX_AGE", -1)
    elif how == "unknown kind":
        token = unsubscribe_token(seated, ["fax"])
    else:
        token = "not-a-token"
    for response in (
        Client().get(f"/notifications/unsubscribe/{token}/"),
        Client().post(f"/notifications/unsubscribe/{token}/"),
    ):
        assert response.status_code == 400
        assert "This unsubscribe link does not work" in text(response)
    assert not Preference.objects.exists()


def test_the_calendar_page_and_its_revocable_feed(seated, meeting, secretariat):
    on = today()  # the day the London data describes
    meeting.date = on + dt.timedelta(days=10)
    meeting.save()
    Action.objects.create(
        item=meeting.items.get(),
        text="Send the figures",
        owner=seated,
        due=on + dt.timedelta(days=5),
    )
    client = signed_in(seated)
    page = client.get("/my/calendar/")
    assert '<a href="/meetings/spb-notify/">SPB meets</a>' in text(page)
    assert "Action due: Send the figures" in text(page)
    assert "You have no calendar address" in text(page)
    client.post("/my/calendar/feed/new/")
    first = CalendarToken.objects.get(person=seated).token
    assert first in text(client.get("/my/calendar/"))
    feed = Client().get(f"/my/calendar/{first}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "UID:meeting-spb-notify@" in text(feed)
    assert "Send the figures" in text(feed)
    # A new address: the old one is a 404 at once.
    client.post("/my/calendar/feed/new/")
    second = CalendarToken.objects.get(person=seated, revoked_at__isnull=True).token
    assert Client().get(f"/my/calendar/{first}.ics").status_code == 404
    assert Client().get(f"/my/calendar/{second}.ics").status_code == 200
    client.post("/my/calendar/feed/revoke/")
    assert Client().get(f"/my/calendar/{second}.ics").status_code == 404
    assert Client().get("/my/calendar/nonsense.ics").status_code == 404
    # Someone else's calendar holds none of Alice's actions.
    assert "Send the figures" not in text(signed_in(secretariat).get("/my/calendar/"))


def test_a_meeting_known_to_its_month_is_shown_by_its_month_and_left_out_of_the_feed(
    seated, meeting
):
    on = today()
    meeting.date = dt.date(on.year + (on.month == 12), on.month % 12 + 1, 1)
    meeting.date_precision = "month"
    meeting.save()
    client = signed_in(seated)
    page = text(client.get("/my/calendar/"))
    assert f"</span>{meeting.date:%B %Y}</td>" in page
    assert f"</span>1 {meeting.date:%B %Y}</td>" not in page
    client.post("/my/calendar/feed/new/")
    token = CalendarToken.objects.get(person=seated).token
    assert "UID:meeting-spb-notify@" not in text(Client().get(f"/my/calendar/{token}.ics"))


def test_pages_ask_the_public_to_sign_in(db):
    for path in ("/notifications/", "/notifications/preferences/", "/my/calendar/"):
        response = Client().get(path)
        assert response.status_code == 302 and "sign-in" in response["Location"]


def test_marking_read(seated):
    notify("ruling_needed", "1", [seated], "One", "")
    notify("ruling_needed", "2", [seated], "Two", "")
    client = signed_in(seated)
    one = Notice.objects.get(title="One")
    client.post("/notifications/read/", {"notice": one.pk})
    assert Notice.objects.filter(read_at__isnull=True).count() == 1
    client.post("/notifications/read/")
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    assert "Notifications (" not in text(client.get("/notifications/"))


def test_a_paper_a_declaration_and_a_conflict_tell_the_right_people(seated, meeting, bob):
    chair = bob
    seat(chair, organisation="la-camden", office="chair")
    item = meeting.items.get()
    Paper.objects.create(item=item, title="Estates strategy paper")
    Declaration.objects.create(meeting=meeting, person=seated, text="A governor of a trust")
    ConflictFlag.objects.create(item=item, person=seated, reasons=["governor"])
    kinds = {(n.person.email, n.kind) for n in Notice.objects.all()}
    assert (seated.email, "paper_added") in kinds and (chair.email, "paper_added") in kinds
    assert (chair.email, "declaration_review") in kinds
    assert (chair.email, "ruling_needed") in kinds
    assert (seated.email, "ruling_needed") not in kinds  # not asked to rule on themself


def test_a_bid_moving_tells_its_proposers_people_but_not_who_moved_it(meeting, secretariat):
    proposer = make_person("pat@cityhackney.example", "ccg-city-and-hackney", Role.BOARD_MEMBER)
    bid = bid_on_item(meeting.items.get())
    BidEvent.objects.create(bid=bid, from_state="submitted", to_state="assessed", by=secretariat)
    (notice,) = Notice.objects.filter(kind="bid_state")
    assert notice.person == proposer
    assert f"Bid {bid.proposal.ref} is now assessed" in notice.title
    assert len(mail.outbox) == 0  # sent once the change commits


def test_the_calendar_feed_is_throttled_against_guessing(seated, settings):
    from django.core.cache import cache

    settings.THROTTLE_RATES = {"anon": "2/min", "auth": None}
    cache.clear()
    client = Client(REMOTE_ADDR="192.0.2.200")
    assert client.get("/my/calendar/guess-1.ics").status_code == 404
    assert client.get("/my/calendar/guess-2.ics").status_code == 404
    assert client.get("/my/calendar/guess-3.ics").status_code == 429


def test_the_calendar_page_shows_a_page_at_a_time_and_the_feed_holds_every_entry(seated, meeting):
    from devolution.notifications.views.calendar import PAGE_SIZE

    on = today()
    for n in range(PAGE_SIZE + 3):
        Action.objects.create(
            item=meeting.items.get(),
            text=f"Chase return {n:02d}",
            owner=seated,
            due=on + dt.timedelta(days=1 + n),
        )
    client = signed_in(seated)
    row = '<tr role="row" class="nhsuk-table__row">'
    first = text(client.get("/my/calendar/"))
    second = text(client.get("/my/calendar/?page=2"))
    assert first.count(row) == PAGE_SIZE  # a full page, by day, the rest on the next
    assert "Chase return 00" in first and f"Chase return {PAGE_SIZE + 2:02d}" in second
    assert first.count("Chase return") + second.count("Chase return") == PAGE_SIZE + 3
    client.post("/my/calendar/feed/new/")
    token = CalendarToken.objects.get(person=seated).token
    assert text(Client().get(f"/my/calendar/{token}.ics")).count("Chase return") == PAGE_SIZE + 3
