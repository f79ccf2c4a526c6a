"""The commitments pages at England's scale (issue 11): each shows the commitments of the
partnership in view (the default, or `?partnership=<key>`), in the same few queries
however many other partnerships' rows and however long a history the database holds;
a commitment's latest update comes from the query, not from loading every update; the
dashboard is counted by the database, once for a version of the data; a commitment's
histories are paged.

"Elsewhere" is a second partnership with copies of a few of London's commitments, each
with milestones, a long history of weekly updates and changes of rating.
"""

import datetime as dt
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from devolution.commitments import charts, selectors, services
from devolution.commitments.models import (
    Commitment,
    Milestone,
    ProgressUpdate,
    StatusChange,
)
from devolution.commitments.rules.tracking import MilestoneFact, milestone_state
from devolution.partners.models import Partnership

pytestmark = pytest.mark.django_db

LONDON = "london-devolution-partnership"
ELSEWHERE = "elsewhere-devolution-partnership"
APRIL_2018 = dt.datetime(2018, 4, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
LONDON_REFERENCE = r"(?<![\w-])S000-T01\b"  # not its copy, E-S000-T01
REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "s2"},
}

# Every page and API operation about "the commitments", and one commitment's page.
ROUTES = [
    "/commitments/",
    "/commitments/?theme=prevention&status=ongoing",
    "/commitments/dashboard/",
    "/commitments/dashboard/status.svg",
    "/commitments/dashboard/rating.svg",
    "/commitments/dashboard/milestones.svg",
    "/commitments/themes/",
    "/commitments/S000-T01/",
    "/reports/mou-progress/",
    "/reports/mou-progress/?as_of=2017-06-30",
    "/reports/commitments-by-owner/",
    "/reports/commitments-by-board/",
    "/reports/mou-pledges/",
    "/reports/commitments-by-owner.xlsx",
    "/commitments/export.csv",
    "/api/commitments",
    "/api/commitments/S000-T01",
]


def text(response) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _queries(path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(ctx.captured_queries)


@pytest.fixture
def april_2018():
    with time_machine.travel(APRIL_2018, tick=False):
        yield


def _weekly(commitment: Commitment, weeks: int, start: dt.date) -> None:
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            commitment=commitment,
            date=start + dt.timedelta(weeks=n),
            progress_to_date=f"{commitment.reference} week {n}",
        )
        for n in range(weeks)
    )


def _elsewhere(copies: int = 4, weeks: int = 30) -> Partnership:
    """A second partnership with copies of some of London's commitments, their milestones,
    a long history of updates and of ratings."""
    london = Partnership.objects.get(key=LONDON)
    other = Partnership.objects.create(
        key=ELSEWHERE, name="Elsewhere devolution partnership", kind="other", source=london.source
    )
    for c in Commitment.objects.filter(partnership=london).order_by("reference")[:copies]:
        milestones = list(c.milestones.all())
        copy = Commitment.objects.create(
            reference=f"E-{c.reference}",
            text=f"Elsewhere: {c.text}",
            theme=c.theme,
            board=c.board,
            status=c.status or "ongoing",
            rag="amber",
            partnership=other,
            source=c.source,
        )
        for m in milestones:
            Milestone.objects.create(commitment=copy, title=m.title, due=m.due, status=m.status)
        _weekly(copy, weeks, dt.date(2017, 4, 1))
        StatusChange.objects.bulk_create(
            StatusChange(commitment=copy, at=APRIL_2018, status="ongoing", rag="amber")
            for _ in range(weeks)
        )
    return other


# ---------------------------------------------------------- the partnership in view


def test_the_default_partnership_is_shown_and_another_only_when_chosen(april_2018):
    _elsewhere()
    mine = Client().get("/commitments/")
    theirs = Client().get(f"/commitments/?partnership={ELSEWHERE}")
    assert "E-S000" not in text(mine)
    assert "London health and care devolution partnership" in text(mine)
    assert "S000-T01" in text(mine)
    their_text = text(theirs)
    assert "E-S000" in their_text and "Elsewhere devolution partnership" in their_text
    assert not re.search(LONDON_REFERENCE, their_text)
    # The filters offer the other partnership, and the pages' links keep the one chosen.
    assert f'<option value="{ELSEWHERE}"' in mine.content.decode()
    assert f"/commitments/dashboard/?partnership={ELSEWHERE}" in theirs.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/commitments/dashboard/",
        "/commitments/themes/",
        "/reports/mou-progress/",
        "/reports/commitments-by-owner/",
        "/reports/commitments-by-board/",
    ],
)
def test_every_page_about_the_commitments_shows_only_the_partnership_in_view(april_2018, path):
    _elsewhere()
    joined = "&" if "?" in path else "?"
    mine = text(Client().get(path))
    theirs = Client().get(f"{path}{joined}partnership={ELSEWHERE}")
    assert theirs.status_code == 200
    assert "Elsewhere:" not in mine and "E-S000" not in mine
    assert "E-S000" in text(theirs) or "Elsewhere" in text(theirs)
    assert not re.search(LONDON_REFERENCE, text(theirs))


def test_the_dashboard_and_reports_count_only_the_partnership_in_view(april_2018):
    _elsewhere(copies=4)
    london = Commitment.objects.filter(partnership__key=LONDON).count()
    assert f"How far the {london} commitments" in text(Client().get("/commitments/dashboard/"))
    assert "How far the 4 commitments of the Elsewhere" in text(
        Client().get(f"/commitments/dashboard/?partnership={ELSEWHERE}")
    )
    pledges = text(Client().get(f"/reports/mou-pledges/?partnership={ELSEWHERE}"))
    assert "This data set holds 4 commitments" in pledges
    mou = Client().get(f"/reports/mou-progress/?partnership={ELSEWHERE}")
    assert "4 with progress reported, of 4" in text(mou)
    # The downloads are of the partnership shown.
    assert f"/reports/mou-progress.pdf?partnership={ELSEWHERE}" in mou.content.decode()


def test_the_register_export_and_the_api_list_are_of_the_partnership_in_view():
    _elsewhere(copies=3)
    mine = Client().get("/commitments/export.csv").content.decode()
    theirs = Client().get(f"/commitments/export.csv?partnership={ELSEWHERE}").content.decode()
    assert "E-S000" not in mine and "S000-T01" in mine
    assert "E-S000" in theirs and ",S000-T01," not in theirs
    london = Commitment.objects.filter(partnership__key=LONDON).count()
    assert Client().get("/api/commitments").json()["count"] == london
    listed = Client().get(f"/api/commitments?partnership={ELSEWHERE}").json()
    assert listed["count"] == 3
    assert all(c["reference"].startswith("E-") for c in listed["items"])


def test_a_commitment_no_partnership_claims_is_the_default_partnership_s():
    """The register's import records commitments without a partnership: they are the
    deployment's own, shown with the default partnership's, not with another's."""
    _elsewhere(copies=1)
    source = Commitment.objects.first().source
    Commitment.objects.create(reference="T-UNCLAIMED", text="Imported", source=source)
    assert "T-UNCLAIMED" in text(Client().get("/commitments/?status="))
    assert "T-UNCLAIMED" not in text(Client().get(f"/commitments/?partnership={ELSEWHERE}"))
    assert "T-UNCLAIMED" in Client().get("/commitments/export.csv").content.decode()


def test_an_unknown_partnership_is_not_found_on_a_page_and_named_by_the_api():
    assert Client().get("/commitments/?partnership=nowhere").status_code == 404
    assert Client().get("/commitments/dashboard/?partnership=nowhere").status_code == 404
    response = Client().get("/api/commitments?partnership=nowhere")
    assert response.status_code == 422
    assert "partnership" in response.content.decode()


def test_with_no_default_partnership_every_commitment_is_shown():
    _elsewhere(copies=2)
    Partnership.objects.update(is_default=False)
    listed = Client().get("/api/commitments").json()
    assert listed["count"] == Commitment.objects.count()


# ------------------------------------------------------------- queries do not grow


def test_every_route_makes_the_same_few_queries_with_england_s_rows(april_2018):
    """London alone, then with another partnership's commitments and a long history on
    one of London's own: the same number of queries on every route, at most 15."""
    for path in ROUTES:  # the first request warms what a process keeps (parameters)
        Client().get(path)
    before = {path: _queries(path) for path in ROUTES}
    _elsewhere(copies=5, weeks=40)
    _weekly(Commitment.objects.get(reference="S000-T01"), 40, dt.date(2017, 6, 1))
    StatusChange.objects.bulk_create(
        StatusChange(
            commitment=Commitment.objects.get(reference="S000-T01"), at=APRIL_2018, status="ongoing"
        )
        for _ in range(25)
    )
    after = {path: _queries(path) for path in ROUTES}
    assert after == before
    assert max(after.values()) <= 15, after
    # Another partnership's, chosen: as few.
    chosen = [f"{p}{'&' if '?' in p else '?'}partnership={ELSEWHERE}" for p in ROUTES[:-1]]
    assert max(_queries(path) for path in chosen) <= 15


# --------------------------------------------------------------- the latest update


def test_the_latest_update_is_the_newest_by_date_then_by_id_however_many():
    commitment = Commitment.objects.get(reference="S000-T01")
    _weekly(commitment, 60, dt.date(2016, 1, 1))  # the newest of these: 2017-02-10
    newest = dt.date(2018, 1, 5)
    first = ProgressUpdate.objects.create(commitment=commitment, date=newest, progress_to_date="a")
    second = ProgressUpdate.objects.create(commitment=commitment, date=newest, progress_to_date="b")
    ProgressUpdate.objects.create(
        commitment=commitment, date=dt.date(2017, 12, 1), progress_to_date="c"
    )
    assert first.pk < second.pk
    listed = selectors.commitment_list().get(reference="S000-T01")
    assert selectors.latest_update(listed) == second
    assert selectors.commitment_flags(listed, dt.date(2018, 2, 1)).latest == second
    # Not from the prefetch: the same answer in one query.
    assert selectors.latest_update(Commitment.objects.get(pk=commitment.pk)) == second
    # As at an earlier day, the newest by then.
    rows = selectors.progress_report_rows(as_of=dt.date(2017, 12, 31))
    by_reference = {r["commitment"].reference: r["update"] for r in rows}
    assert by_reference["S000-T01"].progress_to_date == "c"


def test_posting_an_update_makes_it_the_latest_and_an_older_one_does_not(april_2018):
    commitment = Commitment.objects.get(reference="S000-T01")
    posted = services.progress_update_post(
        actor=None,
        reference="S000-T01",
        date=dt.date(2018, 3, 30),
        data={"progress_to_date": "Newest"},
    )
    assert selectors.latest_update(selectors.commitment_list().get(pk=commitment.pk)) == posted
    services.progress_update_post(
        actor=None,
        reference="S000-T01",
        date=dt.date(2016, 1, 1),
        data={"progress_to_date": "Late news of an old day"},
    )
    assert selectors.latest_update(selectors.commitment_list().get(pk=commitment.pk)) == posted
    page = text(Client().get("/reports/mou-progress/?as_at=2018-04-01"))
    assert "Newest" in page and "Late news of an old day" not in page
    # As at the day the London data describes, 22 March 2018, the update of 30 March
    # had not been made.
    assert "Newest" not in text(Client().get("/reports/mou-progress/"))


@pytest.mark.parametrize(
    "path",
    [
        "/commitments/",
        "/commitments/dashboard/",
        "/commitments/S000-T01/",
        "/reports/mou-progress/",
        "/reports/commitments-by-board/",
        "/api/commitments",
        "/api/commitments/S000-T01",
    ],
)
def test_no_page_loads_every_update_to_find_the_latest(april_2018, path):
    """Rows read, not only queries: with 40 updates a commitment, a page makes no more
    updates than it shows (one a commitment, or a page of one's history)."""
    for c in Commitment.objects.filter(partnership__key=LONDON):
        _weekly(c, 40, dt.date(2017, 1, 6))
    made = []

    def count(sender, instance, **kwargs):
        made.append(instance)

    post_init.connect(count, sender=ProgressUpdate)
    try:
        assert Client().get(path).status_code == 200
    finally:
        post_init.disconnect(count, sender=ProgressUpdate)
    assert len(made) <= Commitment.objects.filter(partnership__key=LONDON).count()


# ---------------------------------------------------------------------- the dashboard


def test_the_dashboard_counts_are_the_counts_by_hand(april_2018):
    _elsewhere()  # not counted
    london = Partnership.objects.get(key=LONDON)
    today = dt.date(2018, 4, 1)
    board = charts.dashboard(london, today)
    mine = list(Commitment.objects.filter(partnership=london).select_related("theme__parent"))
    assert board.counts.commitments == len(mine) == board.status.total() == board.rag.total()
    labels = dict(Commitment.Status.choices)
    for c in mine:
        top = (c.theme.parent or c.theme).name if c.theme else charts.NO_THEME
        status = str(labels.get(c.status, charts.NOT_RECORDED))
        by_hand = sum(
            1
            for o in mine
            if ((o.theme.parent or o.theme).name if o.theme else charts.NO_THEME) == top
            and str(labels.get(o.status, charts.NOT_RECORDED)) == status
        )
        assert board.status.counts[(top, status)] == by_hand
    milestones = list(Milestone.objects.filter(commitment__partnership=london))
    assert board.counts.undated_milestones == sum(1 for m in milestones if m.due is None)
    for state in ("Complete", "Overdue", "Due"):
        by_hand = sum(
            1
            for m in milestones
            if m.due is not None
            and charts.MILESTONE_STATES[
                milestone_state(
                    MilestoneFact("", m.due, m.completed_on, m.is_complete, m.date_precision),
                    today,
                )
            ]
            == state
        )
        assert sum(n for (_, s), n in board.milestones.counts.items() if s == state) == by_hand
    flagged = [
        selectors.commitment_flags(c, today) for c in selectors.commitment_list(partnership=london)
    ]
    assert board.counts.blocked == sum(1 for f in flagged if f.blocked_by)
    assert board.counts.stale == sum(1 for f in flagged if f.stale)
    assert board.counts.overdue_milestones == sum(len(f.overdue) for f in flagged)
    page = text(Client().get("/commitments/dashboard/"))
    assert f"{board.counts.blocked} blocked" in page
    assert f"{board.counts.stale} stale" in page


@override_settings(CACHES=REAL_CACHE)
def test_the_dashboard_is_counted_once_per_version_and_again_after_a_write(april_2018, monkeypatch):
    caches["data"].clear()
    built, drawn = [], []
    count, draw = charts.dashboard, charts.chart_svg

    def counting(*args, **kwargs):
        built.append(1)
        return count(*args, **kwargs)

    def drawing(*args, **kwargs):
        drawn.append(1)
        return draw(*args, **kwargs)

    monkeypatch.setattr(charts, "dashboard", counting)
    monkeypatch.setattr(charts, "chart_svg", drawing)
    pages = [
        "/commitments/dashboard/",
        *(f"/commitments/dashboard/{n}.svg" for n in ("status", "rating", "milestones")),
    ]
    for path in pages * 2:
        assert Client().get(path).status_code == 200
    assert (len(built), len(drawn)) == (1, 3)
    services.progress_update_post(
        actor=None, reference="S000-T01", date=None, data={"progress_to_date": "News"}
    )
    for path in pages:
        Client().get(path)
    assert (len(built), len(drawn)) == (2, 6)
    # Another partnership's dashboard is its own.
    _elsewhere(copies=1, weeks=1)
    Client().get(f"/commitments/dashboard/?partnership={ELSEWHERE}")
    assert len(built) == 3


@override_settings(CACHES=REAL_CACHE)
def test_a_report_is_made_once_per_version_for_its_page_and_downloads(april_2018, monkeypatch):
    from devolution.commitments import reports

    caches["data"].clear()
    made = []
    build = reports.by_owner_report

    def counting(partnership=None, as_at=None):
        made.append(partnership.key if partnership else None)
        return build(partnership, as_at)

    counting.__name__ = build.__name__
    monkeypatch.setattr(reports, "by_owner_report", counting)
    paths = ["/reports/commitments-by-owner/", "/reports/commitments-by-owner.xlsx"]
    for path in paths * 2:
        assert Client().get(path).status_code == 200
    assert made == [LONDON]
    services.progress_update_post(
        actor=None, reference="S000-T01", date=None, data={"progress_to_date": "News"}
    )
    for path in paths:
        Client().get(path)
    assert made == [LONDON, LONDON]
    _elsewhere(copies=1, weeks=1)
    Client().get(f"/reports/commitments-by-owner/?partnership={ELSEWHERE}")
    assert made[-1] == ELSEWHERE


# ----------------------------------------------------------------- paged histories


def test_a_commitment_pages_its_updates_and_its_status_history(april_2018):
    commitment = Commitment.objects.get(reference="S000-T01")
    ProgressUpdate.objects.filter(commitment=commitment).delete()
    _weekly(commitment, 25, dt.date(2017, 1, 6))  # week 24 the newest
    StatusChange.objects.bulk_create(
        StatusChange(
            commitment=commitment, at=APRIL_2018 - dt.timedelta(days=n), status="ongoing", rag=rag
        )
        for n, rag in enumerate(["green"] * 11 + ["red"])
    )
    first = Client().get("/commitments/S000-T01/")
    page = text(first)
    assert "25 updates, newest first; page 1 of 3" in page
    assert "S000-T01 week 24" in page and "S000-T01 week 15" in page
    assert "S000-T01 week 14" not in page
    assert "12 changes of status or rating, newest first; page 1 of 2" in page
    assert "?updates-page=2#updates" in first.content.decode()
    assert "?history-page=2#history" in first.content.decode()
    assert 'aria-label="Pages of the progress updates"' in first.content.decode()
    assert 'aria-label="Pages of the status history"' in first.content.decode()
    second = text(Client().get("/commitments/S000-T01/?updates-page=2&history-page=2"))
    assert "S000-T01 week 14" in second and "S000-T01 week 5" in second
    assert "S000-T01 week 24" not in second and "S000-T01 week 4" not in second
    assert "page 2 of 2" in second
    # A page past the last is the last; a page that is no number, the first.
    assert "page 3 of 3" in text(Client().get("/commitments/S000-T01/?updates-page=99"))
    assert "page 1 of 3" in text(Client().get("/commitments/S000-T01/?updates-page=x"))
    # The oldest change (the red one) is on the history's last page only.
    assert "Red" in second.split("Status history")[1].split("Dependencies")[0]
    assert "Red" not in page.split("Status history")[1].split("Dependencies")[0]
