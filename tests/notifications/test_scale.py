"""The bench's England-sized notices, and the notifications page and API asking the same
number of queries however many notices a person has (QUALITY P3)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from devolution.bench.england_meetings import BENCH_SECRETARIAT
from devolution.bench.england_notifications import notifications_grow
from devolution.core.models import User
from devolution.notifications.models import Notice
from tests.conftest import signed_in


def queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_page_and_the_api_ask_as_many_queries_for_many_notices(db):
    assert notifications_grow(10) == 0  # no bench officer: nothing made
    officer = User.objects.create_user(BENCH_SECRETARIAT, "x", full_name="Bench officer")
    assert notifications_grow(10) == 10
    client = signed_in(officer)
    few = (queries(client, "/notifications/"), queries(client, "/api/notifications"))
    Notice.objects.filter(person=officer).delete()
    assert notifications_grow(400) == 400
    assert Notice.objects.filter(person=officer, read_at__isnull=True).count() == 20
    many = (queries(client, "/notifications/"), queries(client, "/api/notifications"))
    assert many == few
    page = client.get("/notifications/").content.decode()
    assert "400 notifications, page 1 of 8" in page
    assert "Notifications (20 unread)" in page
