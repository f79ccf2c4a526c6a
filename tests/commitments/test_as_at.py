"""As at a day (issue 12): every dashboard, flag, list and report of the commitments reads
the registers as at one day: `?as_at=`, else the day the partnership's data set
describes (London: 22 March 2018), else today. Each register keeps its history, so what
is shown on each side of a change is what was recorded then."""

import datetime as dt
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings

from devolution.commitments import charts, selectors, services
from devolution.commitments.models import Commitment, Milestone
from devolution.partners.as_at import AsAtInvalid, as_at, as_at_default, as_at_parse
from devolution.partners.models import Partnership

pytestmark = pytest.mark.django_db

LONDON_TZ = ZoneInfo("Europe/London")
DESCRIBES = dt.date(2018, 3, 22)
REFERENCE = "S000-T09"  # seed 000: ongoing, not rated, updated 24 May 2017
REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a2"},
}


def text(response) -> str:
    body = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON_TZ)


def listed(reference: str, day: dt.date) -> Commitment:
    return selectors.commitment_list(as_at=day).get(reference=reference)


def london() -> Partnership:
    return Partnership.objects.get(is_default=True)


# ------------------------------------------------------------ the day a data set describes


def test_the_london_data_describes_22_march_2018_and_cites_the_paper_of_that_day():
    partnership = london()
    assert partnership.describes == DESCRIBES
    assert partnership.describes_source is not None
    assert "22 March 2018" in partnership.describes_source.title
    assert "Strategic Partnership Board" in partnership.describes_source.title


def test_the_day_shown_is_the_one_asked_for_else_the_declared_one_else_today():
    request = RequestFactory()
    partnership = london()
    assert as_at(request.get("/", {"as_at": "2017-06-30"}), partnership) == dt.date(2017, 6, 30)
    assert as_at(request.get("/"), partnership) == DESCRIBES
    with time_machine.travel(at(dt.date(2026, 1, 5)), tick=False):
        assert as_at(request.get("/"), None) == dt.date(2026, 1, 5)
        partnership.describes = None
        assert as_at_default(partnership) == dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    "value", ["yesterday", "22/03/2018", "2018-13-01", "2018-02-30", "20180322"]
)
def test_a_value_that_is_not_a_day_is_refused_naming_the_parameter(value):
    with pytest.raises(AsAtInvalid) as refused:
        as_at_parse(value)
    assert refused.value.status == 400
    assert refused.value.field == "as_at"
    assert "as_at" in refused.value.message and "2018-03-22" in refused.value.message


# ------------------------------------------------------------- each side of a change


def test_a_status_change_shows_the_old_status_the_day_before_and_the_new_on_the_day():
    commitment = Commitment.objects.get(reference=REFERENCE)
    day = dt.date(2018, 5, 10)
    with time_machine.travel(at(day), tick=False):
        services.progress_update_post(
            actor=None,
            reference=REFERENCE,
            date=day,
            data={"progress_to_date": "Plan agreed"},
            status="complete",
            rag="green",
            version=commitment.version,
        )
    with time_machine.travel(at(dt.date(2026, 1, 5)), tick=False):
        before = listed(REFERENCE, day - dt.timedelta(days=1))
        on = listed(REFERENCE, day)
        assert selectors.rating_of(before) == ("ongoing", "")
        assert selectors.rating_of(on) == ("complete", "green")
        # The list's filter by status reads the status then.
        then = selectors.commitment_list(as_at=day - dt.timedelta(days=1), status="complete")
        assert REFERENCE not in {c.reference for c in then}
        assert REFERENCE in {
            c.reference for c in selectors.commitment_list(as_at=day, status="complete")
        }

        # The dashboard's counts by status move on the same day.
        def complete(on_day: dt.date) -> int:
            groups = selectors.commitment_counts(london(), on_day)
            return sum(g["n"] for g in groups if g["status"] == "complete")

        assert complete(day) == complete(day - dt.timedelta(days=1)) + 1


def test_an_update_clears_the_stale_flag_from_its_day_not_before():
    day = dt.date(2018, 5, 10)
    with time_machine.travel(at(day), tick=False):
        services.progress_update_post(
            actor=None, reference=REFERENCE, date=day, data={"progress_to_date": "Plan agreed"}
        )
    with time_machine.travel(at(dt.date(2026, 1, 5)), tick=False):
        before = listed(REFERENCE, day - dt.timedelta(days=1))
        on = listed(REFERENCE, day)
        stale = selectors.commitment_flags(before, day - dt.timedelta(days=1)).stale
        assert stale == "last updated 350 days ago; the board meets bi-monthly"
        assert selectors.commitment_flags(on, day).stale is None
        assert selectors.latest_update(before).date == dt.date(2017, 5, 24)
        assert selectors.latest_update(on).date == day


def test_a_milestone_is_overdue_the_day_after_it_is_due_not_the_day_before():
    commitment = Commitment.objects.get(reference=REFERENCE)
    due = dt.date(2018, 6, 15)
    Milestone.objects.create(commitment=commitment, title="Plan published", due=due)
    with time_machine.travel(at(dt.date(2026, 1, 5)), tick=False):

        def overdue(day: dt.date) -> list[str]:
            flags = selectors.commitment_flags(listed(REFERENCE, day), day)
            return [m.title for m in flags.overdue]

        assert "Plan published" not in overdue(due - dt.timedelta(days=1))
        assert "Plan published" not in overdue(due)
        assert "Plan published" in overdue(due + dt.timedelta(days=1))


def test_a_milestone_completed_later_was_not_complete_before():
    commitment = Commitment.objects.get(reference=REFERENCE)
    milestone = Milestone.objects.create(
        commitment=commitment, title="Plan published", due=dt.date(2018, 1, 31)
    )
    done = dt.date(2018, 6, 1)
    with time_machine.travel(at(done), tick=False):
        services.milestone_complete(
            actor=None, milestone_id=milestone.pk, version=milestone.version, completed_on=done
        )
    milestone.refresh_from_db()
    assert selectors.milestone_state_of(milestone, done - dt.timedelta(days=1)) == "overdue"
    assert selectors.milestone_state_of(milestone, done) == "complete"


# ----------------------------------------------------------------------- the London demo


def test_the_london_dashboard_opens_as_at_22_march_2018_with_flags_that_make_sense_then():
    response = Client().get("/commitments/dashboard/")
    assert response.status_code == 200
    page = text(response)
    assert "As at 22 March 2018" in page
    html = response.content.decode()
    assert 'name="as_at"' in html and 'value="2018-03-22"' in html
    assert 'src="/commitments/dashboard/status.svg?as_at=2018-03-22"' in html
    listing = text(Client().get("/commitments/"))
    assert "As at 22 March 2018" in listing
    ages = [int(n) for n in re.findall(r"last updated (\d+) days ago", listing, flags=re.I)]
    # Seed 000's updates of 24 May 2017 are 302 days old on 22 March 2018, not years.
    assert ages and max(ages) == 302
    # The milestones overdue then are those due before 22 March 2018.
    counts = re.search(r"with overdue milestones \((\d+) milestones? in all\)", page)
    due_before = [
        m
        for m in Milestone.objects.filter(due__lt=DESCRIBES)
        if not m.is_complete and m.commitment.status != "complete"
    ]
    assert counts is not None and int(counts.group(1)) == len(due_before)


def test_the_reports_state_their_day_and_each_rows_last_update():
    page = text(Client().get("/reports/commitments-by-owner/"))
    assert "As at 22 March 2018" in page
    assert "Last updated" in page and "24 May 2017" in page
    html = Client().get("/reports/commitments-by-board/?as_at=2017-06-30").content.decode()
    assert "As at 30 June 2017" in text_of(html)
    assert "/reports/commitments-by-board.pdf?as_at=2017-06-30" in html
    assert "/reports/commitments-by-board.xlsx?as_at=2017-06-30" in html


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# ------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "path",
    [
        "/commitments/",
        "/commitments/dashboard/",
        "/commitments/dashboard/status.svg",
        f"/commitments/{REFERENCE}/",
        "/reports/commitments-by-owner/",
        "/reports/commitments-by-owner.pdf",
        "/reports/commitments-by-board.xlsx",
        "/reports/mou-progress/",
    ],
)
def test_a_bad_as_at_is_a_400_page_saying_what_is_wrong(path):
    response = Client().get(path, {"as_at": "yesterday"})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "2018-03-22" in page


@pytest.mark.parametrize("path", ["/api/commitments", f"/api/commitments/{REFERENCE}"])
def test_a_bad_as_at_is_a_422_naming_the_parameter_in_the_api(path):
    response = Client().get(path, {"as_at": "2018-13-01"})
    assert response.status_code == 422
    body = response.json()
    assert [p["field"] for p in body.get("problems", [])] == ["as_at"] or "as_at" in body["message"]


def test_the_api_reads_as_at_the_day_asked_for_and_documents_it():
    t01 = "S000-T01"
    rows = Client().get("/api/commitments", {"as_at": "2018-04-01", "limit": 100}).json()
    row = {c["reference"]: c for c in rows["items"]}[t01]
    assert row["flags"]["stale"] == "last updated 312 days ago; the board meets bi-monthly"
    assert row["last_updated"] == "2017-05-24"
    earlier = Client().get(f"/api/commitments/{t01}", {"as_at": "2017-05-23"}).json()
    assert earlier["last_updated"] is None
    assert earlier["flags"]["stale"] == "no progress update yet"
    schema = Client().get("/api/openapi.json").json()
    for path in ("/api/commitments", "/api/commitments/{reference}"):
        names = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        assert "as_at" in names


# ------------------------------------------------------------------------- kept apart


@override_settings(CACHES=REAL_CACHE)
def test_what_is_kept_is_kept_apart_by_the_day():
    caches["data"].clear()
    stale = "Last updated {} days ago"
    for _ in range(2):  # made, then read back: each day its own
        assert stale.format(312) in text(Client().get("/commitments/?as_at=2018-04-01"))
        assert stale.format(313) in text(Client().get("/commitments/?as_at=2018-04-02"))
        first = charts.dashboard_cached(london(), dt.date(2017, 5, 1))
        later = charts.dashboard_cached(london(), dt.date(2018, 4, 1))
        assert first.counts.with_overdue == 0 and later.counts.with_overdue > 0
        owner = text(Client().get("/reports/commitments-by-owner/?as_at=2017-05-01"))
        assert "As at 1 May 2017" in owner and "No update" in owner
        assert "As at 22 March 2018" in text(Client().get("/reports/commitments-by-owner/"))
    caches["data"].clear()
