"""A meeting day at board scale (issue 12, point 5): the standard items and their
numbers, one roll-call form for the board's seats, a meeting held only once it has
started, minutes approved at a later held meeting as its "minutes of the previous
meeting", confidential minutes, the exemption a confidential item relies on, who rules
on a chair's own conflict, and a refused post landing on its item."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from devolution.core.errors import InvalidInput, NotAllowed
from devolution.governance.models import Board, BoardMember
from devolution.meetings import selectors
from devolution.meetings.agenda import ItemFields, item_save, meeting_schedule
from devolution.meetings.models import AgendaItem, Attendance, ConflictFlag, Meeting, Minutes
from devolution.meetings.services import (
    flag_rule,
    item_flags_refresh,
    minutes_approve,
    minutes_draft,
)
from devolution.meetings.visibility import PUBLIC, Reader
from devolution.partners.models import Role
from tests.conftest import make_person, signed_in
from tests.meetings.conftest import seat
from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db

WHEN = {"starts_at": dt.time(14), "ends_at": dt.time(16), "place": "City Hall, Room 4"}
STANDARD_TITLES = [
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of the previous meeting",
    "Matters arising",
]


def schedule(secretariat, day: dt.date) -> Meeting:
    return meeting_schedule(actor=secretariat, board_key="spb", date=day, **WHEN)


SECRETARIAT = Reader(staff=True, secretariat=True)
LONDON = ZoneInfo("Europe/London")


def titles(meeting: Meeting) -> list[str]:
    return [item.title for _, item in selectors.agenda_numbered(meeting, SECRETARIAT)]


# ------------------------------------------------------------ scheduling, standard items


def test_a_meeting_is_not_scheduled_without_its_times_and_place(secretariat):
    with pytest.raises(InvalidInput) as refused:
        meeting_schedule(actor=secretariat, board_key="spb", date=dt.date(2018, 7, 5))
    assert {p.field for p in refused.value.problems} == {"starts_at", "ends_at", "place"}
    assert not Meeting.objects.filter(key="spb-2018-07-05").exists()


def test_a_scheduled_agenda_opens_with_the_standard_items_and_any_other_business_stays_last(
    secretariat,
):
    meeting = schedule(secretariat, dt.date(2018, 7, 5))
    assert titles(meeting) == [*STANDARD_TITLES, "Any other business"]
    for title in ("Estates strategy", "Workforce update"):
        item_save(
            actor=secretariat,
            meeting_key=meeting.key,
            data=ItemFields(title=title, purpose="note", recommendation="Note the update."),
        )
    assert titles(meeting) == [
        *STANDARD_TITLES,
        "Estates strategy",
        "Workforce update",
        "Any other business",
    ]
    numbered = selectors.agenda_numbered(meeting, SECRETARIAT)
    assert [(n, i.title) for n, i in numbered][-2:] == [
        (6, "Workforce update"),
        (7, "Any other business"),
    ]


def test_an_item_keeps_its_number_where_a_confidential_item_is_withheld(secretariat, client):
    meeting = schedule(secretariat, dt.date(2018, 7, 5))
    for title, public, exemption in (
        ("Disposal HUSH-1", False, "financial-business"),
        ("Estates strategy", True, ""),
    ):
        item_save(
            actor=secretariat,
            meeting_key=meeting.key,
            data=ItemFields(
                title=title,
                purpose="decide",
                public=public,
                exemption=exemption,
                recommendation="Agree the approach to commitment owners.",
            ),
        )
    Meeting.objects.filter(pk=meeting.pk).update(status="agenda_published")
    public = dict((i.title, n) for n, i in selectors.agenda_numbered(meeting, PUBLIC))
    assert public["Estates strategy"] == 6 and "Disposal HUSH-1" not in public
    page = text(client.get(f"/public/meetings/{meeting.key}/"))
    assert "6. Estates strategy The Board is asked to: Agree the approach" in page
    assert "14:00 to 16:00" in page and "City Hall, Room 4" in page
    assert "HUSH-1" not in page


def test_a_meeting_the_sources_give_no_time_for_says_so(secretariat):
    page = text(signed_in(secretariat).get("/meetings/spb-2018-03-22/"))
    assert "22 March 2018, time not in the sources" in page


# ------------------------------------------------------------------ confidential items


def test_a_confidential_item_records_the_exemption_it_relies_on(secretariat):
    meeting = schedule(secretariat, dt.date(2018, 7, 5))
    secret = ItemFields(title="Disposal of a site", purpose="decide", public=False)
    with pytest.raises(InvalidInput) as refused:
        item_save(actor=secretariat, meeting_key=meeting.key, data=secret)
    assert [p.field for p in refused.value.problems] == ["exemption"]
    assert not AgendaItem.objects.filter(title="Disposal of a site").exists()
    staff = signed_in(secretariat)
    form = {"title": "Disposal of a site", "purpose": "decide", "public": "confidential"}
    response = staff.post(f"/meetings/{meeting.key}/items/new/", form)
    assert response.status_code == 400
    assert "choose the exemption it relies on" in text(response)
    response = staff.post(
        f"/meetings/{meeting.key}/items/new/", {**form, "exemption": "financial-business"}
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Disposal of a site")
    assert item.exemption == "financial-business"
    page = text(staff.get(response["Location"]))
    assert "Why it is confidential Commercially sensitive" in page
    assert "Local Government Act 1972, Schedule 12A, Part 1, paragraph 3" in page


# --------------------------------------------------------------------------- roll-call


def _roll_call_seats():
    spb = Board.objects.get(key="spb")
    return list(BoardMember.objects.filter(board=spb).order_by("pk"))


def test_the_roll_call_saves_every_seat_and_everyone_else_in_one_post(
    meeting, alice, bob, chair, secretariat
):
    seat(alice, organisation="la-hackney")
    seat(bob, organisation="la-camden")
    seats = {s.person_id: s for s in _roll_call_seats()}
    form = {f"seat-{s.pk}": "absent" for s in seats.values()}
    form |= {
        f"seat-{seats[chair.pk].pk}": "present",
        f"seat-{seats[alice.pk].pk}": "deputy",
        f"seat-{seats[alice.pk].pk}-deputy": "Dana Deputy",
        f"seat-{seats[bob.pk].pk}": "apologies",
        "guest-1-name": "Pat Presenter",
        "guest-1-organisation": "Healthy London Partnership",
    }
    staff = signed_in(secretariat)
    page = text(staff.get(f"/meetings/{meeting.key}/"))
    assert "Take the roll-call" in page and "Chris Chair, NHS England" in page
    response = staff.post(f"/meetings/{meeting.key}/attendance/", form)
    assert response.status_code == 302
    rows = {
        (a.person_id, a.kind, a.deputy_name, a.name)
        for a in Attendance.objects.filter(meeting=meeting)
    }
    assert (chair.pk, "present", "", "") in rows
    assert (alice.pk, "deputy", "Dana Deputy", "") in rows
    assert (bob.pk, "apologies", "", "") in rows
    assert (None, "in_attendance", "", "Pat Presenter") in rows
    page = text(staff.get(f"/meetings/{meeting.key}/"))
    assert "Alice Adams, London Borough of Hackney: Dana Deputy attends as their deputy" in page
    assert "Pat Presenter, Healthy London Partnership" in page


def test_a_bad_line_of_the_roll_call_saves_none_and_is_named(meeting, alice, chair, secretariat):
    seat(alice, organisation="la-hackney")
    seats = {s.person_id: s for s in _roll_call_seats()}
    before = sorted(Attendance.objects.filter(meeting=meeting).values_list("person", "kind"))
    form = {
        f"seat-{seats[chair.pk].pk}": "apologies",
        f"seat-{seats[alice.pk].pk}": "deputy",  # no deputy's name
        "guest-1-name": "Pat Presenter",
    }
    response = signed_in(secretariat).post(f"/meetings/{meeting.key}/attendance/", form)
    assert response.status_code == 400
    page = text(response)
    assert "Error:" in page
    assert "Alice Adams, London Borough of Hackney: give the name of their deputy" in page
    assert f'id="id_seat-{seats[alice.pk].pk}-deputy-error"' in response.content.decode()
    after = sorted(Attendance.objects.filter(meeting=meeting).values_list("person", "kind"))
    assert after == before
    assert not Attendance.objects.filter(name="Pat Presenter").exists()


# --------------------------------------------------------------------- held, not before


def test_a_meeting_is_not_recorded_as_held_before_it_starts(secretariat):
    meeting = schedule(secretariat, dt.date(2030, 7, 4))
    Meeting.objects.filter(pk=meeting.pk).update(status="agenda_published")
    with time_machine.travel(dt.datetime(2030, 7, 4, 13, 59, tzinfo=LONDON), tick=False):
        staff = signed_in(secretariat)
        response = staff.post(
            f"/meetings/{meeting.key}/status/", {"to": "held", "version": meeting.version}
        )
    assert response.status_code == 409
    assert "starts at 14:00 on 4 July 2030: it cannot be recorded as held" in text(response)
    assert Meeting.objects.get(pk=meeting.pk).status == "agenda_published"
    with time_machine.travel(dt.datetime(2030, 7, 4, 14, 1, tzinfo=LONDON), tick=False):
        staff = signed_in(secretariat)
        response = staff.post(
            f"/meetings/{meeting.key}/status/", {"to": "held", "version": meeting.version}
        )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == "held"


# ---------------------------------------------------------------------------- minutes


def test_minutes_are_approved_only_at_a_later_held_meeting_and_become_its_item(
    meeting, secretariat
):
    minutes = minutes_draft(actor=secretariat, meeting_key=meeting.key)
    later = schedule(secretariat, dt.date(2018, 6, 21))
    other_board = Meeting.objects.create(
        key="leb-later", board=Board.objects.get(key="leb"), date=dt.date(2018, 7, 1)
    )
    Meeting.objects.filter(pk=other_board.pk).update(status="held")
    for at in (later.key, other_board.key):  # not held; another board's
        with pytest.raises(InvalidInput):
            minutes_approve(
                actor=secretariat,
                meeting_key=meeting.key,
                at_meeting_key=at,
                version=minutes.version,
            )
    assert Minutes.objects.get(pk=minutes.pk).status == "draft"
    page = text(signed_in(secretariat).get(f"/meetings/{meeting.key}/minutes/"))
    assert "no later meeting recorded as held" in page

    Meeting.objects.filter(pk=later.pk).update(status="held")
    approved = minutes_approve(
        actor=secretariat, meeting_key=meeting.key, at_meeting_key=later.key, version=1
    )
    assert approved.approved_at_meeting == later
    item = AgendaItem.objects.get(meeting=later, standard="previous_minutes")
    assert item.minutes_of == meeting
    assert titles(later) == [*STANDARD_TITLES, "Any other business"]  # linked, not added
    staff = signed_in(secretariat)
    page = text(staff.get(f"/meetings/{later.key}/?item={item.pk}"))
    assert "3. Minutes of the previous meeting" in page
    assert "Minutes considered Minutes of the meeting of 24 May 2018" in page


def test_a_later_meeting_without_the_standard_item_gains_one(meeting, secretariat):
    minutes = minutes_draft(actor=secretariat, meeting_key=meeting.key)
    later = Meeting.objects.create(
        key="spb-later", board=meeting.board, date=dt.date(2018, 7, 1), status="held"
    )
    minutes_approve(
        actor=secretariat,
        meeting_key=meeting.key,
        at_meeting_key=later.key,
        version=minutes.version,
    )
    item = AgendaItem.objects.get(meeting=later)
    assert (item.title, item.standard, item.minutes_of) == (
        "Minutes of the meeting of 24 May 2018",
        "previous_minutes",
        meeting,
    )


def test_minutes_are_numbered_as_the_agenda_and_confidential_ones_are_withheld(secretariat, client):
    meeting = schedule(secretariat, dt.date(2018, 7, 5))
    for title, public in (("Estates strategy", True), ("Disposal HUSH-2", False)):
        item_save(
            actor=secretariat,
            meeting_key=meeting.key,
            data=ItemFields(
                title=title,
                purpose="decide",
                public=public,
                exemption="" if public else "financial-business",
            ),
        )
    minutes = minutes_draft(actor=secretariat, meeting_key=meeting.key)
    headings = re.findall(r"^(\d+)\. (.+)$", minutes.text, flags=re.M)
    assert headings == [
        ("1", "Apologies for absence"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting"),
        ("4", "Matters arising"),
        ("5", "Estates strategy"),
        ("6", "Confidential item: minuted in the confidential minutes."),
        ("7", "Any other business"),
    ]
    assert "HUSH-2" not in minutes.text
    assert "6. Disposal HUSH-2" in minutes.confidential_text
    staff = text(signed_in(secretariat).get(f"/meetings/{meeting.key}/minutes/"))
    assert "Confidential minutes (optional)" in staff  # the secretariat edits both
    Meeting.objects.filter(key=meeting.key).update(status="held")
    later = schedule(secretariat, dt.date(2018, 8, 2))
    Meeting.objects.filter(pk=later.pk).update(status="held")
    minutes_approve(actor=secretariat, meeting_key=meeting.key, at_meeting_key=later.key, version=1)
    shown = text(signed_in(secretariat).get(f"/meetings/{meeting.key}/minutes/"))
    assert "Public minutes" in shown and "Confidential minutes Confidential" in shown
    assert "6. Disposal HUSH-2" in shown
    public = client.get(f"/public/meetings/{meeting.key}/").content.decode()
    assert "5. Estates strategy" in public and "HUSH-2" not in public


# ------------------------------------------------------------ a chair's own conflict


@pytest.fixture
def chair_flagged(meeting, nel_bid, chair, secretariat):
    """The co-chair, present, flagged on the NEL bid (their organisation applies)."""
    nel_bid.parties.create(role="applicant", organisation=chair.memberships.first().organisation)
    item_flags_refresh(item_id=nel_bid.pk)
    return ConflictFlag.objects.get(item=nel_bid, person=chair)


def test_a_chair_flagged_is_told_who_must_rule_and_cannot_rule_themselves(
    meeting, nel_bid, chair, chair_flagged, secretariat
):
    dee = make_person("dee@camden.example", "la-camden", Role.BOARD_MEMBER, "Dee Deputy")
    seat(dee, organisation="la-camden", office="deputy")
    page = text(signed_in(secretariat).get(f"/meetings/{meeting.key}/?item={nel_bid.pk}"))
    assert (
        "Chris Chair chairs this board and does not rule on their own conflict: "
        "Dee Deputy (deputy chair) must rule." in page
    )
    with pytest.raises(NotAllowed, match="Dee Deputy \\(deputy chair\\) must rule"):
        flag_rule(actor=chair, flag_id=chair_flagged.pk, outcome="full_part", reason="Mine")
    response = signed_in(chair).post(
        f"/meetings/{meeting.key}/flags/{chair_flagged.pk}/ruling/",
        {
            f"ruling{chair_flagged.pk}-outcome": "full_part",
            f"ruling{chair_flagged.pk}-reason": "Mine",
        },
    )
    # Refused, on the item, with the reason beside the flag.
    assert response.status_code == 403
    html = response.content.decode()
    assert f'id="item-{nel_bid.pk}"' in html
    assert "You cannot rule on your own conflict: Dee Deputy (deputy chair) must rule." in (
        text(response)
    )
    assert not hasattr(ConflictFlag.objects.get(pk=chair_flagged.pk), "ruling")


def test_with_no_one_else_in_the_chair_the_board_must_choose(
    meeting, nel_bid, chair_flagged, secretariat
):
    page = text(signed_in(secretariat).get(f"/meetings/{meeting.key}/?item={nel_bid.pk}"))
    assert "the board must choose someone to chair this item and rule on it" in page


# ----------------------------------------------------------- one item, refusals on it


def test_a_refused_post_lands_on_its_item_with_the_reason_beside_it(meeting, nel_bid, secretariat):
    other = AgendaItem.objects.create(meeting=meeting, order=2, key="other", title="Other item")
    item_flags_refresh(item_id=nel_bid.pk)  # Alice flagged, no ruling: no decision yet
    staff = signed_in(secretariat)
    page = staff.get(f"/meetings/{meeting.key}/?item={nel_bid.pk}").content.decode()
    action = f'action="/meetings/{meeting.key}/items/{nel_bid.pk}/decision/#item-{nel_bid.pk}"'
    assert action in page  # the refusal's page opens at the item
    assert f'href="/meetings/{meeting.key}/?item={other.pk}#item-{other.pk}"' in page  # next
    refused = staff.post(
        f"/meetings/{meeting.key}/items/{nel_bid.pk}/decision/",
        {
            f"decision{nel_bid.pk}-outcome": "agreed",
            f"decision{nel_bid.pk}-how": "consensus",
            f"decision{nel_bid.pk}-decision_kind": "decide",
        },
    )
    assert refused.status_code == 409
    words = text(refused)
    assert words.startswith("Error: Item 1, Transformation funding for a NEL bid")
    assert "have no ruling yet" in words
    assert "Other item" in words  # in the agenda beside it, not as a record
    assert "Record the decision" in words
    assert 'id="item-' + str(other.pk) + '"' not in refused.content.decode()
