"""The meetings pages and the API at England's scale (issue 11; QUALITY P3, P4): each
page and API read makes the same number of queries (at most 15) whether or not another
partnership holds many boards, meetings, items, declarations, rulings, actions and
register entries of its own; the forms and filters offer the partnership in view's
boards and organisations, never another's; the staff meeting page renders one item's
forms at a time, and every form of that item posts back to it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.commitments.models import Commitment
from devolution.core.models import Source, User
from devolution.governance.models import Board
from devolution.meetings.interests.models import Interest
from devolution.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Declaration,
    ItemParty,
    Meeting,
    Ruling,
)
from devolution.meetings.services import item_flags_refresh
from devolution.meetings.views.shared import PAGE_SIZE
from devolution.partners.models import Level, Organisation, Partnership, Place
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

OTHER = "synthetic-other"


def other_partnership(size: int) -> Partnership:
    """A partnership besides London's with `size` of everything the meetings pages could
    grow with: organisations and places of its own, boards with a year of meetings, each
    with items naming its parties and places, attendance, declarations, flags ruled on,
    actions, and its members' register entries."""
    source = Source.objects.first()
    stp = Place.objects.create(
        code=f"{OTHER}-stp",
        scheme=Place.Scheme.LOCAL,
        name="Synthetic other system",
        level=Level.objects.get(key="stp"),
        source=source,
    )
    places = [
        Place.objects.create(
            code=f"{OTHER}-b{n}",
            scheme=Place.Scheme.LOCAL,
            name=f"Synthetic other borough {n}",
            level=Level.objects.get(key="borough"),
            parent=stp,
            source=source,
        )
        for n in range(size)
    ]
    organisations = [
        Organisation.objects.create(
            key=f"{OTHER}-org-{n}", name=f"Synthetic other organisation {n}", source=source
        )
        for n in range(size)
    ]
    partnership = Partnership.objects.create(
        key=OTHER, name="Synthetic other partnership", kind="stp", source=source
    )
    partnership.footprint.set([stp])
    partnership.members.set(organisations)
    spb = Board.objects.get(key="spb")
    people = [
        User.objects.create_user(f"other-{n}@other.example", None, full_name=f"Other {n}")
        for n in range(size)
    ]
    for b in range(2):
        board = Board.objects.create(
            key=f"{OTHER}-board-{b}",
            name=f"Synthetic other board {b}",
            status=spb.status,
            phase_model=spb.phase_model,
            partnership=partnership,
            source=source,
        )
        for m in range(size):
            meeting = Meeting.objects.create(
                key=f"{board.key}-{m}",
                board=board,
                date=dt.date(2018, 1, 1) + dt.timedelta(days=7 * m),
                status=Meeting.Status.HELD,
            )
            for n, person in enumerate(people[:3]):
                Attendance.objects.create(
                    meeting=meeting,
                    person=person,
                    organisation=organisations[n % size],
                    kind="present",
                    is_chair=n == 0,
                )
            item = AgendaItem.objects.create(
                meeting=meeting, key=f"item-{m}", title=f"Other item {m}", purpose="decide"
            )
            item.places.set(places[:2])
            ItemParty.objects.create(item=item, role="applicant", organisation=organisations[-1])
            Declaration.objects.create(meeting=meeting, person=people[-1], item=item, text="Mine")
            flag = ConflictFlag.objects.create(item=item, person=people[-1], reasons=["Theirs"])
            Ruling.objects.create(flag=flag, outcome="withdraw", reason="Ok", ruled_by=people[0])
            Action.objects.create(item=item, text="Do it", owner_organisation=organisations[0])
    for n, person in enumerate(people):
        Interest.objects.create(person=person, kind="employment", organisation=organisations[n])
    Commitment.objects.bulk_create(
        Commitment(
            reference=f"OTHER-{n}", text=f"Other {n}", partnership=partnership, source=source
        )
        for n in range(size)
    )
    return partnership


def queries(client: Client, path: str) -> tuple[int, str]:
    client.get(path)  # the first request of a session reads more
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured), response.content.decode()


def _paths(meeting: Meeting, item: AgendaItem) -> list[str]:
    key = meeting.key
    return [
        "/meetings/",
        "/meetings/?board=spb",
        "/meetings/new/",
        f"/meetings/{key}/",
        f"/meetings/{key}/?item={item.pk}",
        f"/meetings/{key}/items/new/",
        f"/meetings/{key}/items/{item.pk}/edit/",
        f"/meetings/{key}/declarations/",
        f"/meetings/{key}/pack/",
        f"/public/meetings/{key}/",
        "/public/boards/spb/meetings.ics",
        "/public/conflicts/",
        "/public/conflicts.csv",
        "/my/actions/",
        "/interests/",
        "/interests/register/",
        "/api/meetings",
        f"/api/meetings/{key}",
        f"/api/meetings/{key}/items/{item.key}",
        f"/api/meetings/{key}/attendance",
        f"/api/meetings/{key}/declarations",
        "/api/actions",
        f"/api/actions?meeting={key}",
        "/api/interests",
    ]


@pytest.fixture
def recorded(meeting, nel_bid, secretariat, alice):
    """London's meeting with a flag ruled on, a declaration, an action and an entry."""
    item_flags_refresh(item_id=nel_bid.pk)
    Declaration.objects.create(meeting=meeting, person=alice, item=nel_bid, text="Declared")
    Action.objects.create(item=nel_bid, text="Write it up", owner=secretariat)
    Interest.objects.create(
        person=alice, kind="employment", organisation=Organisation.objects.get(key="la-hackney")
    )
    return nel_bid


def test_every_meetings_page_and_api_read_makes_the_same_queries_with_another_partnerships_data(
    meeting, recorded, secretariat
):
    client = signed_in(secretariat)
    paths = _paths(meeting, recorded)
    small = {path: queries(client, path)[0] for path in paths}
    other_partnership(size=8)
    large = {path: queries(client, path)[0] for path in paths}
    assert large == small
    assert max(small.values()) <= 15, small


def test_the_meetings_list_and_its_board_filter_are_the_partnership_in_views(meeting, secretariat):
    other = other_partnership(size=2)
    client = signed_in(secretariat)
    page = client.get("/meetings/").content.decode()
    assert 'value="spb"' in page
    assert f"{OTHER}-board-0" not in page
    assert meeting.key in page
    theirs = client.get(f"/meetings/?partnership={other.key}").content.decode()
    assert f'value="{OTHER}-board-0"' in theirs
    assert 'value="spb"' not in theirs
    assert f"/meetings/{OTHER}-board-0-1/" in theirs
    assert meeting.key not in theirs
    # Another partnership's board is not one of this partnership's: refused, in words.
    refused = client.get(f"/meetings/?board={OTHER}-board-0")
    assert refused.status_code == 400
    assert "Choose one of the boards listed" in refused.content.decode()
    unknown = client.get("/meetings/?partnership=no-such-partnership")
    assert unknown.status_code == 400
    assert "No partnership has that key" in unknown.content.decode()
    api = client.get("/api/meetings").json()["items"]
    assert meeting.key in {m["key"] for m in api}
    assert not any(m["key"].startswith(OTHER) for m in api)
    theirs_api = client.get(f"/api/meetings?partnership={other.key}").json()["items"]
    assert theirs_api and all(m["key"].startswith(OTHER) for m in theirs_api)
    missing = client.get("/api/meetings?partnership=no-such-partnership")
    assert missing.status_code == 422
    assert "partnership" in missing.content.decode()


def test_the_meetings_forms_offer_the_meetings_partnerships_organisations_only(
    meeting, recorded, secretariat
):
    other_partnership(size=2)
    client = signed_in(secretariat)
    for path in (
        f"/meetings/{meeting.key}/",
        f"/meetings/{meeting.key}/?item={recorded.pk}",
        f"/meetings/{meeting.key}/items/new/",
        f"/meetings/{meeting.key}/items/{recorded.pk}/edit/",
        "/meetings/new/",
        "/interests/",
        "/interests/register/",
    ):
        page = client.get(path).content.decode()
        assert OTHER not in page, path
    item_form = client.get(f"/meetings/{meeting.key}/items/new/").content.decode()
    assert 'value="organisation:la-hackney"' in item_form
    assert 'value="partnership:stp-nel"' in item_form
    assert 'value="QMF"' in item_form
    register = client.get("/interests/register/").content.decode()
    assert 'value="la-hackney"' in register
    theirs = client.get(f"/interests/register/?partnership={OTHER}").content.decode()
    assert f'value="{OTHER}-org-0"' in theirs
    assert 'value="la-hackney"' not in theirs


def test_an_organisation_outside_the_meetings_partnership_is_refused_beside_its_field(
    meeting, recorded, secretariat, alice
):
    other_partnership(size=2)
    response = signed_in(secretariat).post(
        f"/meetings/{meeting.key}/items/{recorded.pk}/actions/",
        {
            f"action{recorded.pk}-text": "Write to them",
            f"action{recorded.pk}-owner_email": alice.email,
            f"action{recorded.pk}-organisation": f"{OTHER}-org-0",
        },
    )
    assert response.status_code == 400
    assert "Choose one of the organisations listed" in response.content.decode()
    assert not Action.objects.filter(text="Write to them").exists()


def test_the_register_of_interests_is_paginated(secretariat):
    other_partnership(size=PAGE_SIZE + 5)
    client = signed_in(secretariat)
    first = client.get(f"/interests/register/?partnership={OTHER}").content.decode()
    assert PAGE_SIZE == 20
    assert first.count('id="interest-') == PAGE_SIZE
    assert "page 1 of 2" in first
    second = client.get(f"/interests/register/?partnership={OTHER}&page=2").content.decode()
    assert second.count('id="interest-') == 5


def test_the_register_of_interests_is_the_partnership_in_views(recorded, secretariat, alice):
    """The register page and the API list one partnership's register (the default's
    unless asked): its people's entries, not every partnership's; a member's email
    address finds their whole register whatever their partnership."""
    other_partnership(size=3)
    client = signed_in(secretariat)
    ours = client.get("/interests/register/").content.decode()
    assert alice.email in ours and "other-0@other.example" not in ours
    theirs = client.get(f"/interests/register/?partnership={OTHER}").content.decode()
    assert "other-0@other.example" in theirs and alice.email not in theirs
    found = client.get("/interests/register/?person=other-1@other.example").content.decode()
    assert "other-1@other.example" in found
    api = client.get("/api/interests").json()
    assert {i["person"] for i in api["items"]} == {alice.email}
    theirs_api = client.get(f"/api/interests?partnership={OTHER}").json()["items"]
    assert {i["person"] for i in theirs_api} == {f"other-{n}@other.example" for n in range(3)}
    one = client.get("/api/interests?person=other-2@other.example").json()["items"]
    assert [i["person"] for i in one] == ["other-2@other.example"]
    missing = client.get("/api/interests?partnership=no-such-partnership")
    assert missing.status_code == 422 and "partnership" in missing.content.decode()


def test_the_register_renders_one_entrys_end_form_on_demand(recorded, secretariat, alice):
    """Each current entry on the register has a link that opens its form to end it
    (`?end=<id>`); no form is rendered until then (QUALITY P1)."""
    entry = Interest.objects.get(person=alice)
    client = signed_in(secretariat)
    listed = client.get("/interests/register/").content.decode()
    assert f'href="?page=1&amp;end={entry.pk}#interest-{entry.pk}"' in listed
    assert f'name="end{entry.pk}-end_day"' not in listed
    opened = client.get(f"/interests/register/?end={entry.pk}").content.decode()
    assert f'name="end{entry.pk}-end_day"' in opened


FORM = re.compile(r'<form method="post" action="([^"]+)"')


def test_the_staff_meeting_page_renders_the_forms_of_the_chosen_item_only(
    meeting, recorded, secretariat
):
    other = AgendaItem.objects.create(meeting=meeting, key="other", title="Another item")
    client = signed_in(secretariat)
    key = meeting.key
    agenda = client.get(f"/meetings/{key}/").content.decode()
    actions = FORM.findall(agenda)
    # The agenda alone: the meeting's own forms (attendance, its status, the draft).
    assert not [a for a in actions if "/items/" in a or "/flags/" in a], actions
    assert f'href="/meetings/{key}/?item={recorded.pk}#item-{recorded.pk}"' in agenda
    assert f'href="/meetings/{key}/?item={other.pk}#item-{other.pk}"' in agenda

    chosen = FORM.findall(client.get(f"/meetings/{key}/?item={recorded.pk}").content.decode())
    on_items = sorted(a for a in chosen if "/items/" in a)
    assert on_items == sorted(
        f"/meetings/{key}/items/{recorded.pk}/{what}/#item-{recorded.pk}"
        for what in ("conflicts", "decision", "actions", "papers")
    )
    assert not [a for a in chosen if f"/items/{other.pk}/" in a]
    # One item at a time: the meeting's own forms stay on its overview.
    assert not [a for a in chosen if a.startswith(f"/meetings/{key}/") and "/items/" not in a]


def test_a_refused_or_missing_item_is_not_found(meeting, recorded, secretariat):
    client = signed_in(secretariat)
    elsewhere = AgendaItem.objects.create(
        meeting=Meeting.objects.create(
            key="spb-elsewhere", board=meeting.board, date=dt.date(2018, 9, 1)
        ),
        key="elsewhere",
        title="Elsewhere",
    )
    for value in ("nope", "999999", str(elsewhere.pk)):
        assert client.get(f"/meetings/{meeting.key}/?item={value}").status_code == 404


def test_each_of_the_items_forms_posts_and_returns_to_the_item(
    meeting, recorded, secretariat, alice, chair
):
    client = signed_in(secretariat)
    key, pk = meeting.key, recorded.pk
    back = f"/meetings/{key}/?item={pk}#item-{pk}"
    checked = client.post(f"/meetings/{key}/items/{pk}/conflicts/")
    assert checked["Location"] == back
    action = client.post(
        f"/meetings/{key}/items/{pk}/actions/",
        {f"action{pk}-text": "Write it up", f"action{pk}-owner_email": alice.email},
    )
    assert action["Location"] == back
    shown = client.get(back).content.decode()
    assert "The action on “Transformation funding for a NEL bid” is recorded." in shown
    assert f'action="/meetings/{key}/items/{pk}/decision/#item-{pk}"' in shown
    # A refused post shows that item's forms again, the error beside its field.
    refused = client.post(f"/meetings/{key}/items/{pk}/actions/", {f"action{pk}-text": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'action="/meetings/{key}/items/{pk}/actions/#item-{pk}"' in page
    assert f'id="action{pk}-text-error"' in page or "nhsuk-error-message" in page
    flag = ConflictFlag.objects.filter(item=recorded).first()
    assert flag is not None
    ruled = signed_in(chair).post(
        f"/meetings/{key}/flags/{flag.pk}/ruling/",
        {f"ruling{flag.pk}-outcome": "withdraw", f"ruling{flag.pk}-reason": "In the area"},
    )
    assert ruled["Location"] == back
    decided = client.post(
        f"/meetings/{key}/items/{pk}/decision/",
        {
            f"decision{pk}-outcome": "agreed",
            f"decision{pk}-how": "consensus",
            f"decision{pk}-decision_kind": "decide",
        },
    )
    assert decided["Location"] == back


def test_a_meetings_lists_make_the_same_queries_however_many_rows_it_has(
    meeting, recorded, secretariat, alice, bob
):
    """One meeting's declarations, attendance, items and actions, read through the API
    and the pages: one row or many, the same queries (each row names its meeting)."""
    client = signed_in(secretariat)
    paths = [p for p in _paths(meeting, recorded) if meeting.key in p]
    few = {path: queries(client, path)[0] for path in paths}
    for n in range(6):
        item = AgendaItem.objects.create(meeting=meeting, key=f"more-{n}", title=f"More {n}")
        Declaration.objects.create(meeting=meeting, person=bob, item=item, text=f"Said {n}")
        Action.objects.create(item=item, text=f"Do {n}", owner=alice)
    many = {path: queries(client, path)[0] for path in paths}
    assert many == few


def test_the_conflicts_log_and_its_csv_are_the_partnership_in_views(meeting, recorded, alice):
    other_partnership(size=2)
    public = Client()
    ours = f'href="/public/meetings/{meeting.key}/"'
    log = public.get("/public/conflicts/").content.decode()
    assert ours in log and "Synthetic other board" not in log
    theirs = public.get(f"/public/conflicts/?partnership={OTHER}").content.decode()
    assert "Synthetic other board" in theirs and ours not in theirs
    assert f'href="/public/conflicts.csv?partnership={OTHER}"' in theirs
    csv = public.get(f"/public/conflicts.csv?partnership={OTHER}").content.decode()
    assert f"{OTHER}-board-0-0" in csv and meeting.key not in csv
    assert meeting.key in public.get("/public/conflicts.csv").content.decode()
    assert public.get("/public/conflicts/?partnership=nowhere").status_code == 404


def test_the_register_renders_the_declare_form_on_demand(recorded, secretariat):
    """The register links to the form to declare an interest, keeping the partnership in
    view; `?declare` renders it (QUALITY P1)."""
    other_partnership(size=2)
    client = signed_in(secretariat)
    listed = client.get("/interests/register/").content.decode()
    assert 'name="person_email"' not in listed
    assert 'href="?declare=1#declare"' in listed
    theirs = client.get(f"/interests/register/?partnership={OTHER}").content.decode()
    assert f'href="?partnership={OTHER}&amp;declare=1#declare"' in theirs
    opened = client.get(f"/interests/register/?partnership={OTHER}&declare=1").content.decode()
    assert 'name="person_email"' in opened and f'value="{OTHER}-org-0"' in opened
    assert f'name="in_view" value="{OTHER}"' in opened


LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "data"},
}


def test_the_registers_scope_is_kept_until_a_write(recorded, secretariat, alice):
    """Whose entries the register lists (its people, bodies) is found once per version
    of the data: the second request makes fewer queries; a write shows at once."""
    from django.core.cache import caches
    from django.test import override_settings

    from devolution.meetings.interests.services import interest_declare

    with override_settings(CACHES=LOCMEM):
        caches["data"].clear()
        client = signed_in(secretariat)
        client.get("/interests/register/")  # the session's first request
        caches["data"].clear()
        with CaptureQueriesContext(connection) as built:
            client.get("/interests/register/")
        with CaptureQueriesContext(connection) as kept:
            page = client.get("/interests/register/").content.decode()
        # The partnership in view (one query), the scope (its organisations, people,
        # partnerships: three), the form's choices (two), and the page's count and rows
        # (two) are read once; the data's version is read once a request however many of
        # them are kept.
        assert len(built) - len(kept) == 9
        assert alice.email in page and "Sits on a council committee" not in page
        interest_declare(
            actor=secretariat,
            person=alice,
            kind="non-pecuniary",
            organisation_key="la-hackney",
            partnership_key=None,
            description="Sits on a council committee",
            start=None,
            end=None,
        )
        assert "Sits on a council committee" in client.get("/interests/register/").content.decode()


def test_the_meetings_api_lists_twenty_items_a_page_unless_asked(secretariat):
    """The meetings API's lists give twenty items by default (QUALITY P1); a client may
    still ask for up to the API's largest page, and the count is of every item."""
    other_partnership(size=12)  # two boards of twelve meetings each
    client = signed_in(secretariat)
    page = client.get(f"/api/meetings?partnership={OTHER}").json()
    assert (len(page["items"]), page["count"]) == (20, 24)
    whole = client.get(f"/api/meetings?partnership={OTHER}&limit=1000").json()
    assert len(whole["items"]) == 24
    entries = client.get(f"/api/interests?partnership={OTHER}").json()
    assert (len(entries["items"]), entries["count"]) == (12, 12)
    openapi = client.get("/api/openapi.json").json()
    limit = next(
        p for p in openapi["paths"]["/api/actions"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["default"] == 20


# A seat's holder is named by their address; the names of others in attendance and of
# a deputy are empty for them.
NAMED_BY_SEAT = {"name": "", "organisation_name": "", "deputy_name": ""}


def test_the_attendance_api_is_kept_until_a_write(meeting, secretariat, alice, bob, chair):
    """A meeting's attendance through the API: its rows in order, read once per version
    of the data (QUALITY P1); a change recorded shows at once."""
    from django.core.cache import caches
    from django.test import override_settings

    with override_settings(CACHES=LOCMEM):
        caches["data"].clear()
        client = signed_in(secretariat)
        path = f"/api/meetings/{meeting.key}/attendance"
        with CaptureQueriesContext(connection) as built:
            first = client.get(path).json()
        with CaptureQueriesContext(connection) as kept:
            assert client.get(path).json() == first
        assert len(built) - len(kept) == 2  # the meeting and its rows
        assert first["items"] == [
            {
                "person": chair.email,
                "organisation": "nhs-england-london",
                "kind": "present",
                "is_chair": True,
                "is_deputy": False,
                **NAMED_BY_SEAT,
            },
            {
                "person": alice.email,
                "organisation": "la-hackney",
                "kind": "present",
                "is_chair": False,
                "is_deputy": False,
                **NAMED_BY_SEAT,
            },
            {
                "person": bob.email,
                "organisation": "la-camden",
                "kind": "present",
                "is_chair": False,
                "is_deputy": False,
                **NAMED_BY_SEAT,
            },
        ]
        changed = client.post(
            path,
            {"person_email": bob.email, "organisation": "la-camden", "kind": "apologies"},
            content_type="application/json",
        )
        assert changed.status_code == 201
        after = {r["person"]: r["kind"] for r in client.get(path).json()["items"]}
        assert after[bob.email] == "apologies"
        assert client.get("/api/meetings/no-such-meeting/attendance").status_code == 404


def test_the_meetings_list_shows_each_meetings_status_in_words(meeting, secretariat):
    """The list names each meeting's status as the meeting page does (words made once a
    page, not asked of each row)."""
    client = Client()
    client.get("/meetings/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/meetings/").content.decode()
    # The partnership, the data's version (what is kept is kept under it), its boards, the
    # upcoming meetings, the count of the past and the page's rows: no column the page
    # shows is left out of the rows' queries (each would be a query a row).
    assert len(captured) == 6
    page = re.sub(r"\s+", " ", html)
    assert (
        f'<a href="/public/meetings/{meeting.key}/">24 May 2018</a>' in page
        and '<strong class="nhsuk-tag nhsuk-tag--blue">Agenda published</strong>' in page
    )


def test_the_meetings_list_is_kept_until_a_write(meeting, secretariat):
    """The boards that have met, the count and each page of meetings are read once per
    version of the data (core.versions): the second request reads only the partnership and
    the version; a meeting scheduled shows at once."""
    from django.core.cache import caches
    from django.test import override_settings

    from devolution.meetings.agenda import meeting_schedule

    with override_settings(CACHES=LOCMEM):
        caches["data"].clear()
        client = Client()
        with CaptureQueriesContext(connection) as built:
            first = client.get("/meetings/").content.decode()
        with CaptureQueriesContext(connection) as kept:
            again = client.get("/meetings/").content.decode()
        nonce = re.compile(r'nonce="[^"]*"')  # each response's own
        assert nonce.sub("", again) == nonce.sub("", first)
        # The boards, the upcoming meetings, the count of the past and their rows.
        assert len(built) - len(kept) == 4
        assert "Kept-list test meeting" not in first
        meeting_schedule(
            actor=secretariat,
            board_key=meeting.board.key,
            date=meeting.date + dt.timedelta(days=1),
            place="Kept-list test meeting",
            starts_at=dt.time(14),
            ends_at=dt.time(16),
        )
        assert "Kept-list test meeting" in client.get("/meetings/").content.decode()
