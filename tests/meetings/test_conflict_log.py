"""The central log of declarations and rulings (SPEC §9) read a page at a time: newest
meeting first across pages, nothing lost or shown twice, every row in the CSV, and the
same queries however long the log grows (QUALITY P3, P4)."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, ConflictFlag, Declaration, Meeting, Ruling
from devolution.meetings.selectors import conflict_log
from devolution.meetings.views.public import LOG_PAGE_SIZE

pytestmark = pytest.mark.django_db


def meeting_with_log(key: str, date: dt.date, declarations: int, people, chair) -> Meeting:
    meeting = Meeting.objects.create(
        key=key, board=Board.objects.get(key="spb"), date=date, status=Meeting.Status.HELD
    )
    item = AgendaItem.objects.create(meeting=meeting, key="item", title=f"Item of {key}")
    Declaration.objects.bulk_create(
        Declaration(meeting=meeting, person=people[n % len(people)], item=item, text=f"{key} {n}")
        for n in range(declarations)
    )
    for person in people:
        flag = ConflictFlag.objects.create(item=item, person=person, reasons=[f"{key} flag"])
        Ruling.objects.create(flag=flag, outcome="withdraw", reason=f"{key} ruling", ruled_by=chair)
    return meeting


@pytest.fixture
def log(alice, bob, reader, secretariat):
    older = meeting_with_log("spb-log-older", dt.date(2018, 3, 1), 55, [alice, bob], secretariat)
    newer = meeting_with_log(
        "spb-log-newer", dt.date(2018, 6, 1), 45, [alice, bob, reader], secretariat
    )
    return older, newer


def test_the_log_is_read_a_page_at_a_time_newest_meeting_first(log):
    older, newer = log
    rows = conflict_log()
    assert len(rows) == 57 + 48 == rows.count()
    first, second = rows[0:LOG_PAGE_SIZE], rows[LOG_PAGE_SIZE:200]
    assert LOG_PAGE_SIZE == 25
    assert [r.meeting.key for r in first] == [newer.key] * 25
    assert [r.meeting.key for r in second] == [newer.key] * 23 + [older.key] * 57
    every = [(r.meeting.key, r.kind, r.member, r.what) for r in [*first, *second]]
    assert len(set(every)) == len(every)  # nothing shown twice
    assert sum(kind == "Ruling" for _, kind, *_ in every) == 5
    assert rows[0] == first[0]


def test_the_pages_and_the_csv_show_every_row(log):
    client = Client()
    page_one = client.get("/public/conflicts/").content.decode()
    assert "105 entries, page 1 of 5" in page_one
    assert page_one.count("spb-log-newer 44") == 1 and "spb-log-older 0" not in page_one
    page_five = client.get("/public/conflicts/?page=5").content.decode()
    assert page_five.count("Declaration: spb-log-older") == 5
    table = list(
        csv.reader(io.StringIO(client.get("/public/conflicts.csv").content.decode("utf-8-sig")))
    )
    assert len(table) == 1 + 105
    assert [r[0] for r in table[1:]] == ["spb-log-newer"] * 48 + ["spb-log-older"] * 57


def test_a_page_of_the_log_makes_the_same_queries_however_long_it_grows(
    log, alice, bob, secretariat
):
    client = Client()

    def queries() -> int:
        client.get("/public/conflicts/")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/public/conflicts/").status_code == 200
        return len(captured)

    before = queries()
    meeting_with_log("spb-log-newest", dt.date(2018, 9, 1), 300, [alice, bob], secretariat)
    assert queries() == before <= 15


LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "data"},
}


def test_a_page_of_the_log_is_kept_until_the_next_write(log, alice, secretariat):
    """A page of the log and its count are read once per version of the data (QUALITY
    P1): the second request reads only the version; a declaration recorded shows at once."""
    from django.core.cache import caches
    from django.test import override_settings

    from devolution.meetings.interests.services import declaration_record

    newer = log[1]
    with override_settings(CACHES=LOCMEM):
        caches["data"].clear()
        client = Client()
        with CaptureQueriesContext(connection) as built:
            first = client.get("/public/conflicts/").content.decode()
        with CaptureQueriesContext(connection) as kept:
            again = client.get("/public/conflicts/").content.decode()
        assert again == first.replace(_nonce(first), _nonce(again))
        assert len(built) - len(kept) == 5  # two counts, the order, the two tables' rows
        declaration_record(
            actor=secretariat,
            meeting_key=newer.key,
            person=alice,
            text="A late declaration",
            interest_id=None,
            item_id=None,
        )
        after = client.get("/public/conflicts/").content.decode()
        assert "106 entries" in after and "A late declaration" in after


def _nonce(html: str) -> str:
    import re

    found = re.search(r'nonce="([^"]+)"', html)
    return found.group(1) if found else ""
