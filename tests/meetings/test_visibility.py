"""One rule for what each reader sees of meetings (SPEC §8, §15; QUALITY R5): the public
sees published items and approved minutes; a board's confidential items, their papers,
the full pack and draft minutes are read by that board's members and the secretariat;
other staff see the meeting with the confidential items withheld as from the public.
Each door is tried with each reader: the staff page, the minutes, the declarations, the
API, the pack (page and PDF), the papers, the calendar and the central log."""

import pytest

from devolution.governance.models import Board, BoardMember
from devolution.governance.rules.access import board_facts_from
from devolution.meetings.models import AgendaItem, Declaration, Meeting, Paper
from devolution.meetings.rules.access import may_read_confidential
from devolution.meetings.services import minutes_draft
from devolution.partners.models import Organisation, Role
from devolution.partners.rules import MembershipFact
from tests.conftest import make_person, signed_in
from tests.meetings.test_pages import (  # noqa: F401 - fixtures
    KEY,
    MARKER,
    meeting,
    text,
)
from tests.meetings.test_publication import body

pytestmark = pytest.mark.django_db


@pytest.fixture
def dana(db):
    """A board member of Lambeth, seated on the London Estates Board, not on the SPB."""
    person = make_person("dana@lambeth.example", "la-lambeth", Role.BOARD_MEMBER, "Dana Dee")
    BoardMember.objects.create(
        board=Board.objects.get(key="leb"),
        person=person,
        organisation=Organisation.objects.get(key="la-lambeth"),
    )
    return person


@pytest.fixture
def spb(meeting):  # noqa: F811
    """Issue 5's SPB meeting (tests/meetings/test_pages.py): Alice and Bob sit on the SPB;
    its confidential item, paper and Alice's declaration on it carry the marker."""
    return meeting


@pytest.fixture
def drafted(spb, secretariat):
    """The meeting's minutes, drafted and not approved."""
    return minutes_draft(actor=secretariat, meeting_key=KEY)


def secret_paper() -> Paper:
    return Paper.objects.get(title=f"Valuation {MARKER}")


# ------------------------------------------------------------------------- the rule


SPB = board_facts_from(1, [(10, ""), (11, "chair")])
SECRETARIAT = frozenset({MembershipFact(1, "secretariat")})
MEMBER = frozenset({MembershipFact(2, "board_member")})


@pytest.mark.parametrize(
    "memberships, person_id, allowed",
    [
        (frozenset(), None, False),  # the public
        (frozenset(), 10, False),  # seated, but no longer in a partner organisation
        (SECRETARIAT, 99, True),  # the secretariat reads every board's
        (MEMBER, 10, True),  # seated on the board
        (MEMBER, 11, True),  # its chair is seated too
        (MEMBER, 12, False),  # staff, not seated on this board
    ],
)
def test_a_boards_confidential_business_is_read_by_its_members_and_the_secretariat(
    memberships, person_id, allowed
):
    assert may_read_confidential(memberships, SPB, person_id).allowed is allowed


# ---------------------------------------------------------- a meeting's staff pages


def test_a_member_seated_on_the_board_reads_its_confidential_item_and_paper(spb, bob):
    client = signed_in(bob)
    page = text(client.get(f"/meetings/{KEY}/"))
    assert f"Disposal of a site {MARKER}" in page
    assert f"Alice's interest {MARKER}" in page
    assert "Full pack, with confidential items" in page
    response = client.get(f"/meetings/papers/{secret_paper().pk}/")
    assert response.status_code == 200


def test_staff_of_another_board_see_the_meeting_without_its_confidential_item(spb, dana):
    client = signed_in(dana)
    response = client.get(f"/meetings/{KEY}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Transformation funding for a NEL bid" in page
    assert MARKER not in page
    assert "Withheld: the item is confidential" in page  # Alice declared on it
    assert "Full pack, with confidential items" not in page
    assert client.get(f"/meetings/papers/{secret_paper().pk}/").status_code == 404
    public = Paper.objects.get(title="The NEL bid")
    assert client.get(f"/meetings/papers/{public.pk}/").status_code == 200


def test_staff_on_no_board_are_withheld_the_confidential_item_too(spb, reader):
    client = signed_in(reader)
    for path in (
        f"/meetings/{KEY}/",
        f"/meetings/{KEY}/declarations/",
        f"/meetings/{KEY}/pack/",
        f"/meetings/{KEY}/pack.pdf",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in body(response), path
    assert client.get(f"/meetings/papers/{secret_paper().pk}/").status_code == 404


def test_the_secretariat_reads_every_boards_confidential_business(spb, secretariat):
    client = signed_in(secretariat)
    assert MARKER in client.get(f"/meetings/{KEY}/").content.decode()
    assert MARKER in body(client.get(f"/meetings/{KEY}/pack.pdf"))
    assert client.get(f"/meetings/papers/{secret_paper().pk}/").status_code == 200


def test_the_full_pack_is_for_the_boards_members(spb, bob, dana):
    full = signed_in(bob).get(f"/meetings/{KEY}/pack.pdf")
    assert full["Content-Disposition"].endswith(f'"{KEY}-agenda-pack-confidential.pdf"')
    assert MARKER in body(full)
    page = signed_in(bob).get(f"/meetings/{KEY}/pack/").content.decode()
    assert "This full pack includes items taken in private" in page
    withheld = signed_in(dana).get(f"/meetings/{KEY}/pack.pdf")
    assert withheld["Content-Disposition"].endswith(f'"{KEY}-agenda-pack.pdf"')
    assert MARKER not in body(withheld)
    page = signed_in(dana).get(f"/meetings/{KEY}/pack/").content.decode()
    assert "Transformation funding for a NEL bid" in page
    assert "Items the board takes in private are not included" in page
    assert MARKER not in page


def test_draft_minutes_are_read_by_the_boards_members_and_the_secretariat(
    drafted, bob, dana, secretariat, client
):
    first_line = drafted.text.splitlines()[0]
    for person in (bob, secretariat):
        assert first_line in signed_in(person).get(f"/meetings/{KEY}/minutes/").content.decode()
    assert "Drafted, not yet approved" in text(signed_in(dana).get(f"/meetings/{KEY}/"))
    page = signed_in(dana).get(f"/meetings/{KEY}/minutes/").content.decode()
    assert first_line not in page
    assert "drafted and not yet approved" in page
    assert f"Disposal of a site {MARKER}" not in page
    assert first_line not in client.get(f"/public/meetings/{KEY}/").content.decode()


# ------------------------------------------------------------------------------ the API


def test_the_api_gives_the_confidential_item_to_the_boards_members_only(
    spb, bob, dana, secretariat, client
):
    for who, sees in ((bob, True), (secretariat, True), (dana, False)):
        listed = signed_in(who).get(f"/api/meetings/{KEY}")
        keys = [i["key"] for i in listed.json()["items"]]
        assert ("estates-disposal" in keys) is sees, who
        assert listed.json()["items"][0]["flags"] == []  # staff see flags, of what they see
        one = signed_in(who).get(f"/api/meetings/{KEY}/items/estates-disposal")
        assert one.status_code == (200 if sees else 404), who
    public = client.get(f"/api/meetings/{KEY}").json()
    assert [i["key"] for i in public["items"]] == ["nel-bid"]
    assert public["items"][0]["flags"] is None


def test_the_api_withholds_a_declaration_on_a_confidential_item_from_other_staff(spb, alice, dana):
    declared = signed_in(dana).get(f"/api/meetings/{KEY}/declarations").json()["items"]
    alices = next(d for d in declared if d["person"] == alice.email)
    assert (alices["item_title"], alices["text"]) == (
        "A confidential item",
        "Withheld: the item is confidential",
    )
    assert MARKER not in str(declared)
    seated = signed_in(alice).get(f"/api/meetings/{KEY}/declarations").json()["items"]
    assert f"Alice's interest {MARKER}" in str(seated)


# ------------------------------------------------------------------ a draft agenda


@pytest.fixture
def draft_agenda(spb, bob):
    """The meeting taken back to draft, with Bob's declaration on its public item: its
    agenda is not published."""
    Declaration.objects.create(
        meeting=spb, person=bob, item=AgendaItem.objects.get(key="nel-bid"), text="Bob's bid"
    )
    Meeting.objects.filter(key=KEY).update(status=Meeting.Status.SCHEDULED)
    return spb


def test_a_draft_agenda_shows_no_item_at_any_public_door(draft_agenda, client):
    paper = Paper.objects.get(title="The NEL bid")
    assert client.get(f"/public/papers/{paper.pk}/").status_code == 404
    assert client.get(f"/api/meetings/{KEY}").json()["items"] == []
    assert client.get(f"/api/meetings/{KEY}/items/nel-bid").status_code == 404
    for path in (
        f"/public/meetings/{KEY}/",
        f"/public/boards/spb/meetings/{KEY}/pack/",
        f"/public/boards/spb/meetings/{KEY}/pack.pdf",
        "/public/boards/spb/meetings.ics",
        "/public/conflicts/",
        "/public/conflicts.csv",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Transformation funding for a NEL bid" not in body(response), path
        assert "Bob's bid" not in body(response), path
    log = text(client.get("/public/conflicts/"))
    assert "An item of an agenda not yet published Bob Brown" in log
    assert "Withheld: the agenda is not yet published" in log


def test_staff_read_a_draft_agendas_public_items(draft_agenda, dana):
    page = signed_in(dana).get(f"/meetings/{KEY}/").content.decode()
    assert "Transformation funding for a NEL bid" in page
    assert MARKER not in page


def test_the_published_items_and_papers_are_the_public_ones_of_published_agendas(spb):
    items = AgendaItem.objects.filter(meeting__key=KEY)
    assert list(items.published().values_list("key", flat=True)) == ["nel-bid"]
    papers = Paper.objects.filter(item__meeting__key=KEY)
    assert list(papers.published().values_list("title", flat=True)) == ["The NEL bid"]
    Meeting.objects.filter(key=KEY).update(status=Meeting.Status.SCHEDULED)
    assert not items.published().exists() and not papers.published().exists()


def test_the_staff_pack_is_made_once_for_each_reading_and_never_crosses(spb, bob, dana):
    """Made once per version of the data (core.documents) for each of the two packs the
    door lets staff read: a member's full pack is never served to staff on no board, nor
    the withheld pack to a member, whichever is asked for first."""
    from unittest import mock

    from django.test import override_settings

    from devolution.meetings import pack

    made = mock.Mock(wraps=pack.agenda_pack_pdf)
    with (
        override_settings(DOCUMENTS_MADE_ONCE=True),
        mock.patch.object(pack, "agenda_pack_pdf", made),
    ):
        withheld = signed_in(dana).get(f"/meetings/{KEY}/pack.pdf")
        full = signed_in(bob).get(f"/meetings/{KEY}/pack.pdf")
        again = signed_in(bob).get(f"/meetings/{KEY}/pack.pdf")
        withheld_again = signed_in(dana).get(f"/meetings/{KEY}/pack.pdf")
    assert made.call_count == 2  # one for each reading, then from the store
    assert MARKER not in body(withheld) and MARKER not in body(withheld_again)
    assert MARKER in body(full) and body(again) == body(full)
    assert again["Content-Disposition"] == full["Content-Disposition"]
    assert withheld_again["Content-Disposition"].endswith(f'"{KEY}-agenda-pack.pdf"')
