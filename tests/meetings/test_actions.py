"""Actions with owners and due dates (SPEC §8), shown on the owners' pages and marked
done there or through the API: by the owner, the people of the owning organisation or
the secretariat, never by anyone else, and never over someone else's change."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.core.models import AuditEvent
from devolution.governance.models import Board
from devolution.meetings.models import Action, AgendaItem, Meeting
from devolution.meetings.rules.access import may_mark_action_done
from devolution.partners.models import Organisation, Role
from devolution.partners.rules import MembershipFact
from tests.conftest import make_person, signed_in
from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db

KEY = "spb-2018-05-24-actions"
TODAY = dt.datetime(2018, 6, 15, 12, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def mid_june_2018():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def item(db) -> AgendaItem:
    meeting = Meeting.objects.create(
        key=KEY, board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    return AgendaItem.objects.create(
        meeting=meeting, key="nel-bid", title="Transformation funding for a NEL bid", order=1
    )


def org(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


@pytest.fixture
def alices(item, alice) -> Action:
    """Alice's own action, due before today: overdue."""
    return Action.objects.create(
        item=item, text="Send the bid to NHS England", owner=alice, due=dt.date(2018, 6, 1)
    )


@pytest.fixture
def hackneys(item) -> Action:
    """An action Hackney owns, with no one named."""
    return Action.objects.create(
        item=item,
        text="Confirm Hackney's contribution",
        owner_organisation=org("la-hackney"),
        due=dt.date(2018, 7, 1),
    )


@pytest.fixture
def camdens(item) -> Action:
    return Action.objects.create(
        item=item, text="Camden reports back on estates", owner_organisation=org("la-camden")
    )


def done_form(action: Action, day: str = "10", month: str = "6", year: str = "2018") -> dict:
    prefix = f"done{action.pk}"
    return {
        f"{prefix}-version": action.version,
        f"{prefix}-done_on_day": day,
        f"{prefix}-done_on_month": month,
        f"{prefix}-done_on_year": year,
    }


def post_done(client: Client, action: Action, **date: str):
    return client.post(f"/my/actions/{action.pk}/done/", done_form(action, **date))


def api_done(client: Client, action: Action, done_on: str = "2018-06-10", version=None):
    return client.post(
        f"/api/meetings/{KEY}/items/{action.item.key}/actions/{action.number}/done",
        {"done_on": done_on, "version": action.version if version is None else version},
        content_type="application/json",
    )


def unchanged(action: Action) -> bool:
    fresh = Action.objects.get(pk=action.pk)
    return fresh.done_on is None and fresh.version == action.version


# --------------------------------------------------------------------------- the rule

HACKNEY, CAMDEN = 1, 2
ALICE, BOB = 10, 20
MEMBER = frozenset({MembershipFact(HACKNEY, "board_member")})
READER = frozenset({MembershipFact(HACKNEY, "read_only")})
SECRETARIAT = frozenset({MembershipFact(99, "secretariat")})


@pytest.mark.parametrize(
    ("case", "memberships", "person", "owner", "organisation", "allowed", "rule_id"),
    [
        ("the owner", frozenset(), ALICE, ALICE, None, True, "MTG-ACTION-OWNER"),
        (
            "a member of the owner",
            MEMBER,
            BOB,
            None,
            HACKNEY,
            True,
            "MTG-ACTION-OWNING-ORGANISATION",
        ),
        (
            "the secretariat",
            SECRETARIAT,
            BOB,
            ALICE,
            CAMDEN,
            True,
            "ACC-SECRETARIAT-KEEPS-REGISTERS",
        ),
        ("another partner", MEMBER, BOB, ALICE, CAMDEN, False, "MTG-ACTION-NOT-YOURS"),
        ("a read-only member", READER, BOB, None, HACKNEY, False, "ACC-READ-ONLY"),
        ("no organisation owns it", MEMBER, BOB, ALICE, None, False, "MTG-ACTION-NOT-YOURS"),
        ("signed out", frozenset(), None, ALICE, HACKNEY, False, "ACC-SIGN-IN"),
    ],
)
def test_who_may_mark_an_action_done(
    case, memberships, person, owner, organisation, allowed, rule_id
):
    verdict = may_mark_action_done(
        memberships, person_id=person, owner_id=owner, owner_organisation_id=organisation
    )
    assert verdict.allowed is allowed, case
    assert verdict.reasons[0].rule_id == rule_id, case


# ---------------------------------------------------------------------------- the page


def test_my_actions_shows_mine_and_my_organisations_and_says_whose(
    alices, hackneys, camdens, alice
):
    page = text(signed_in(alice).get("/my/actions/"))
    assert "2 actions" in page
    assert "Send the bid to NHS England" in page and "Confirm Hackney's contribution" in page
    assert "Camden reports back" not in page
    # Whose each one is, and its due date: Alice's own is overdue.
    assert (
        "Send the bid to NHS England SPB, 24 May 2018: Transformation funding for a NEL bid "
        "You 1 June 2018 Overdue" in page
    )
    assert "London Borough of Hackney (your organisation) 1 July 2018" in page
    assert "1 of these actions is past its due date" in page
    # Each open action has a link that opens its form; no form is rendered until then.
    assert page.count("Mark as done") == 2
    assert "done_on_day" not in signed_in(alice).get("/my/actions/").content.decode()


def test_my_actions_renders_only_the_form_opened(alices, hackneys, alice):
    """One action's form on demand (issue 11): `?done=<id>` opens that action's form and
    no other; the link to it keeps the page; a `done` that is not a number opens none."""
    client = signed_in(alice)
    listed = client.get("/my/actions/").content.decode()
    assert f'href="?page=1&amp;done={alices.pk}#action-{alices.pk}"' in listed
    opened = client.get(f"/my/actions/?page=1&done={alices.pk}").content.decode()
    assert f'name="done{alices.pk}-done_on_day"' in opened
    assert f'name="done{hackneys.pk}-done_on_day"' not in opened
    assert f'href="?page=1&amp;done={hackneys.pk}#action-{hackneys.pk}"' in opened
    for nonsense in ("x", "-1", "9" * 30):
        page = client.get(f"/my/actions/?done={nonsense}")
        assert page.status_code == 200 and "done_on_day" not in page.content.decode()


def test_my_actions_pages_twenty_at_a_time(alices, alice):
    """A page of actions is twenty rows (QUALITY P1), the rest on the next pages."""
    from devolution.meetings.views.actions import ACTIONS_PAGE_SIZE

    assert ACTIONS_PAGE_SIZE == 20
    for n in range(ACTIONS_PAGE_SIZE + 3):
        Action.objects.create(item=alices.item, text=f"Extra action {n}", owner=alice)
    client = signed_in(alice)
    first = client.get("/my/actions/").content.decode()
    second = client.get("/my/actions/?page=2").content.decode()
    assert first.count('id="action-') == ACTIONS_PAGE_SIZE
    assert second.count('id="action-') == 4  # 24 in all


def test_my_actions_of_another_partner_and_a_read_only_member(
    alices, hackneys, camdens, bob, reader
):
    bobs = text(signed_in(bob).get("/my/actions/"))
    assert (
        "Camden reports back on estates" in bobs
        and "London Borough of Camden (your organisation)" in bobs
    )
    assert "Send the bid" not in bobs and "Hackney's contribution" not in bobs
    readers = signed_in(reader).get("/my/actions/")
    assert "Confirm Hackney's contribution" in text(readers)
    assert "Mark as done" not in text(readers)  # a read-only role changes nothing


def test_the_owner_marks_an_action_done_on_the_page(alices, alice):
    client = signed_in(alice)
    form = client.get(f"/my/actions/?done={alices.pk}").content.decode()
    assert f'name="done{alices.pk}-version" value="{alices.version}"' in form
    assert f'name="done{alices.pk}-done_on_day" type="text" value="15"' in form  # today
    response = post_done(client, alices)
    assert (response.status_code, response["Location"]) == (302, "/my/actions/")
    action = Action.objects.get(pk=alices.pk)
    assert action.done_on == dt.date(2018, 6, 10) and action.version == alices.version + 1
    event = AuditEvent.objects.get(action="done", object_id=str(alices.pk))
    assert event.before == {"done_on": None, "version": alices.version}
    assert event.after == {"done_on": "2018-06-10", "version": alices.version + 1}
    page = text(client.get("/my/actions/"))
    assert "“Send the bid to NHS England” is marked done on 10 June 2018." in page
    assert "1 June 2018 Done 10 June 2018" in page
    assert "past its due date" not in page


def test_a_member_of_the_owning_organisation_marks_it_done(hackneys, alice, secretariat):
    response = post_done(signed_in(alice), hackneys, day="14")
    assert response.status_code == 302
    assert Action.objects.get(pk=hackneys.pk).done_on == dt.date(2018, 6, 14)


def test_another_partner_is_refused_and_nothing_changes(alices, hackneys, bob, reader):
    not_yours = (
        "Only the action's owner, the people of the organisation that owns it, or the "
        "secretariat may mark it done."
    )
    read_only = "A read-only role cannot change anything."
    for person, action, why in [
        (bob, alices, not_yours),
        (bob, hackneys, not_yours),
        (reader, alices, not_yours),
        (reader, hackneys, read_only),  # Hackney's, but Rey may only read
    ]:
        response = post_done(signed_in(person), action)
        assert response.status_code == 403
        assert why in text(response)
        refused = api_done(signed_in(person), action)
        assert refused.status_code == 403 and refused.json()["message"] == why
        assert unchanged(action)
    assert not AuditEvent.objects.filter(action="done").exists()


def test_signed_out_is_sent_to_sign_in_and_nothing_changes(alices):
    assert post_done(Client(), alices).status_code == 302
    assert api_done(Client(), alices).status_code == 401
    assert unchanged(alices)


def test_a_stale_version_is_refused_with_409_and_nothing_changes(alices, alice, secretariat):
    Action.objects.filter(pk=alices.pk).update(due=dt.date(2018, 6, 8), version=alices.version + 1)
    response = post_done(signed_in(alice), alices)  # the version as Alice read it
    assert response.status_code == 409
    assert "Someone else changed this action after you opened it" in text(response)
    answer = api_done(signed_in(secretariat), alices)
    assert answer.status_code == 409 and "Someone else changed" in answer.json()["message"]
    fresh = Action.objects.get(pk=alices.pk)
    assert fresh.done_on is None and fresh.version == alices.version + 1


def test_an_action_already_done_is_not_done_again(alices, alice):
    assert api_done(signed_in(alice), alices).status_code == 200
    again = api_done(signed_in(alice), alices, "2018-06-12", version=alices.version + 1)
    assert again.status_code == 409
    assert again.json() == {
        "message": "This action was already marked done on 10 June 2018: nothing was changed.",
        "field": "done_on",
    }
    assert Action.objects.get(pk=alices.pk).done_on == dt.date(2018, 6, 10)


def test_a_date_in_the_future_is_refused_beside_the_date(alices, alice):
    response = post_done(signed_in(alice), alices, day="16")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The date it was done cannot be in the future" in text(response)
    assert f'href="#id_done{alices.pk}-done_on_day"' in html  # the summary links to the field
    answer = api_done(signed_in(alice), alices, "2018-06-16")
    assert answer.status_code == 400
    assert answer.json()["problems"] == [
        {"message": "the date it was done cannot be in the future", "field": "done_on", "row": None}
    ]
    assert unchanged(alices)


def test_a_date_before_the_meeting_or_not_a_date_is_refused(alices, alice):
    client = signed_in(alice)
    before = api_done(client, alices, "2018-05-23")
    assert before.status_code == 400
    assert before.json()["problems"][0]["field"] == "done_on"
    assert "before the meeting of 24 May 2018" in before.json()["message"]
    response = post_done(client, alices, day="31", month="2")
    assert response.status_code == 400
    assert "The date it was done must be a real date" in text(response)
    wrong = api_done(client, alices, "not a date")
    assert wrong.status_code == 422 and wrong.json()["problems"][0]["field"] == "done_on"
    assert unchanged(alices)


def test_my_actions_makes_the_same_queries_with_more_actions(alices, hackneys, alice, item):
    client = signed_in(alice)

    def queries() -> int:
        client.get("/my/actions/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/my/actions/").status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        Action.objects.create(item=item, text=f"Mine {n}", owner=alice)
        Action.objects.create(item=item, text=f"Ours {n}", owner_organisation=org("la-hackney"))
    assert queries() == before <= 15


# ----------------------------------------------------------------------------- the API


def _texts(response) -> list[str]:
    return [a["text"] for a in response.json()["items"]]


def test_the_api_lists_mine_and_my_organisations_only(alices, hackneys, camdens, alice, bob):
    mine = signed_in(alice).get("/api/actions")
    assert mine.status_code == 200
    assert mine.json()["count"] == 2
    first = mine.json()["items"][0]
    assert first == {
        "number": alices.number,
        "meeting": KEY,
        "item": "nel-bid",
        "item_title": "Transformation funding for a NEL bid",
        "text": "Send the bid to NHS England",
        "owner": alice.email,
        "organisation": None,
        "due": "2018-06-01",
        "done_on": None,
        "version": alices.version,
    }
    assert _texts(mine) == ["Send the bid to NHS England", "Confirm Hackney's contribution"]
    assert _texts(signed_in(bob).get("/api/actions")) == ["Camden reports back on estates"]
    assert signed_in(bob).get(f"/api/actions?meeting={KEY}").json()["count"] == 1


def test_anonymous_are_refused_the_list_with_401(alices):
    response = Client().get("/api/actions")
    assert response.status_code == 401
    assert "Send the bid" not in response.content.decode()


def test_the_secretariat_lists_a_meetings_actions(alices, hackneys, camdens, secretariat):
    client = signed_in(secretariat)
    assert client.get("/api/actions").json()["count"] == 0  # none of theirs
    every = client.get(f"/api/actions?meeting={KEY}")
    assert sorted(_texts(every)) == sorted(a.text for a in (alices, hackneys, camdens))
    page = client.get(f"/api/actions?meeting={KEY}&limit=1&offset=1").json()
    assert page["count"] == 3 and len(page["items"]) == 1
    unknown = client.get("/api/actions?meeting=no-such-meeting")
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["field"] == "meeting"


def test_the_secretariat_records_an_action_through_the_api(item, alice, secretariat):
    url = f"/api/meetings/{KEY}/items/nel-bid/actions"
    body = {
        "text": "Write to NHS England",
        "owner_email": alice.email,
        "organisation": "la-hackney",
        "due": "2018-07-01",
    }
    created = signed_in(secretariat).post(url, body, content_type="application/json")
    assert created.status_code == 201
    action = Action.objects.get(text="Write to NHS England")
    # the item's fixture has no action yet: this is its first
    assert created.json()["number"] == action.number == 1
    second = signed_in(secretariat).post(
        url, {**body, "text": "Write again"}, content_type="application/json"
    )
    assert second.json()["number"] == 2
    assert (created.json()["owner"], created.json()["organisation"]) == (alice.email, "la-hackney")
    assert action.owner == alice and action.due == dt.date(2018, 7, 1)
    assert AuditEvent.objects.filter(action="create", object_id=str(action.pk)).exists()
    refused = signed_in(alice).post(url, {**body, "text": "Mine"}, content_type="application/json")
    assert refused.status_code == 403 and not Action.objects.filter(text="Mine").exists()


def test_an_action_through_the_api_names_the_field_at_fault(item, secretariat):
    client = signed_in(secretariat)
    url = f"/api/meetings/{KEY}/items/nel-bid/actions"
    unknown = client.post(
        url, {"text": "x", "organisation": "nowhere"}, content_type="application/json"
    )
    assert unknown.status_code == 400
    assert unknown.json()["problems"] == [
        {"message": "no organisation 'nowhere'", "field": "organisation", "row": None}
    ]
    no_owner = client.post(url, {"text": "x"}, content_type="application/json")
    assert no_owner.status_code == 400 and no_owner.json()["problems"][0]["field"] == "owner_email"
    empty = client.post(
        url, {"text": "", "organisation": "la-hackney"}, content_type="application/json"
    )
    assert empty.status_code == 422 and empty.json()["problems"][0]["field"] == "text"
    missing = client.post(
        f"/api/meetings/{KEY}/items/none/actions", {"text": "x"}, content_type="application/json"
    )
    assert missing.status_code == 404
    assert not Action.objects.exists()


def test_the_owner_marks_done_through_the_api_and_the_secretariat_may_too(
    alices, hackneys, alice, secretariat
):
    done = api_done(signed_in(alice), alices)
    assert done.status_code == 200
    assert (done.json()["done_on"], done.json()["version"]) == ("2018-06-10", alices.version + 1)
    assert api_done(signed_in(secretariat), hackneys, "2018-06-15").status_code == 200
    assert Action.objects.get(pk=hackneys.pk).done_on == dt.date(2018, 6, 15)
    # each action is addressed by its number on its item: the second is Hackney's
    assert (done.json()["number"], hackneys.number) == (1, 2)
    assert Action.objects.get(pk=alices.pk).done_on == dt.date(2018, 6, 10)
    no_such = Action(item=alices.item, number=3, version=1)
    assert api_done(signed_in(alice), no_such).status_code == 404


def test_an_organisation_member_not_owner_marks_it_done_through_the_api(hackneys):
    colleague = make_person("hana@hackney.example", "la-hackney", Role.BOARD_MEMBER, "Hana Hill")
    assert api_done(signed_in(colleague), hackneys).status_code == 200
    assert Action.objects.get(pk=hackneys.pk).done_on == dt.date(2018, 6, 10)
