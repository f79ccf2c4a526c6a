"""The register of interests' pages and a meeting's declarations (SPEC §9): members keep
their own entries, the secretariat everyone's and records declarations, which then show
on the meeting's declarations page and in the central log. A refused post shows the page
again with the error beside its field, with the service's status, and saves nothing."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.core.models import AuditEvent
from devolution.governance.models import Board
from devolution.meetings.interests.services import interest_declare
from devolution.meetings.models import AgendaItem, Attendance, Declaration, Interest, Meeting
from devolution.partners.models import Organisation
from devolution.partners.services import person_create
from tests.conftest import signed_in
from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db

KEY = "spb-2018-05-24-register"
DASH = "\N{EN DASH}"  # what a page shows for nothing


def error_beside(html: str, field_id: str) -> str:
    """The error message shown beside a field."""
    after = html.split(f'id="{field_id}-error"', 1)[1].split(">", 1)[1]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", after.split("</span>\n", 1)[0])).split())


def _date(name: str, day: int | str, month: int | str, year: int | str) -> dict:
    return {f"{name}_day": str(day), f"{name}_month": str(month), f"{name}_year": str(year)}


def _declare(**fields) -> dict:
    form = {
        "kind": "directorship",
        "organisation": "la-camden",
        "partnership": "",
        "description": "Non-executive director",
        **_date("start", 1, 4, 2017),
        **_date("end", "", "", ""),
    }
    form.update(fields)
    return form


def _end(interest: Interest, day=31, month=3, year=2018, on="mine", version=None) -> dict:
    prefix = f"end{interest.pk}"
    return {
        "on": on,
        f"{prefix}-version": str(interest.version if version is None else version),
        **_date(f"{prefix}-end", day, month, year),
    }


def _entry(person, **kwargs) -> Interest:
    return interest_declare(
        actor=person,
        person=person,
        kind=kwargs.pop("kind", "employment"),
        organisation_key=kwargs.pop("organisation_key", "la-hackney"),
        **kwargs,
    )


# ------------------------------------------------------------------ a member's own entries


def test_a_member_declares_and_ends_their_own_interest_through_the_page(alice):
    client = signed_in(alice)
    assert "You have no current interests on the register" in text(client.get("/interests/"))

    response = client.post("/interests/declare/", _declare())
    assert response.status_code == 302
    assert response["Location"] == "/interests/"
    interest = Interest.objects.get(person=alice)
    assert (interest.kind, interest.organisation.key, interest.start, interest.end) == (
        "directorship",
        "la-camden",
        dt.date(2017, 4, 1),
        None,
    )
    page = text(client.get("/interests/"))
    assert "Your interest is on the register: Directorship: London Borough of Camden." in page
    assert (
        "Directorship London Borough of Camden Non-executive director 1 April 2017 unknown" in page
    )

    response = client.post(f"/interests/{interest.pk}/end/", _end(interest))
    assert response.status_code == 302
    interest.refresh_from_db()
    assert (interest.end, interest.version) == (dt.date(2018, 3, 31), 2)
    page = text(client.get("/interests/"))
    assert "the interest is recorded as ended on 31 March 2018" in page
    assert "You have no current interests on the register" in page
    ended = page.split("Ended interests", 1)[1]
    assert "Directorship London Borough of Camden Non-executive director 1 April 2017" in ended
    assert "31 March 2018" in ended


def test_an_entry_with_no_dates_shows_them_as_unknown(alice):
    _entry(alice, kind="family", organisation_key="la-camden")
    page = text(signed_in(alice).get("/interests/"))
    assert (
        f"Family member or close associate London Borough of Camden {DASH} unknown unknown" in page
    )


def test_a_partnership_may_be_named_instead_of_an_organisation(alice):
    response = signed_in(alice).post(
        "/interests/declare/", _declare(organisation="", partnership="stp-nel")
    )
    assert response.status_code == 302
    assert Interest.objects.get(person=alice).partnership.key == "stp-nel"


def test_a_member_cannot_end_someone_elses_interest(alice, bob):
    interest = _entry(alice)
    events = AuditEvent.objects.count()
    response = signed_in(bob).post(f"/interests/{interest.pk}/end/", _end(interest))
    assert response.status_code == 403
    assert "Members update their own interests" in text(response)
    interest.refresh_from_db()
    assert (interest.end, interest.version) == (None, 1)
    assert AuditEvent.objects.count() == events


def test_a_member_cannot_declare_for_someone_else(alice, bob):
    response = signed_in(bob).post("/interests/declare/", _declare(person_email=alice.email))
    assert response.status_code == 403
    assert "Members update their own interests" in text(response)
    assert not Interest.objects.exists()


def test_an_entry_changed_since_it_was_read_is_not_overwritten(alice, secretariat):
    interest = _entry(alice)
    stale = _end(interest, day=1)
    signed_in(secretariat).post(f"/interests/{interest.pk}/end/", _end(interest, day=2))
    response = signed_in(alice).post(f"/interests/{interest.pk}/end/", stale)
    assert response.status_code == 409
    assert "Someone else changed this entry after you opened it" in text(response)
    interest.refresh_from_db()
    assert interest.end == dt.date(2018, 3, 2)


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"organisation": ""}, "declare-organisation", "Name one organisation or one partnership"),
        (
            {"organisation": "la-camden", "partnership": "stp-nel"},
            "declare-organisation",
            "Name one organisation or one partnership",
        ),
        (
            _date("end", 1, 1, 2017),
            "declare-end",
            "The end date is before the start date",
        ),
        (
            {"organisation": "nowhere"},
            "declare-organisation",
            "Choose one of the organisations listed",
        ),
        ({"kind": ""}, "declare-kind", "Choose the kind of interest"),
        (_date("start", 31, 2, 2017), "declare-start", "The date it started must be a real date"),
    ],
    ids=["no-organisation", "both", "end-before-start", "unknown-organisation", "no-kind", "date"],
)
def test_bad_input_is_refused_beside_the_field_and_saves_nothing(alice, fields, field_id, message):
    events = AuditEvent.objects.count()
    response = signed_in(alice).post("/interests/declare/", _declare(**fields))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'href="#{field_id}' in html  # the error summary links to the field
    assert message in error_beside(html, field_id)
    assert not Interest.objects.exists()
    assert AuditEvent.objects.count() == events


def test_an_end_before_the_start_is_refused_beside_the_date(alice):
    interest = _entry(alice, start=dt.date(2017, 4, 1))
    response = signed_in(alice).post(f"/interests/{interest.pk}/end/", _end(interest, year=2016))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end date is before the start date" in error_beside(html, f"id_end{interest.pk}-end")
    interest.refresh_from_db()
    assert interest.end is None


def test_the_register_pages_are_for_staff_only(alice, reader):
    anonymous = Client().get("/interests/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    outsider = person_create(
        actor=None, email="out@nowhere.example", full_name="Olly Outsider", password="x" * 20
    )
    assert signed_in(outsider).get("/interests/").status_code == 403
    assert signed_in(reader).get("/interests/").status_code == 200
    assert signed_in(alice).get("/interests/register/").status_code == 403


# ------------------------------------------------------------- the secretariat's register


def test_the_secretariat_keeps_anyones_entries(alice, bob, secretariat):
    mine = _entry(alice, description="Trustee of a Hackney charity")
    client = signed_in(secretariat)
    page = text(client.get("/interests/register/"))
    assert "1 entries" in page
    assert "Alice Adams alice@hackney.example Employment London Borough of Hackney" in page

    response = client.post(
        "/interests/declare/",
        _declare(person_email="bob@camden.example", organisation="la-hackney", on="register"),
    )
    assert response.status_code == 302
    assert response["Location"] == "/interests/register/"
    assert Interest.objects.get(person=bob).organisation.key == "la-hackney"
    assert "Bob Brown's interest is on the register" in text(client.get("/interests/register/"))

    response = client.post(f"/interests/{mine.pk}/end/", _end(mine, on="register"))
    assert response.status_code == 302
    assert response["Location"] == "/interests/register/"
    mine.refresh_from_db()
    assert mine.end == dt.date(2018, 3, 31)
    event = AuditEvent.objects.filter(action="end_interest", object_id=str(mine.pk)).get()
    assert event.actor == secretariat


def test_the_register_is_filtered_by_person_and_organisation(alice, bob, secretariat):
    _entry(alice, description="alice-entry")
    _entry(bob, organisation_key="la-camden", description="bob-entry")
    client = signed_in(secretariat)
    by_person = text(client.get("/interests/register/?person=BOB@camden.example"))
    assert "bob-entry" in by_person and "alice-entry" not in by_person
    by_org = text(client.get("/interests/register/?organisation=la-hackney"))
    assert "alice-entry" in by_org and "bob-entry" not in by_org
    refused = client.get("/interests/register/?organisation=nowhere")
    assert refused.status_code == 400
    assert "Choose one of the organisations listed" in text(refused)


def test_the_secretariat_naming_someone_unknown_is_refused_beside_the_field(secretariat):
    response = signed_in(secretariat).post(
        "/interests/declare/", _declare(person_email="nobody@nowhere.example", on="register")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "No one with that email address can sign in here" in error_beside(
        html, "declare-person_email"
    )
    assert "Register of interests" in text(response)  # the page it was posted from
    assert not Interest.objects.exists()


def test_a_member_posting_as_if_from_the_register_gets_their_own_page(bob):
    response = signed_in(bob).post("/interests/declare/", _declare(organisation="", on="register"))
    assert response.status_code == 400
    assert "My interests" in text(response) and "Register of interests" not in text(response)


# -------------------------------------------------------------- a meeting's declarations


@pytest.fixture
def meeting(alice, bob):
    meeting = Meeting.objects.create(
        key=KEY, board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24), status="held"
    )
    for person, org in [(alice, "la-hackney"), (bob, "la-camden")]:
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            kind="present",
            organisation=Organisation.objects.get(key=org),
        )
    AgendaItem.objects.create(meeting=meeting, order=1, key="nel-bid", title="A NEL bid")
    return meeting


def _record(**fields) -> dict:
    return {"person_email": "alice@hackney.example", "item": "", "interest": "", **fields}


def test_declarations_recorded_by_the_secretariat_show_on_the_page_and_in_the_log(
    meeting, alice, bob, secretariat
):
    interest = _entry(alice, kind="directorship", organisation_key="ccg-city-and-hackney")
    _entry(alice, kind="employment", end=dt.date(2018, 1, 1))  # ended before the meeting
    item = AgendaItem.objects.get(meeting=meeting)
    client = signed_in(secretariat)
    form = client.get(f"/meetings/{KEY}/declarations/").content.decode()
    assert f'<option value="{interest.pk}">Alice Adams: Directorship: NHS City' in form
    assert form.count("Alice Adams: ") == 1  # only the entry in force on the day
    assert f'<option value="{item.pk}">1. A NEL bid</option>' in form

    response = client.post(
        f"/meetings/{KEY}/declarations/record/",
        _record(item=str(item.pk), interest=str(interest.pk), text="A director of the bidding CCG"),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{KEY}/declarations/"
    declaration = Declaration.objects.get(meeting=meeting)
    assert (declaration.person, declaration.item, declaration.interest) == (alice, item, interest)

    page = text(signed_in(bob).get(f"/meetings/{KEY}/declarations/"))
    assert (
        "Alice Adams A NEL bid A director of the bidding CCG "
        "Directorship: NHS City and Hackney CCG" in page
    )
    assert "Record a declaration" not in page  # the form is the secretariat's
    log = text(Client().get("/public/conflicts/"))
    assert "A NEL bid Alice Adams Declaration: A director of the bidding CCG" in log


def test_a_declaration_on_the_whole_meeting_needs_no_item_or_entry(meeting, secretariat):
    client = signed_in(secretariat)
    response = client.post(
        f"/meetings/{KEY}/declarations/record/", _record(text="A governor of a school")
    )
    assert response.status_code == 302
    page = text(client.get(f"/meetings/{KEY}/declarations/"))
    assert "Alice Adams's declaration is recorded." in page
    assert f"Alice Adams The whole meeting A governor of a school {DASH}" in page


def test_a_declaration_against_someone_elses_entry_is_refused_beside_the_field(
    meeting, bob, secretariat
):
    bobs = _entry(bob, organisation_key="la-camden")
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/declarations/record/", _record(interest=str(bobs.pk), text="x")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "That interest is not on this person's register entry" in error_beside(
        html, "id_interest"
    )
    assert not Declaration.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        ({"text": ""}, "id_text", "Write what was declared"),
        ({"text": "x", "person_email": "nobody@x.example"}, "id_person_email", "No one with"),
        ({"text": "x", "item": "999999"}, "id_item", "Choose one of this meeting's items"),
    ],
    ids=["no-text", "unknown-person", "item-of-no-meeting"],
)
def test_bad_declarations_are_refused_beside_the_field(
    meeting, secretariat, fields, field_id, message
):
    response = signed_in(secretariat).post(
        f"/meetings/{KEY}/declarations/record/", _record(**fields)
    )
    assert response.status_code == 400
    assert message in error_beside(response.content.decode(), field_id)
    assert not Declaration.objects.exists()


def test_only_the_secretariat_records_declarations(meeting, alice, bob):
    for person in (alice, bob):
        response = signed_in(person).post(
            f"/meetings/{KEY}/declarations/record/", _record(text="mine")
        )
        assert response.status_code == 403
        assert "Only the secretariat records the declarations" in text(response)
    assert not Declaration.objects.exists()
    anonymous = Client().get(f"/meetings/{KEY}/declarations/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    assert Client().post(f"/meetings/{KEY}/declarations/record/", _record()).status_code == 302
    assert not Declaration.objects.exists()


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_make_the_same_queries_with_more_rows(meeting, alice, bob, secretariat):
    client = signed_in(secretariat)
    _entry(alice)
    _entry(bob, organisation_key="la-camden")
    urls = ["/interests/", "/interests/register/", f"/meetings/{KEY}/declarations/"]
    few = [_queries(client, url) for url in urls]
    for n in range(10):
        _entry(alice, description=f"entry {n}")
        _entry(secretariat, description=f"entry {n}")
        Declaration.objects.create(meeting=meeting, person=alice, text=f"declared {n}")
    assert [_queries(client, url) for url in urls] == few
    assert max(few) <= 15
