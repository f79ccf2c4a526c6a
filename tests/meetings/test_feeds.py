"""Each board's meetings as an iCalendar feed (SPEC §15 Transparency; issue 10, point 6),
read back with the icalendar library as a subscriber's calendar would read it: London
times with their time zone where the secretariat gave them, whole days where only the day
is known, SEQUENCE, LAST-MODIFIED and DTSTAMP, cancelled meetings marked, UIDs on the
deployment's domain, a whole calendar when there is no meeting, and nothing but what the
public may see."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings
from icalendar import Calendar

from devolution.core.models import AuditEvent
from devolution.governance.models import Board
from devolution.meetings.agenda import meeting_schedule, meeting_status_move
from devolution.meetings.feeds import PRODID, board_calendar
from devolution.meetings.models import Meeting
from tests.conftest import signed_in
from tests.meetings.test_agenda_pages import schedule
from tests.meetings.test_pages import KEY, MARKER, meeting, text  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FEED = "/public/boards/spb/meetings.ics"
# Every property an event may carry: nothing else, so nothing more can slip out.
EVENT_PROPERTIES = {
    "UID",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SEQUENCE",
    "LAST-MODIFIED",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "URL",
    "STATUS",
    "TRANSP",
}


def feed(client: Client | None = None, url: str = FEED) -> tuple[bytes, Calendar]:
    response = (client or Client()).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def event_of(calendar: Calendar, key: str, domain: str = "testserver"):
    found = [e for e in calendar.events if str(e["UID"]) == f"meeting-{key}@{domain}"]
    assert len(found) == 1, f"no single event for {key}"
    return found[0]


def last_change(of: Meeting) -> dt.datetime:
    """The last change the audit record holds of a meeting, to the second, as iCalendar
    gives it."""
    event = AuditEvent.objects.filter(object_type="meetings.meeting", object_id=str(of.pk))
    return event.latest("at").at.replace(microsecond=0)


@pytest.fixture
def timed(secretariat) -> Meeting:
    """An SPB meeting scheduled by the secretariat from 14:00 to 16:00 on a summer day."""
    return meeting_schedule(
        actor=secretariat,
        board_key="spb",
        date=dt.date(2018, 7, 19),
        place="City Hall",
        starts_at=dt.time(14, 0),
        ends_at=dt.time(16, 0),
    )


def test_the_calendar_is_valid_with_one_event_per_meeting_whose_day_is_known(meeting):  # noqa: F811
    raw, calendar = feed()
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.calendar_name == "London Health and Care Strategic Partnership Board meetings"
    day_meetings = Meeting.objects.filter(board__key="spb", date_precision="day")
    assert len(calendar.events) == day_meetings.count() > 1
    assert {str(e["UID"]) for e in calendar.events} == {
        f"meeting-{m.key}@testserver" for m in day_meetings
    }
    for event in calendar.events:
        assert set(event) <= EVENT_PROPERTIES, set(event) - EVENT_PROPERTIES
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_a_meeting_with_only_its_day_known_is_a_whole_day_event(meeting):  # noqa: F811
    _, calendar = feed()
    event = event_of(calendar, KEY)
    assert event.start == dt.date(2018, 5, 24) and not isinstance(event.start, dt.datetime)
    assert event["DTEND"].dt == dt.date(2018, 5, 25)
    assert str(event["SUMMARY"]) == "London Health and Care Strategic Partnership Board meeting"
    assert str(event["LOCATION"]) == "City Hall"
    assert str(event["URL"]) == f"http://testserver/public/meetings/{KEY}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == meeting.version - 1
    stamp = event["DTSTAMP"].dt
    assert stamp.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - stamp) < dt.timedelta(minutes=5)
    assert "VTIMEZONE" not in {c.name for c in calendar.subcomponents}  # no time, no zone


def test_a_meeting_with_times_starts_and_ends_in_london_time(timed):
    _, calendar = feed()
    event = event_of(calendar, timed.key)
    start, end = event["DTSTART"], event["DTEND"]
    assert start.params["TZID"] == end.params["TZID"] == "Europe/London"
    assert start.dt == dt.datetime(2018, 7, 19, 14, 0, tzinfo=LONDON)
    assert end.dt == dt.datetime(2018, 7, 19, 16, 0, tzinfo=LONDON)
    assert start.dt.astimezone(dt.UTC).hour == 13  # British Summer Time
    zones = [c for c in calendar.walk("VTIMEZONE")]
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]
    assert {c.name for c in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_a_winter_meeting_is_on_greenwich_mean_time(secretariat):
    winter = meeting_schedule(
        actor=secretariat,
        board_key="spb",
        date=dt.date(2018, 12, 13),
        place="City Hall",
        starts_at=dt.time(10, 30),
        ends_at=dt.time(12, 0),
    )
    _, calendar = feed()
    start = event_of(calendar, winter.key)["DTSTART"].dt
    assert start.astimezone(dt.UTC) == dt.datetime(2018, 12, 13, 10, 30, tzinfo=dt.UTC)


def test_a_cancelled_meeting_is_marked_with_a_new_sequence_and_its_agenda_withheld(
    timed, secretariat
):
    _, before = feed()
    first = event_of(before, timed.key)
    assert first["SEQUENCE"] == 0
    assert first["LAST-MODIFIED"].dt == last_change(timed)
    cancelled = meeting_status_move(
        actor=secretariat, meeting_key=timed.key, status="cancelled", version=timed.version
    )
    _, after = feed()
    event = event_of(after, timed.key)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 1
    assert event["LAST-MODIFIED"].dt == last_change(cancelled) >= first["LAST-MODIFIED"].dt
    assert str(event["DESCRIPTION"]).startswith("This meeting is cancelled.")
    assert event["DTSTART"].dt == first["DTSTART"].dt  # still on the day it was to be


def test_the_public_items_titles_are_there_and_nothing_confidential(meeting):  # noqa: F811
    raw, calendar = feed()
    assert MARKER.encode() not in raw
    assert b"Disposal of a site" not in raw  # the confidential item's title
    description = str(event_of(calendar, KEY)["DESCRIPTION"])
    assert "Transformation funding for a NEL bid" in description
    assert f"http://testserver/public/meetings/{KEY}/" in description


def test_a_loaded_meeting_says_when_the_record_last_changed():
    _, calendar = feed()
    loaded = Meeting.objects.get(key="spb-2017-03-30")
    event = event_of(calendar, loaded.key)
    assert event["LAST-MODIFIED"].dt == last_change(loaded)


def test_uids_are_on_the_deployments_domain():
    with override_settings(SITE_DOMAIN="devolution.london.example"):
        _, calendar = feed()
    assert calendar.events
    assert all(str(e["UID"]).endswith("@devolution.london.example") for e in calendar.events)
    with override_settings(SITE_DOMAIN="", ALLOWED_HOSTS=[".london.example", "testserver"]):
        _, calendar = feed()
    assert all(str(e["UID"]).endswith("@london.example") for e in calendar.events)


def test_a_calendar_of_no_meetings_is_still_whole():
    content = board_calendar(
        Board.objects.get(key="lhb"),
        [],
        now=dt.datetime(2018, 1, 1, tzinfo=dt.UTC),
        page_url=lambda m: "",
    )
    calendar = Calendar.from_ical(content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.events == []
    assert content.startswith(b"BEGIN:VCALENDAR\r\n") and content.endswith(b"END:VCALENDAR\r\n")


def test_a_calendar_of_no_such_board_is_not_found(client):
    assert client.get("/public/boards/nowhere/meetings.ics").status_code == 404


# -------------------------------------------------- the times, as the secretariat gives them


def test_the_secretariat_schedules_a_meeting_with_its_times(secretariat):
    client = signed_in(secretariat)
    response = schedule(client, starts_at="14:00", ends_at="16:30")
    assert response.status_code == 302
    scheduled = Meeting.objects.get(key="spb-2018-05-24")
    assert (scheduled.starts_at, scheduled.ends_at) == (dt.time(14, 0), dt.time(16, 30))
    for page in (
        text(Client().get(f"/public/meetings/{scheduled.key}/")),
        text(client.get(f"/meetings/{scheduled.key}/")),
    ):
        assert "24 May 2018, 14:00 to 16:30 (London time)" in page


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"starts_at": "2pm"}, "starts_at", "Enter the start time like 14:00"),
        ({"starts_at": "14:00", "ends_at": "13:00"}, "ends_at", "must end after it starts"),
        ({"starts_at": ""}, "starts_at", "Enter the time the meeting starts"),
        ({"ends_at": ""}, "ends_at", "Enter the time the meeting ends"),
        ({"place": " "}, "place", "Enter the place the meeting is held"),
    ],
)
def test_times_that_cannot_be_are_refused_beside_the_field(secretariat, fields, field, words):
    client = signed_in(secretariat)
    response = schedule(client, **fields)
    assert response.status_code == 400
    assert words.lower() in text(response).lower()
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not Meeting.objects.filter(key="spb-2018-05-24").exists()


def test_the_secretariat_cancels_a_meeting_and_the_public_page_says_so(timed, secretariat):
    client = signed_in(secretariat)
    assert "Cancel the meeting" in text(client.get(f"/meetings/{timed.key}/"))
    response = client.post(
        f"/meetings/{timed.key}/status/", {"to": "cancelled", "version": timed.version}
    )
    assert response.status_code == 302
    timed.refresh_from_db()
    assert timed.status == "cancelled"
    assert "This meeting is cancelled." in text(Client().get(f"/public/meetings/{timed.key}/"))
    held = client.post(f"/meetings/{timed.key}/status/", {"to": "held", "version": timed.version})
    assert held.status_code == 409


def test_a_meeting_cancelled_before_its_agenda_was_published_keeps_the_draft_unseen(
    timed, secretariat
):
    from devolution.meetings.models import AgendaItem

    AgendaItem.objects.create(
        meeting=timed, key="draft", title="A draft item never published", purpose="note"
    )
    timed.refresh_from_db()
    meeting_status_move(
        actor=secretariat, meeting_key=timed.key, status="cancelled", version=timed.version
    )
    raw, calendar = feed()
    assert b"A draft item never published" not in raw
    assert str(event_of(calendar, timed.key)["STATUS"]) == "CANCELLED"
    page = text(Client().get(f"/public/meetings/{timed.key}/"))
    assert "A draft item never published" not in page
    assert "This meeting is cancelled." in page
