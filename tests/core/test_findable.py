"""Issue 12, point 1: findable. Every report is listed, with its formats, on the reports
index linked from the main navigation; a board's page lists its meetings (upcoming and
past), its work programme, its reports and its calendar; the meetings list splits
upcoming from past; staff pages sit under a navigation of their own, shown only to
people signed in, and "API" is in the footer, not the main navigation."""

import datetime as dt
import re
from html import unescape
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from devolution.governance.models import Board
from devolution.meetings.models import Meeting
from devolution.partners.models import Partnership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def undated(db):
    """The London data as if it declared no day it describes: these pages count from the
    clock each test sets (the declared day is tested on its own below)."""
    Partnership.objects.filter(is_default=True).update(describes=None)


NEW_REPORT = "tests.core.urls_with_new_report"
# Reports that are not under reports/ but are reports all the same: the central log as
# a spreadsheet's CSV, and each board's calendar.
OTHER_REPORTS = {"meetings:conflict-log-csv", "meetings:board-calendar"}


def named_routes(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, name with its namespace) of every named route of the URL configuration."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from named_routes(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), namespace + p.name


def report_routes() -> set[str]:
    """Every route under reports/ but the index itself."""
    return {
        name
        for route, name in named_routes()
        if route.startswith("reports/") and name != "partners:report-index"
    }


def linked_routes(html: str) -> set[str]:
    """The names of the routes the page's links lead to."""
    names = set()
    for href in re.findall(r'href="([^"]+)"', html):
        path = urlsplit(unescape(href)).path
        if not path.startswith("/"):
            continue
        try:
            names.add(resolve(path).view_name)
        except Resolver404:
            continue
    return names


def words(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def footer(html: str) -> str:
    return html[html.index("<footer") :]


# ------------------------------------------------------------------- the reports index


def test_the_reports_index_lists_every_report_route_in_every_format():
    html = Client().get("/reports/").content.decode()
    routes = report_routes()
    # The walk finds the reports of every area: it cannot pass by finding none.
    assert {
        "commitments:mou-progress-report-pdf",
        "governance:gateway-report-xlsx",
        "commitments:work-programme-report",
        "meetings:interests-policy-report",
    } <= routes
    assert routes | OTHER_REPORTS <= linked_routes(html)


@override_settings(ROOT_URLCONF=NEW_REPORT)
def test_a_report_route_the_index_does_not_list_is_found():
    html = Client().get("/reports/").content.decode()
    assert report_routes() - linked_routes(html) == {"new-report"}


def test_the_index_lists_each_board_for_reports_made_board_by_board():
    html = Client().get("/reports/").content.decode()
    assert 'href="/reports/gateway/spb/"' in html
    assert 'href="/reports/gateway/spb.pdf"' in html
    assert 'href="/reports/work-programme/spb.xlsx"' in html
    assert 'href="/public/boards/spb/meetings.ics"' in html
    text = words(html)
    assert "MoU progress Progress against each theme of the devolution agreement" in text
    assert "Web page of MoU progress PDF of MoU progress Spreadsheet of MoU progress" in text


def test_the_main_navigation_leads_to_the_reports_and_not_to_the_api():
    html = Client().get("/").content.decode()
    assert 'href="/reports/"' in header(html)
    assert "/api/docs" not in header(html)
    assert 'href="/api/docs"' in footer(html)


def test_the_public_reaches_the_mou_progress_and_the_spbs_gateway_from_home_in_two_clicks():
    client = Client()
    assert 'href="/reports/"' in client.get("/").content.decode()
    index = client.get("/reports/").content.decode()
    for target in ("/reports/mou-progress/", "/reports/gateway/spb/"):
        assert f'href="{target}"' in index
        assert client.get(target).status_code == 200


# -------------------------------------------------------------- the staff navigation


def your_work(html: str) -> str:
    """The words of the "Your work" navigation, or "" where there is none."""
    found = re.search(r'<nav class="devolution-work-nav".*?</nav>', html, flags=re.DOTALL)
    return words(found.group(0)) if found else ""


def test_the_staff_navigation_shows_only_to_people_signed_in_and_as_their_role_allows(
    alice, secretariat
):
    assert your_work(Client().get("/").content.decode()) == ""

    client = Client()
    client.force_login(alice)
    member = your_work(client.get("/").content.decode())
    assert "My actions" in member and "My register of interests" in member
    assert "Schedule a meeting" not in member and "Import commitments" not in member

    client.force_login(secretariat)
    officer = your_work(client.get("/").content.decode())
    for page in ("Schedule a meeting", "Import commitments", "The register of interests"):
        assert page in officer
    # The header is kept (core.jinja Chrome); the staff navigation is not, so the public
    # after the officer sees none.
    assert your_work(Client().get("/").content.decode()) == ""


def test_the_staff_navigation_marks_the_page_the_person_is_on(alice):
    client = Client()
    client.force_login(alice)
    html = client.get("/my/actions/").content.decode()
    assert '<a href="/my/actions/" aria-current="page">My actions</a>' in html


# ------------------------------------------------------------------- the board page

APRIL_2018 = dt.datetime(2018, 4, 1, 12, tzinfo=dt.UTC)


def test_the_board_page_lists_its_meetings_upcoming_and_past_its_programme_reports_and_feed():
    with time_machine.travel(APRIL_2018, tick=False):
        html = Client().get("/boards/spb/").content.decode()
    upcoming = words(html[html.index("<h3>Upcoming meetings") : html.index("<h3>Past meetings")])
    past = words(html[html.index("<h3>Past meetings") : html.index('id="work-programme"')])
    # The soonest first; the latest first.
    assert upcoming.index("May 2018") < upcoming.index("July 2018") < upcoming.index("Nov")
    assert "22 March 2018" not in upcoming
    assert past.index("22 March 2018") < past.index("January 2018") < past.index("2017")
    assert "May 2018" not in past
    assert 'href="/public/meetings/spb-2018-03-22/"' in html
    assert 'href="/public/boards/spb/meetings.ics"' in html
    assert 'href="/boards/spb/work-programme/"' in html
    assert 'href="/reports/gateway/spb/"' in html
    assert 'href="/reports/work-programme/spb.pdf"' in html


def test_the_board_page_lists_its_latest_past_meetings_and_leads_to_the_rest():
    spb = Board.objects.get(key="spb")
    for n in range(1, 7):
        Meeting.objects.create(key=f"spb-2016-{n}", board=spb, date=dt.date(2016, n, 1))
    with time_machine.travel(APRIL_2018, tick=False):
        html = Client().get("/boards/spb/").content.decode()
    assert "All 11 past meetings" in words(html)
    assert 'href="/meetings/?board=spb"' in html
    assert "1 January 2016" not in words(html)  # the eleventh, beyond the ten listed


def test_a_board_with_no_meetings_says_so():
    board = Board.objects.exclude(meetings__isnull=False).first()
    html = Client().get(f"/boards/{board.key}/").content.decode()
    assert "No meetings of this board are scheduled." in words(html)
    assert "No past meetings of this board are recorded." in words(html)
    assert f"/public/boards/{board.key}/meetings.ics" not in html


# ---------------------------------------------------------------- the meetings list


def test_the_meetings_list_shows_upcoming_meetings_soonest_first_then_past_latest_first():
    with time_machine.travel(APRIL_2018, tick=False):
        html = Client().get("/meetings/").content.decode()
    upcoming = words(html[html.index('id="upcoming"') : html.index('id="past"')])
    past = words(html[html.index('id="past"') :])
    assert upcoming.index("19 April 2018") < upcoming.index("May 2018")
    assert upcoming.index("May 2018") < upcoming.index("November 2018")
    assert "22 March 2018" not in upcoming
    assert past.index("22 March 2018") < past.index("7 February 2018")
    assert past.index("7 February 2018") < past.index("30 March 2017")
    assert "19 April 2018" not in past


def test_the_meetings_list_says_when_nothing_is_coming_up():
    with time_machine.travel(dt.datetime(2031, 1, 1, tzinfo=dt.UTC), tick=False):
        html = Client().get("/meetings/").content.decode()
    assert "No meetings are scheduled." in words(html)


def test_the_london_demo_lists_its_meetings_as_at_the_day_its_data_describes():
    """London's data describes 22 March 2018 (partners.as_at): unasked, its meetings list
    and home page count from that day, whatever the clock says; `?as_at=` chooses
    another day."""
    Partnership.objects.filter(is_default=True).update(describes=dt.date(2018, 3, 22))
    html = Client().get("/meetings/").content.decode()
    upcoming = words(html[html.index('id="upcoming"') : html.index('id="past"')])
    past = words(html[html.index('id="past"') :])
    assert "as at 22 March 2018" in upcoming
    # The day's own meeting is still to come on the day; the past starts before it.
    rows = upcoming[upcoming.index("soonest first") :]
    assert rows.index("22 March 2018") < rows.index("19 April 2018")
    assert "22 March 2018" not in past and past.index("7 February 2018") < past.index("2017")
    later = words(Client().get("/meetings/?as_at=2018-06-01").content.decode())
    assert "as at 1 June 2018" in later
    home = words(Client().get("/").content.decode())
    assert "Shown as at 22 March 2018" in home
