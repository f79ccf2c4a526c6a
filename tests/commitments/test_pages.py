"""The commitments pages: the list and its flags, one commitment with its dependencies,
milestones and progress, posting an update and completing a milestone (owners only),
the themes with their implementation plans, the SPB's work programme against seed 004
Annex A, and the dashboard's charts.

The clock is pinned to 1 April 2018, after the SPB's meeting of 22 March 2018 (seed
004), so what is overdue, stale or missed does not move with the day the tests run.
"""

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.commitments.models import (
    Commitment,
    Dependency,
    Milestone,
    ProgressUpdate,
    Theme,
)
from devolution.core.models import Source
from devolution.governance.models import Board
from devolution.partners.models import Organisation, Partnership
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

DASH = "\N{EN DASH}"  # what a page shows for nothing
LONDON = ZoneInfo("Europe/London")
APRIL_2018 = dt.datetime(2018, 4, 1, 12, 0, tzinfo=LONDON)
HACKNEY_COMMITMENT = "S000-T09"  # seed 000's prevention row; the seeds name no owner

# Seed 004 Annex A, "Strategic Partnership Board work programme": each cell's items.
ANNEX_A = {
    ("Integration", "Mar"): [
        "London strategy for delivery of the MoU commitments through a bottom-up approach",
        "London-wide framework for integration",
    ],
    ("Prevention", "Mar"): ["Collective agreement of how to tackle childhood obesity"],
    ("Estates", "Mar"): ["Draft London Estates Strategy"],
    ("Workforce", "Mar"): ["Response to national HEE Workforce Strategy consultation"],
    ("Wider areas", "Mar"): [
        "Investment Framework agreed",
        "Transformation funding delegation arrangements in place",
        "SPB progression to decision-making phase",
    ],
    ("Prevention", "May"): [
        "Detailed proposal of approach to tackling childhood obesity, including resource "
        "implications and links with the Child Obesity Taskforce"
    ],
    ("Estates", "May"): [
        "Report from the London Estates Board (LEB) covering the London estates strategy and "
        "capital plan, and progress against the LEB's workplan"
    ],
    ("Workforce", "May"): [
        "Report on impact and opportunities arising from the apprenticeship levy"
    ],
    ("Wider areas", "May"): [
        "SPB communication and engagement plan",
        "Housing for health and care workers",
    ],
    ("Workforce", "July"): ["Review of progress against workplan"],
    ("Digital", "July"): [
        "Report on Digital Board priorities",
        "Health and Social Care Network contract awarded",
    ],
    ("Wider areas", "July"): ["Report on progress against BHfL aspirations"],
    ("Prevention", "Sept"): [
        "Update on tackling childhood obesity and report from the Child Obesity Taskforce",
        "Review of progress against workplan",
    ],
    ("Estates", "Sept"): ["LEB progression to shadow decision-making phase"],
    ("Digital", "Nov"): [
        "London Digital Strategy developed",
        "Review of progress against Digital Board's workplan",
    ],
}
AREAS = ["Integration", "Prevention", "Estates", "Workforce", "Digital", "Wider areas"]
MEETINGS = ["Mar", "May", "July", "Sept", "Nov"]


class Tables(HTMLParser):
    """Every table of a page by its caption: each body row's cells, as text and as the
    items of their lists (an item's own words, without the links under it)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.items: dict[str, list[list[list[str]]]] = {}
        self._caption = ""
        self._stack: list[str] = []
        self._in_caption = self._in_body = False
        self._cell: list[str] | None = None
        self._li: list[str] | None = None
        self._cell_items: list[str] = []
        self._rows: list[list[str]] = []
        self._row_items: list[list[list[str]]] = []
        self._spans: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span":
            hidden = attrs.get("aria-hidden") == "true"
            small = "nhsuk-body-s" in (attrs.get("class") or "")
            self._spans.append("hidden" if hidden else "small" if small else "")
        if tag == "table":
            self._caption, self._rows, self._row_items = "", [], []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._rows.append([])
            self._row_items.append([])
        elif tag in {"td", "th"} and self._in_body:
            self._cell, self._cell_items = [], []
        elif tag == "li" and self._cell is not None:
            self._li = []
        if tag in {"br", "li", "p"} and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        if tag == "span" and self._spans:
            self._spans.pop()
        elif tag == "caption":
            self._in_caption = False
        elif tag == "li" and self._li is not None:
            self._cell_items.append(" ".join("".join(self._li).split()))
            self._li = None
        elif tag in {"td", "th"} and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._row_items[-1].append(self._cell_items)
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "table":
            caption = " ".join(self._caption.split())
            self.tables[caption] = self._rows
            self.items[caption] = self._row_items

    def handle_data(self, data):
        if "hidden" in self._spans:
            return
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)
            if self._li is not None and "small" not in self._spans:
                self._li.append(data)


JUNE_2017_INFERRED = (
    "June 2017 Inferred Not stated in the sources: The Strategic Partnership Board paper of "
    "24 May 2017 lists it among the key areas of activity for April to June 2017; this data "
    "set takes the end of that period as its due date."
)


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def tables(response) -> dict[str, list[list[str]]]:
    return Tables(response.content.decode()).tables


@pytest.fixture
def april_2018():
    with time_machine.travel(APRIL_2018, tick=False):
        yield


@pytest.fixture
def hackney_commitment():
    """A commitment whose lead owner is Hackney, so Alice (Hackney) owns it and Bob
    (Camden) does not."""
    commitment = Commitment.objects.get(reference=HACKNEY_COMMITMENT)
    commitment.lead_owner = Organisation.objects.get(key="la-hackney")
    commitment.save()
    return commitment


def update_form(progress="Childhood obesity plan drafted with boroughs", **extra) -> dict:
    return {
        "date_day": "",
        "date_month": "",
        "date_year": "",
        "progress_to_date": progress,
        "next_steps": "Agree the plan in May\nShare it with the Child Obesity Taskforce",
        "challenges": "Capacity in public health teams",
        "status": "",
        "rag": "",
        **extra,
    }


def list_rows(response) -> dict[str, list[str]]:
    return {row[0]: row for row in tables(response)["Commitments"]}


# ------------------------------------------------------------------------------ the list


def test_list_shows_every_commitment_with_its_owner_board_and_status(april_2018):
    response = Client().get("/commitments/")
    assert response.status_code == 200
    rows = list_rows(response)
    assert len(rows) == Commitment.objects.count() == 46
    assert "46 commitments" in text(response)
    t04 = rows["S000-T04"]
    assert t04[1] == (
        "Devolution or delegation of NHS England functions to within the London system"
    )
    assert t04[2:7] == [
        "Devolution or delegation of NHS England functions to within the London system",
        "NHS England",
        "SPB",
        "Ongoing",
        "not rated",
    ]
    assert rows["S000-T01"][3] == "not recorded"


def test_blocked_overdue_and_stale_are_flagged_on_the_right_commitments(april_2018):
    rows = list_rows(Client().get("/commitments/?as_at=2018-04-01"))
    # Seed 000: the LEB cannot move to phase 2 yet, and it is in phase 1.
    t01 = rows["S000-T01"][7]
    assert "Blocked by LEB reaching Phase 2 (strategic functions)" in t01
    assert "4 overdue milestones" in t01  # the four of April-June 2017; September 2018's is not
    assert "Stale Last updated 312 days ago; the board meets bi-monthly" in t01
    assert rows["S000-T01"][8] == "24 May 2017"
    # Seed 000: the SPB may not become fully operational (decision-making) yet.
    assert "Blocked by SPB reaching Decision-making" in rows["S000-T04"][7]
    # It waited only on the MoU, signed 16 November 2017: not blocked.
    assert "Blocked" not in rows["S000-T06"][7]
    assert "overdue" not in rows["S000-T06"][7]
    assert "2 overdue milestones" in rows["S000-T05"][7]
    assert "Stale No progress update yet" in rows["S001-INT-1"][7]


def test_a_fresh_update_clears_the_stale_flag(april_2018, alice, hackney_commitment):
    before = list_rows(Client().get("/commitments/?as_at=2018-04-01"))[HACKNEY_COMMITMENT][7]
    assert "Stale" in before
    signed_in(alice).post(f"/commitments/{HACKNEY_COMMITMENT}/updates/", update_form())
    after = list_rows(Client().get("/commitments/?as_at=2018-04-01"))[HACKNEY_COMMITMENT][7]
    assert "Stale" not in after
    assert "1 overdue milestone" in after
    # As at the day before it, the update had not been made: still stale.
    assert (
        "Stale" in list_rows(Client().get("/commitments/?as_at=2018-03-31"))[HACKNEY_COMMITMENT][7]
    )


@pytest.mark.parametrize(
    ("query", "references"),
    [
        ("theme=estates", {"S000-T01", "S000-T02", "S000-T03", "S002-EST-1", "S002-A1"}),
        ("theme=utilisation", {"S000-T03"}),
        ("owner=department-of-health", {"S000-T05"}),
        ("board=lwb&status=ongoing", {"S000-T08", "S001-WF-1"}),
    ],
)
def test_list_filters_by_theme_owner_board_and_status(query, references):
    rows = list_rows(Client().get(f"/commitments/?{query}"))
    assert references <= set(rows)
    for reference in rows:
        c = Commitment.objects.select_related("theme", "board").get(reference=reference)
        if query.startswith("theme=estates"):
            assert "estates" in {c.theme.key, c.theme.parent.key if c.theme.parent else None}
        elif query.startswith("theme="):
            assert c.theme.key == "utilisation"
        elif query.startswith("owner="):
            owners = {o.key for o in c.supporting.all()} | {c.lead_owner and c.lead_owner.key}
            assert "department-of-health" in owners
        else:
            assert (c.board.key, c.status) == ("lwb", "ongoing")


def test_an_unknown_filter_value_is_refused_beside_its_field():
    response = Client().get("/commitments/?board=no-such-board")
    assert response.status_code == 400
    assert text(response).startswith("Error: Commitments")
    assert 'id="id_board-error"' in response.content.decode()
    assert "Select a valid choice" in text(response)


def _queries(path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(path).status_code == 200
    return len(queries)


def test_the_list_makes_the_same_few_queries_however_many_rows(django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        Client().get("/commitments/")
    before = _queries("/commitments/")
    source = Source.objects.first()
    leb = Board.objects.get(key="leb")
    for n in range(3):
        extra = Commitment.objects.create(
            reference=f"X-{n}", text="More", source=source, board=leb, status="ongoing"
        )
        extra.supporting.add(Organisation.objects.get(key="la-hackney"))
        Dependency.objects.create(commitment=extra, kind="board_phase", board=leb, phase_id=None)
        Milestone.objects.create(commitment=extra, title="Due", due=dt.date(2017, 1, 1))
        ProgressUpdate.objects.create(
            commitment=extra, date=dt.date(2017, 1, 1), progress_to_date="x"
        )
    assert _queries("/commitments/") == before


# ----------------------------------------------------------------------- one commitment


def test_a_commitment_shows_its_dependencies_met_or_not(april_2018):
    response = Client().get("/commitments/S000-T01/")
    assert response.status_code == 200
    page = text(response)
    assert "Commitment S000-T01" in page
    assert "It cannot progress until LEB reaching Phase 2 (strategic functions)" in page
    waits = tables(response)["What S000-T01 waits on"]
    assert [(r[0], r[2]) for r in waits] == [
        ("LEB reaching Phase 2 (strategic functions)", "Not met"),
        ("LEB reaching Phase 3 (forum for NHS capital investment decision-making)", "Not met"),
        ("London Health and Care Devolution MoU signed (event)", "Met"),
    ]
    assert waits[2][1] == "An external event"


def test_a_commitment_shows_milestones_updates_work_items_and_source(april_2018):
    response = Client().get("/commitments/S000-T01/")
    milestones = tables(response)["Milestones of S000-T01"]
    # Seed 000 calls the first two done: complete, one in a month it gives, one on a day
    # it does not; neither is overdue.
    assert milestones[:2] == [
        [
            "London Estates Board established in an advisory form (phase 1)",
            "not given",
            "December 2016",
            "Complete",
        ],
        [
            "London Estates Delivery Unit (LEDU) Steering Group established",
            "not given",
            "date not in the sources",
            "Complete",
        ],
    ]
    # Seed 000 gives these as "key areas of activity: April-June 2017": the due date is
    # the data set's reading, labelled inferred with its reasoning.
    assert [r[1:] for r in milestones][2:6] == [[JUNE_2017_INFERRED, DASH, "Overdue"]] * 4
    assert milestones[6] == [
        "LEB progression to shadow decision-making phase",
        "September 2018",
        DASH,
        "Due",
    ]
    page = text(response)
    assert "1 update, newest first" in page
    assert "Update of 24 May 2017" in page
    assert "Progress to date A London Estates Board (LEB) was established" in page
    assert "Available next steps In phase 1 of its operation" in page
    assert "Challenges facing further implementation As agreed with national partners" in page
    items = tables(response)["Work programme items for S000-T01"]
    assert items == [
        [
            "LEB progression to shadow decision-making phase",
            "SPB work programme",
            "Sept (September 2018)",
            "Estates",
            "Planned",
        ]
    ]
    assert "Source: Delivering London devolution: Overview of progress against MoU themes" in page
    assert "No change of status or rating has been recorded here" in page


def test_an_unknown_commitment_is_not_found():
    assert Client().get("/commitments/NO-SUCH/").status_code == 404


def test_only_owners_and_the_secretariat_see_the_update_form(
    alice, bob, reader, secretariat, hackney_commitment
):
    path = f"/commitments/{HACKNEY_COMMITMENT}/"
    assert "Post a progress update" in text(signed_in(alice).get(path))
    assert "Post a progress update" in text(signed_in(secretariat).get(path))
    for client in (signed_in(bob), signed_in(reader), Client()):
        page = text(client.get(path))
        assert "Post a progress update" not in page
        assert "Mark complete" not in page
    assert "Post a progress update" not in text(signed_in(alice).get("/commitments/S000-T01/"))


# ------------------------------------------------------------------- posting an update


def test_an_owner_posts_an_update_and_earlier_updates_remain(april_2018, alice, hackney_commitment):
    client = signed_in(alice)
    path = f"/commitments/{HACKNEY_COMMITMENT}/"
    response = client.post(path + "updates/", update_form())
    assert response.status_code == 302
    # Shown as at the update's day, not the 22 March 2018 London's pages open on.
    assert response["Location"] == path + "?as_at=2018-04-01"
    updates = list(ProgressUpdate.objects.filter(commitment=hackney_commitment))
    assert [u.date for u in updates] == [dt.date(2018, 4, 1), dt.date(2017, 5, 24)]
    mine = updates[0]
    assert mine.author == alice
    assert mine.author_organisation.key == "la-hackney"
    assert updates[1].progress_to_date.startswith("Some initial work is ongoing at the local level")

    page = text(client.get(path))
    assert "Your progress update of 1 April 2018 on S000-T09 is posted" in page
    assert "2 updates, newest first" in page
    assert page.index("Update of 1 April 2018") < page.index("Update of 24 May 2017")
    assert "Posted by Alice Adams, London Borough of Hackney" in page
    assert "Childhood obesity plan drafted with boroughs" in page
    assert "Some initial work is ongoing at the local level" in page  # seed 000's, kept

    response = client.post(
        path + "updates/",
        update_form("Plan agreed", date_day="31", date_month="3", date_year="2018"),
    )
    assert response.status_code == 302
    dates = ProgressUpdate.objects.filter(commitment=hackney_commitment).values_list("date")
    assert [d for (d,) in dates] == [
        dt.date(2018, 4, 1),
        dt.date(2018, 3, 31),
        dt.date(2017, 5, 24),
    ]


def test_a_new_status_and_rating_go_into_the_history(april_2018, alice, hackney_commitment):
    client = signed_in(alice)
    path = f"/commitments/{HACKNEY_COMMITMENT}/"
    version = hackney_commitment.version
    client.post(path + "updates/", update_form(status="complete", rag="green", version=version))
    response = client.get(path)
    history = tables(response)[f"Changes of status and rating of {HACKNEY_COMMITMENT}"]
    assert history == [["1 April 2018", "Complete", "Green", "Alice Adams"]]
    assert list_rows(Client().get("/commitments/?as_at=2018-04-01"))[HACKNEY_COMMITMENT][5:7] == [
        "Complete",
        "Green",
    ]
    # As at the day before, what it held then (the seed's status, kept by the change).
    assert list_rows(Client().get("/commitments/?as_at=2018-03-31"))[HACKNEY_COMMITMENT][5:7] == [
        "Ongoing",
        "not rated",
    ]


def test_a_member_of_another_organisation_may_not_post(bob, reader, hackney_commitment):
    before = ProgressUpdate.objects.count()
    for person in (bob, reader):
        response = signed_in(person).post(
            f"/commitments/{HACKNEY_COMMITMENT}/updates/", update_form()
        )
        assert response.status_code == 403
        assert "Only people of the organisations that own this commitment" in text(response)
    assert ProgressUpdate.objects.count() == before


def test_the_public_is_sent_to_sign_in_and_get_is_not_allowed(hackney_commitment):
    before = ProgressUpdate.objects.count()
    path = f"/commitments/{HACKNEY_COMMITMENT}/updates/"
    response = Client().post(path, update_form())
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")
    assert Client().get(path).status_code == 405
    assert ProgressUpdate.objects.count() == before


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"progress_to_date": " "}, "progress_to_date", "Say what progress has been made to date"),
        (
            {"date_day": "2", "date_month": "4", "date_year": "2018"},
            "date",
            "The date of the update must be today or in the past",
        ),
        ({"date_day": "31", "date_month": "2", "date_year": "2018"}, "date", "must be a real date"),
        ({"date_day": "1", "date_month": "", "date_year": "2018"}, "date", "must include a month"),
        ({"rag": "purple"}, "rag", "Choose red, amber or green"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_stored(
    alice, hackney_commitment, change, field, error
):
    before = ProgressUpdate.objects.count()
    with time_machine.travel(dt.datetime(2018, 4, 1, 12, tzinfo=LONDON), tick=False):
        response = signed_in(alice).post(
            f"/commitments/{HACKNEY_COMMITMENT}/updates/", update_form(**change)
        )
    assert response.status_code == 400
    page = text(response)
    assert page.startswith("Error: Commitment S000-T09")
    assert "There is a problem" in page
    assert error in page
    assert f'id="id_{field}-error"' in response.content.decode()
    assert ProgressUpdate.objects.count() == before
    if field != "progress_to_date":  # what was typed is kept
        assert "Childhood obesity plan drafted with boroughs" in page


# ----------------------------------------------------------------------------- milestones


def test_an_owner_marks_a_milestone_complete(april_2018, alice, hackney_commitment):
    milestone = Milestone.objects.get(commitment=hackney_commitment)
    client = signed_in(alice)
    response = client.post(
        f"/commitments/milestones/{milestone.pk}/complete/", {"version": milestone.version}
    )
    assert response.status_code == 302
    # London's pages open as at 22 March 2018: the person is shown the day of their change,
    # so they see what they have done.
    assert response["Location"] == f"/commitments/{HACKNEY_COMMITMENT}/?as_at=2018-04-01"
    milestone.refresh_from_db()
    assert milestone.completed_on == dt.date(2018, 4, 1)
    page = client.get(response["Location"])
    assert "is marked complete on 1 April 2018" in text(page)
    row = tables(page)[f"Milestones of {HACKNEY_COMMITMENT}"][0]
    assert row[1:4] == [JUNE_2017_INFERRED, "1 April 2018", "Complete"]
    now = list_rows(Client().get("/commitments/?as_at=2018-04-01"))[HACKNEY_COMMITMENT][7]
    assert "overdue" not in now
    # The day before it was completed it was overdue.
    then = list_rows(Client().get("/commitments/?as_at=2018-03-31"))[HACKNEY_COMMITMENT][7]
    assert "1 overdue milestone" in then


def test_after_a_change_a_data_set_of_today_opens_on_today_unasked(
    april_2018, alice, hackney_commitment
):
    Partnership.objects.filter(is_default=True).update(describes=None)
    milestone = Milestone.objects.get(commitment=hackney_commitment)
    response = signed_in(alice).post(
        f"/commitments/milestones/{milestone.pk}/complete/", {"version": milestone.version}
    )
    assert response["Location"] == f"/commitments/{HACKNEY_COMMITMENT}/"


def test_a_stale_milestone_form_is_refused(alice, hackney_commitment):
    milestone = Milestone.objects.get(commitment=hackney_commitment)
    response = signed_in(alice).post(
        f"/commitments/milestones/{milestone.pk}/complete/", {"version": milestone.version + 1}
    )
    assert response.status_code == 409
    assert "This milestone was changed by someone else. Nothing was saved." in text(response)
    milestone.refresh_from_db()
    assert milestone.completed_on is None


def test_another_organisation_may_not_complete_a_milestone(bob, hackney_commitment):
    milestone = Milestone.objects.get(commitment=hackney_commitment)
    response = signed_in(bob).post(
        f"/commitments/milestones/{milestone.pk}/complete/", {"version": milestone.version}
    )
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert (milestone.completed_on, milestone.version) == (None, 1)
    assert signed_in(bob).post("/commitments/milestones/999999/complete/", {}).status_code == 404


# ------------------------------------------------------------------------------ themes


def test_themes_page_lists_seed_003s_implementation_plans_with_unrecorded_owners():
    response = Client().get("/commitments/themes/")
    plans = tables(response)["Implementation plans by theme"]
    assert sorted(r[1] for r in plans) == [
        "Estates implementation plan",
        "Health and Care Integration implementation plan",
        "Prevention implementation plan",
        "Workforce implementation plan",
    ]
    for row in plans:
        assert row[2] == "not recorded in the sources"  # owners: paper 4A is not in the seeds
        assert row[3:6] == ["SPB", "10 August 2017", "not recorded in the sources"]
        assert row[6] == (
            "Health and Care Transformation: Implementation Planning "
            "(Strategic Partnership Board, 10 August 2017)"
        )


def test_themes_page_groups_commitments_under_their_broad_theme():
    response = Client().get("/commitments/themes/")
    estates = [r[0] for r in tables(response)["Commitments under Estates"]]
    assert {"S000-T01", "S000-T02", "S000-T03", "S002-EST-1", "S002-A1"} <= set(estates)
    page = text(response)
    assert "Utilisation (1 commitment)" in page
    for theme in Theme.objects.filter(parent=None):
        assert theme.name in page


# ---------------------------------------------------------------------- work programme


def test_work_programme_page_reproduces_seed_004_annex_a(april_2018):
    response = Client().get("/boards/spb/work-programme/")
    assert response.status_code == 200
    parsed = Tables(response.content.decode())
    caption = "Work programme of SPB: areas against meetings"
    grid = parsed.items[caption]
    assert [r[0] for r in parsed.tables[caption]] == AREAS
    assert "22 items scheduled against 5 meetings" in text(response)
    found = 0
    for area, row in zip(AREAS, grid, strict=True):
        for meeting, cell in zip(MEETINGS, row[1:], strict=True):
            assert cell == ANNEX_A.get((area, meeting), []), (area, meeting)
            found += len(cell)
    assert found == 22
    page = response.content.decode()
    assert '<a href="/commitments/S002-EST-5/">Commitment S002-EST-5</a>' in page
    assert "Presented to the London Health Board on 19 April 2018" in text(response).replace(
        "It is presented", "Presented"
    )


def test_items_of_past_meetings_still_planned_are_listed_as_missed(april_2018):
    response = Client().get("/boards/spb/work-programme/?as_at=2018-04-01")
    missed = tables(response)["Items of past meetings still planned"]
    assert len(missed) == 8
    assert {r[1] for r in missed} == {"Mar (22 March 2018)"}
    assert [
        "Draft London Estates Strategy Commitment S002-EST-5",
        "Mar (22 March 2018)",
        "Estates",
    ] in missed
    with time_machine.travel(dt.datetime(2018, 3, 1, tzinfo=LONDON), tick=False):
        page = text(Client().get("/boards/spb/work-programme/?as_at=2018-03-01"))
    assert "No item of a past meeting is still waiting." in page
    # As at the day the London data describes, the day of the March meeting itself,
    # nothing is missed yet.
    page = text(Client().get("/boards/spb/work-programme/"))
    assert "As at 22 March 2018" in page
    assert "No item of a past meeting is still waiting." in page


def test_a_board_without_a_work_programme_is_not_found():
    assert Client().get("/boards/leb/work-programme/").status_code == 404


# --------------------------------------------------------------------------- dashboard


def test_dashboard_counts_blocked_overdue_and_stale(april_2018):
    response = Client().get("/commitments/dashboard/?as_at=2018-04-01")
    page = text(response)
    # S000-T01..T04, S001-INT-2 and S002-EST-2: LEB and SPB phases, national delegations
    assert "6 blocked" in page
    # Every commitment but S002-WF-1, which the seeds call complete: nothing is stale,
    # blocked or overdue once it is done.
    assert "45 stale" in page
    attention = tables(response)["Blocked commitments and those with overdue milestones"]
    assert {"S000-T01", "S000-T04", "S000-T05"} <= {r[0] for r in attention}
    status = tables(response)["Commitments by theme and status"]
    assert status[-1][0] == "Total"
    assert status[-1][-1] == "46"
    html = response.content.decode()
    for route in ("status", "rating", "milestones"):
        assert f'src="/commitments/dashboard/{route}.svg?as_at=2018-04-01"' in html
    assert 'alt="Bar chart of the number of commitments under each theme' in html


@pytest.mark.parametrize("route", ["status", "rating"])
def test_dashboard_charts_are_svgs_naming_the_themes(route):
    response = Client().get(f"/commitments/dashboard/{route}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg")
    for theme in ("Estates", "Health and care integration", "Workforce and skills"):
        assert f">{theme}</text>" in svg
    again = Client().get(
        f"/commitments/dashboard/{route}.svg", headers={"If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304


def test_milestones_chart_shows_months_due(april_2018):
    svg = Client().get("/commitments/dashboard/milestones.svg").content.decode()
    assert ">June 2017</text>" in svg
    assert ">Overdue</text>" in svg
