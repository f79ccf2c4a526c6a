"""The published register of interests of a board's members, as a page and a CSV file
(issue 12 point 8): NHS England's conflicts of interest guidance expects the interests of
those who take decisions to be published. Each member is listed with what they declared,
or plainly with none; what is private to the register (email addresses) stays out."""

import csv
import datetime as dt
import io

import pytest
import time_machine

from devolution.governance.models import Board, BoardMember
from devolution.meetings.interests.services import interest_declare
from devolution.partners.models import Organisation

pytestmark = pytest.mark.django_db

NO_DECLARATION = "No declaration in the register"
PAGE = "/public/boards/spb/register-of-interests/"
CSV = "/public/boards/spb/register-of-interests.csv"
TODAY = dt.date(2018, 9, 20)


@pytest.fixture
def register(alice, bob, secretariat):
    """Alice chairs the SPB with two interests in force and two that ended (one recently,
    one long ago); Bob sits with none."""
    board = Board.objects.get(key="spb")
    BoardMember.objects.filter(board=board).delete()
    BoardMember.objects.create(
        board=board,
        person=alice,
        organisation=Organisation.objects.get(key="la-hackney"),
        office="chair",
    )
    BoardMember.objects.create(
        board=board, person=bob, organisation=Organisation.objects.get(key="la-camden")
    )
    with time_machine.travel(dt.datetime(2018, 4, 3, 12, tzinfo=dt.UTC), tick=False):
        for kind, organisation, description, start, end in [
            (
                "directorship",
                "la-camden",
                "Director of a Camden housing company",
                dt.date(2017, 1, 1),
                None,
            ),
            ("non_pecuniary", "ccg-city-and-hackney", '=HYPERLINK("http://x.example")', None, None),
            (
                "employment",
                "la-hackney",
                "Ended in the summer",
                dt.date(2016, 1, 1),
                dt.date(2018, 7, 31),
            ),
            (
                "shareholding",
                "la-hackney",
                "Ended long ago",
                dt.date(2015, 1, 1),
                dt.date(2017, 1, 31),
            ),
        ]:
            interest_declare(
                actor=secretariat,
                person=alice,
                kind=kind,
                organisation_key=organisation,
                description=description,
                start=start,
                end=end,
            )
    return board


def test_the_page_lists_each_member_with_their_interests_or_says_they_have_none(
    register, client, alice, bob
):
    with time_machine.travel(dt.datetime(2018, 9, 20, 12, tzinfo=dt.UTC), tick=False):
        page = client.get(PAGE).content.decode()
    assert "<h1>Register of interests of the board's members</h1>" in page
    assert page.index("Alice Adams") < page.index("Bob Brown")
    assert "Chair, London Borough of Hackney" in page
    alice_part = page[page.index("Alice Adams") : page.index("Bob Brown")]
    bob_part = page[page.index("Bob Brown") :]
    for words in (
        "Directorship",
        "London Borough of Camden",
        "Director of a Camden housing company",
        "1 January 2017",
        "Non-pecuniary interest",
        "Employment",
        "Ended in the summer",
        "31 July 2018",
        "3 April 2018",  # declared on
        "continuing",
    ):
        assert words in alice_part, words
    assert "Ended long ago" not in page  # ended more than six months before
    assert "No declaration in the register" in bob_part
    assert "No declaration in the register" not in alice_part
    assert "@hackney.example" not in page and "@camden.example" not in page
    assert "england.nhs.uk/publication/managing-conflicts-of-interest-in-the-nhs" in page
    assert "Managing Conflicts of Interest in the NHS" in page


def test_the_csv_has_a_row_for_each_interest_and_one_for_a_member_with_none(register, client):
    with time_machine.travel(dt.datetime(2018, 9, 20, 12, tzinfo=dt.UTC), tick=False):
        response = client.get(CSV)
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('"spb-register-of-interests-2018-09-20.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Member",
        "Organisation",
        "Office",
        "Interest",
        "Organisation or partnership concerned",
        "Description",
        "From",
        "To",
        "Declared on",
    ]
    body = rows[1:]
    assert all(len(row) == 9 for row in body)
    alice = [row for row in body if row[0] == "Alice Adams"]
    assert [row[3] for row in alice] == ["Non-pecuniary interest", "Employment", "Directorship"]
    assert alice[2] == [
        "Alice Adams",
        "London Borough of Hackney",
        "Chair",
        "Directorship",
        "London Borough of Camden",
        "Director of a Camden housing company",
        "2017-01-01",
        "",
        "2018-04-03",
    ]
    # A formula is kept as text (tests/core/test_csv_cells.py).
    assert alice[0][5] == '\'=HYPERLINK("http://x.example")'
    bob = next(row for row in body if row[0] == "Bob Brown")
    assert bob[:4] == [
        "Bob Brown",
        "London Borough of Camden",
        "",
        "No declaration in the register",
    ]
    assert "Ended long ago" not in response.content.decode("utf-8-sig")
    assert "@" not in response.content.decode("utf-8-sig")


def test_the_board_page_links_to_its_register_of_interests(client):
    page = client.get("/boards/spb/").content.decode()
    assert f'href="{PAGE}"' in page
    assert "Register of interests of the board&#39;s members" in page


def test_a_board_without_members_named_says_so(client):
    BoardMember.objects.filter(board__key="spb").delete()
    page = client.get(PAGE).content.decode()
    assert "names none of the board's members yet" in page


def test_an_unknown_board_has_no_register(client):
    assert client.get("/public/boards/no-such-board/register-of-interests/").status_code == 404
    assert client.get("/public/boards/no-such-board/register-of-interests.csv").status_code == 404


def test_members_named_by_the_sources_without_accounts_are_listed_as_not_in_the_register(
    client,
):
    """The London Health Board's nine members are named in the papers and hold no accounts:
    each is listed, and the register says their declarations are not in it, not 'none'."""
    page = client.get("/public/boards/lhb/register-of-interests/").content.decode()
    for name in ("Sadiq Khan", "Claire Murdoch", "Yvonne Doyle"):
        assert name in page
    assert page.count("their declarations are not in this register") == 9
    assert "Chair, Cavendish Square Group" in page  # no organisation of the data: the title
    rows = client.get("/public/boards/lhb/register-of-interests.csv").content.decode()
    assert rows.count("Not in the sources: this member declares elsewhere") == 9
