"""Issue 12, point 7: a home for each person. After sign-in the home page shows what needs
them, each section with a count: their next meetings and their papers, the rulings
awaiting them as chair, their actions and their organisation's, their organisation's
commitments with updates due before their board next meets, their entries in the
register of interests; the public home shows what is coming up and what was decided.

The day is pinned in 2030, after everything of the London data set, so every meeting
"coming up" is one made here."""

import datetime as dt
import re
from html import unescape

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from devolution.commitments.models import Commitment, ProgressUpdate
from devolution.core.models import Source, User
from devolution.governance.models import Board
from devolution.meetings.models import (
    Action,
    AgendaItem,
    ConflictFlag,
    Decision,
    Interest,
    Meeting,
    Paper,
    Ruling,
)
from devolution.partners.models import Organisation, Partnership, Role
from tests.conftest import make_person
from tests.meetings.conftest import seat

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2030, 1, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def undated(db):
    """The London data as if it declared no day it describes: these pages count from the
    clock each test sets (the declared day is tested on its own below)."""
    Partnership.objects.filter(is_default=True).update(describes=None)


LAST, NEXT, LATER = dt.date(2029, 12, 1), dt.date(2030, 2, 5), dt.date(2030, 3, 12)


def sections(html: str) -> dict[str, int]:
    """Each home section's key and the count its heading shows."""
    found = re.findall(r'data-section="([a-z-]+)".*?data-count="(\d+)"', html, flags=re.DOTALL)
    return {key: int(count) for key, count in found}


def section(html: str, key: str) -> str:
    """The words of one section."""
    start = html.index(f'data-section="{key}"')
    body = html[start : html.index("</section>", start)]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def owner(db) -> User:
    """A commitment owner at the GLA, which leads commitments made here."""
    return make_person("olu@gla.example", "gla", Role.COMMITMENT_OWNER, "Olu Owner")


@pytest.fixture
def record(day, alice, bob, chair, secretariat, reader, owner):
    """Two SPB meetings ahead (and one cancelled), one held; Alice seated on the SPB,
    flagged on an item of the next, Bob flagged and ruled on, the chair flagged on his
    own; Alice's and Hackney's actions, her entries; the GLA's commitments."""
    spb = Board.objects.get(key="spb")
    seat(alice, organisation="la-hackney")
    held = Meeting.objects.create(key="spb-held", board=spb, date=LAST, status="held")
    upcoming = Meeting.objects.create(key="spb-next", board=spb, date=NEXT)
    Meeting.objects.create(key="spb-later", board=spb, date=LATER)
    Meeting.objects.create(key="spb-off", board=spb, date=NEXT, status="cancelled")
    item = AgendaItem.objects.create(meeting=upcoming, key="bid", title="A NEL bid", order=1)
    Paper.objects.create(item=item, title="The NEL bid paper")
    again = AgendaItem.objects.create(meeting=upcoming, key="bid-2", title="More", order=2)
    Paper.objects.create(item=again, title="The NEL bid paper")
    Paper.objects.create(
        item=item,
        title="The NEL bid's costs",
        file=SimpleUploadedFile("costs.pdf", b"%PDF-1.4"),
        file_type="pdf",
    )
    ConflictFlag.objects.create(item=item, person=alice)
    ruled = ConflictFlag.objects.create(item=item, person=bob)
    Ruling.objects.create(flag=ruled, outcome="withdraw", reason="Camden", ruled_by=chair)
    ConflictFlag.objects.create(item=item, person=chair)
    decided = AgendaItem.objects.create(
        meeting=held, key="agreed", title="The estates strategy", public=True
    )
    Decision.objects.create(item=decided, outcome="agreed", recorded_by=secretariat)
    hackney = Organisation.objects.get(key="la-hackney")
    Action.objects.create(item=decided, text="Alice's open action", owner=alice, due=NEXT)
    Action.objects.create(item=decided, text="Alice's done action", owner=alice, done_on=LAST)
    Action.objects.create(item=decided, text="Hackney's open action", owner_organisation=hackney)
    Interest.objects.create(person=alice, kind="employment", description="Hackney officer")
    Interest.objects.create(
        person=alice, kind="directorship", description="Old directorship", end=LAST
    )
    gla, source = Organisation.objects.get(key="gla"), Source.objects.first()

    def led(reference: str, status: str = "ongoing", updated: dt.date | None = None):
        c = Commitment.objects.create(
            reference=reference,
            text=f"Commitment {reference}",
            lead_owner=gla,
            board=spb,
            status=status,
            source=source,
        )
        if updated:
            ProgressUpdate.objects.create(commitment=c, date=updated, progress_to_date="Done")

    led("GLA-1")  # never updated: due
    led("GLA-2", updated=dt.date(2029, 11, 1))  # not since the board last met: due
    led("GLA-3", updated=dt.date(2029, 12, 15))  # since: not due
    led("GLA-4", status="complete")  # done: not listed
    return upcoming


def home(person: User | None, max_queries=None) -> str:
    client = Client()
    if person is not None:
        client.force_login(person)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_secretariat_sees_the_partnerships_next_meetings_and_their_papers(record, secretariat):
    html = home(secretariat)
    counts = sections(html)
    assert counts["next-meetings"] == 2  # the cancelled one is not coming up
    words = section(html, "next-meetings")
    assert words.index("5 February 2030") < words.index("12 March 2030")
    # A paper with its file leads to it; one the record names without a file says so.
    paper = Paper.objects.get(title="The NEL bid's costs")
    assert f'<a href="/meetings/papers/{paper.pk}/">The NEL bid&#39;s costs (PDF)</a>' in html
    assert words.count("The NEL bid paper (no file yet)") == 1  # taken under two items
    assert "rulings" not in counts  # the secretariat chairs nothing
    assert counts["my-actions"] == 0
    assert "You have no open actions." in section(html, "my-actions")


def test_the_chair_sees_the_rulings_awaiting_them_but_not_their_own_or_one_ruled(record, chair):
    html = home(chair)
    counts = sections(html)
    assert counts["rulings"] == 1
    words = section(html, "rulings")
    assert "Alice Adams on “A NEL bid”" in words
    assert "Bob Brown" not in words and "Chris Chair" not in words
    assert f'href="/meetings/spb-next/#item-{record.items.get(key="bid").pk}"' in html
    assert counts["next-meetings"] == 2


def test_a_board_member_sees_their_meetings_actions_and_entries_to_review(record, alice):
    html = home(alice)
    counts = sections(html)
    assert counts["next-meetings"] == 2
    assert "rulings" not in counts  # Alice sits on the SPB but does not chair it
    assert counts["my-actions"] == 1
    assert "Alice's open action" in section(html, "my-actions")
    assert "Due 5 February 2030" in section(html, "my-actions")
    assert counts["organisation-actions"] == 1
    assert "Hackney's open action" in section(html, "organisation-actions")
    assert counts["interests"] == 1
    assert "Hackney officer" in section(html, "interests")
    assert "Old directorship" not in html
    assert counts["commitments"] == 0
    assert "Your organisation leads no open commitments." in section(html, "commitments")


def test_a_commitment_owner_sees_which_commitments_want_an_update_before_the_board_meets(
    record, owner
):
    html = home(owner)
    counts = sections(html)
    assert counts["commitments"] == 3  # the complete one is not listed
    words = section(html, "commitments")
    assert "2 of them want a progress update before the board next meets" in words
    # Those wanting an update first.
    assert words.index("GLA-1") < words.index("GLA-3")
    assert words.index("GLA-2") < words.index("GLA-3")
    assert "GLA-4" not in words
    assert "Update due. SPB next meets 5 February 2030; no update yet." in words
    assert "SPB next meets 5 February 2030; last updated 15 December 2029." in words
    assert counts["next-meetings"] == 0
    assert "You have no meetings coming up." in section(html, "next-meetings")


def test_a_reader_sees_their_organisations_actions_and_nothing_to_rule(record, reader):
    html = home(reader)
    counts = sections(html)
    assert counts["organisation-actions"] == 1
    assert counts["my-actions"] == 0
    assert counts["interests"] == 0
    assert "rulings" not in counts


def test_the_public_home_shows_what_is_coming_up_and_what_was_decided(record):
    html = home(None)
    counts = sections(html)
    assert "What needs you" not in html
    assert set(counts) == {"coming-up", "decided", "public-record"}
    assert counts["coming-up"] == 2
    assert "SPB, 5 February 2030" in section(html, "coming-up")
    decided = section(html, "decided")
    # The latest decision first, with where and when it was taken.
    assert decided.index("The estates strategy") < decided.index("January 2018")
    assert "Agreed: SPB, 1 December 2029" in decided
    assert 'href="/public/meetings/spb-held/"' in html
    # Every decision is one link away: the decisions register.
    assert '<a href="/decisions/">All decisions' in html


def test_the_home_page_says_which_partnership_it_is_and_who_is_in_it(db):
    from devolution.partners.models import Partnership

    london = Partnership.objects.get(is_default=True)
    html = home(None)
    assert f"<h1>{london.name}</h1>" in html
    assert f"{london.members.count()} partner organisations in London, working together" in html


def test_the_home_page_reads_a_fixed_number_of_queries_whatever_the_rows(
    record, chair, django_assert_max_num_queries
):
    client = Client()
    # 34: the home sections of every area, the public record's among them (one query for the
    # partnership in view), and the partnership's name, members and footprint (kept until
    # the next write, as the other counts), whatever the rows.
    client.force_login(chair)
    with django_assert_max_num_queries(34):
        assert client.get("/").status_code == 200
    # Ten more flags to rule on, papers and actions: no more queries.
    item = record.items.get(key="bid")
    for n in range(10):
        person = make_person(f"m{n}@hackney.example", "la-hackney", Role.BOARD_MEMBER)
        ConflictFlag.objects.create(item=item, person=person)
        Paper.objects.create(item=item, title=f"Paper {n}")
    with django_assert_max_num_queries(34):
        html = client.get("/").content.decode()
    assert sections(html)["rulings"] == 11
