"""The bench's routes (QUALITY P1 to P4 on every route): every GET route of the URL
configuration is benched with a key from the data or left out with a reason, and a route
added without a key makes the bench fail rather than be skipped."""

import pytest
from django.test import Client
from django.test.utils import override_settings

from devolution.bench import BenchError
from devolution.bench.england_estates import estates_record
from devolution.bench.england_funding import funding_record
from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record
from devolution.bench.england_regulation import regulation_record
from devolution.bench.england_workforce import workforce_record
from devolution.bench.figures import Report
from devolution.bench.keys import KEYS, QUERIES
from devolution.bench.measuring import Site
from devolution.bench.routes import EXCLUDED, get_routes, route_path, url_routes
from devolution.bench.rows import LIST_ROWS
from devolution.bench.run import _route_rows, bench_record
from devolution.core.models import User

pytestmark = pytest.mark.django_db

NEW_ROUTES = "tests.bench.urls_with_new_routes"


@pytest.fixture
def officer(db) -> Client:
    """The bench's record of London's meetings, and its secretariat officer signed in."""
    meetings_record()
    bench_record()
    funding_record()
    estates_record()
    regulation_record()
    workforce_record()
    client = Client()
    client.force_login(User.objects.get(email=BENCH_SECRETARIAT))
    return client


def test_every_get_route_is_benched_with_a_key_or_left_out_with_a_reason(officer):
    found = get_routes(officer)
    benched = {r.name for r in found.benched}
    every = {r.name for r in url_routes()}

    assert benched | set(found.left_out) >= every
    assert not benched & set(found.left_out)
    assert all(found.left_out.values())
    # Pages, reports, charts, documents, calendars and the API's reads, with their keys.
    assert {
        "partners:home",
        "commitments:commitment-detail",
        "commitments:chart-status-svg",
        "commitments:mou-progress-report-pdf",
        "commitments:export-xlsx",
        "meetings:conflict-log-csv",
        "meetings:board-calendar",
        "meetings:meeting-detail",
        "api:openapi-json",
        "api:commitment_get",
        "api:item_get",
    } <= benched
    # Left out: what only changes (a form's POST answers GET with 405; an API operation
    # the schema gives no GET), signing in, the admin, the API's documentation page.
    assert "405" in found.left_out["commitments:commitment-post-update"]
    assert "no GET" in found.left_out["api:organisation_update"]
    assert found.left_out["core:sign-in"] == EXCLUDED["core:sign-in"]
    assert "api:openapi-view" in found.left_out
    assert any(name.startswith("admin:") for name in found.left_out)


def test_every_benched_route_answers_its_reader_with_londons_keys(officer):
    """Each path the bench requests answers 200: signed out, or as the officer for a
    route that refuses the public. (Documents are made by the bench, not here.)"""
    failures = {}
    staff = set()
    for route in get_routes(officer).benched:
        path = route_path(route, KEYS, QUERIES)
        if route.is_document:
            continue
        status = Client().get(path).status_code
        if status in (302, 401, 403):
            staff.add(route.name)
            status = officer.get(path).status_code
        if status != 200:
            failures[route.name] = (path, status)
    assert failures == {}
    assert {"meetings:meeting-detail", "meetings:my-actions", "api:action_list"} <= staff
    assert "partners:home" not in staff


def test_the_keys_are_londons_records():
    meetings_record()
    bench_record()
    routes = {r.name: r for r in url_routes()}

    assert route_path(routes["governance:board-detail"], KEYS) == "/boards/spb/"
    # The SPB meeting with the most items, and the commitment with most milestones and
    # updates of the default partnership.
    meeting = route_path(routes["meetings:public-meeting"], KEYS)
    assert meeting == "/public/meetings/spb-2018-03-22/"
    checker = route_path(routes["governance:arrangement-checker"], KEYS, QUERIES)
    assert "party_1_holds=delegated" in checker
    assert "Not allowed" in Client().get(checker).content.decode()


@override_settings(ROOT_URLCONF=NEW_ROUTES)
def test_a_page_added_without_a_key_fails_the_bench_and_a_new_form_is_left_out(officer, tmp_path):
    found = get_routes(officer)
    new_page = next(r for r in found.benched if r.name == "bench-new-page")
    assert "405" in found.left_out["bench-new-form"]

    with pytest.raises(BenchError, match=r"route bench-new-page .* has no key in the bench") as e:
        route_path(new_page, KEYS, QUERIES)
    assert "add one to KEYS in devolution/bench/keys.py" in str(e.value)

    # In the run it is a row that fails, so the bench exits non-zero; it does not crash.
    site = Site(tmp_path / "unused.sqlite3")
    site.use = lambda: None  # the test's own database, at "both sizes"
    rows = _route_rows(site, site, [new_page])
    assert not rows[0].passed
    assert "has no key in the bench" in rows[0].problems[0]
    assert not Report([], [], rows).passed


def test_lists_are_named_so_and_every_list_page_has_its_rows_for_p2(officer):
    found = get_routes(officer)
    lists = {r.name for r in found.benched if r.is_list}

    assert {
        "partners:organisation-list",
        "meetings:conflict-log",
        "api:commitment_list",
        "api:place_list",
    } <= lists
    assert "partners:organisation-detail" not in lists
    assert "api:commitment_get" not in lists
    pages = {name for name in lists if not name.startswith("api:")}
    assert pages == set(LIST_ROWS)
    person = User.objects.get(email=BENCH_SECRETARIAT)
    for name, rows in LIST_ROWS.items():
        sql, _ = rows(person).query.sql_with_params()
        assert "LIMIT" in sql, name
