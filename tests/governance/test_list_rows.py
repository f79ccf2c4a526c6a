"""The governance lists as their pages read them: the boards as plain rows, the
functions register built once for each version of the data and partnership, and the
API's arrangements without the organisations it does not show (QUALITY P1, P2)."""

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from devolution.core.services import audit_record
from devolution.governance import selectors
from devolution.governance.models import Arrangement, Board
from devolution.partners.models import Partnership
from tests.governance.other_boards import more_boards
from tests.partners.other_partnership import KEY, other_partnership, queries

pytestmark = pytest.mark.django_db

REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lr1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lr2"},
}


def test_board_rows_are_the_boards_as_the_models_give_them():
    london = Partnership.objects.get(is_default=True)
    rows = list(selectors.board_rows(partnership=london))
    boards = list(selectors.board_list(partnership=london))
    assert [r.key for r in rows] == [b.key for b in boards]
    for row, board in zip(rows, boards, strict=True):
        assert (row.name, row.status, row.cadence) == (
            board.name,
            board.get_status_display(),
            board.get_cadence_display() if board.cadence else "",
        )
        assert row.footprint == (board.footprint.name if board.footprint else None)
        assert row.current_phase == (board.current_phase.name if board.current_phase else None)
        reports_to = board.reports_to
        assert row.reports_to_key == (reports_to.key if reports_to else None)
        assert row.reports_to == (
            (reports_to.short_name or reports_to.name) if reports_to else None
        )
    assert any(r.reports_to for r in rows) and any(r.current_phase for r in rows)


def test_board_rows_filter_by_status():
    london = Partnership.objects.get(is_default=True)
    status = Board.objects.filter(partnership=london).values_list("status", flat=True).first()
    rows = list(selectors.board_rows(status=status, partnership=london))
    assert rows
    assert {r.key for r in rows} == set(
        Board.objects.filter(partnership=london, status=status).values_list("key", flat=True)
    )


def test_the_board_page_shows_each_rows_links_and_words():
    page = Client().get("/boards/").content.decode()
    spb = Board.objects.select_related("reports_to").get(key="spb")
    assert f'<a href="/boards/spb/">{spb.name}</a>' in page
    assert spb.get_status_display() in page
    child = Board.objects.filter(reports_to=spb).first()
    assert f'<a href="/boards/{child.key}/">' in page


def test_function_rows_are_the_functions_and_the_partnerships_arrangements():
    london = Partnership.objects.get(is_default=True)
    rows = selectors.function_register(london)
    shown = selectors.arrangement_list(partnership=london)
    for row in rows:
        arrangements = [a for a in shown if a.function.key == row.key]
        assert [a.status for a in row.shown] == [a.get_status_display() for a in arrangements]
        assert [[o.name for o in a.to_organisations] for a in row.shown] == [
            [o.name for o in a.to_organisations.order_by("name")] for a in arrangements
        ]
        assert row.arrangement_count == Arrangement.objects.filter(function__key=row.key).count()
    assert any(row.shown for row in rows)


def _write(partnership: Partnership) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="update", obj=partnership, before=None, after={"k": 1})


@override_settings(CACHES=REAL_CACHE)
def test_the_functions_register_is_built_once_for_each_version_and_partnership(
    monkeypatch,
):
    built = []
    build = selectors._function_register

    def counted(partnership):
        built.append(partnership.key if partnership else None)
        return build(partnership)

    monkeypatch.setattr(selectors, "_function_register", counted)
    client = Client()
    other = other_partnership()
    more_boards(other, 1)
    first = client.get("/functions/").content.decode()
    # Kept: the partnership in view, its choices and the data's version, nothing of the rows.
    count, again = queries(client, "/functions/")
    assert count <= 3 and len(built) == 1
    assert again.count("arrangements in all") == first.count("arrangements in all")
    client.get(f"/functions/?partnership={KEY}")
    assert built == ["london-devolution-partnership", KEY]
    Arrangement.objects.filter(key="zeta-arrangement-0").update(note="A note after a write")
    _write(other)  # a write: the next request builds it again, and shows the change
    assert "A note after a write" in client.get(f"/functions/?partnership={KEY}").content.decode()
    assert len(built) == 3


def test_the_apis_arrangements_do_not_read_the_organisations_they_do_not_show():
    through = Arrangement.to_organisations.through._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        body = Client().get("/api/arrangements").json()
    assert body["items"]
    assert not [q for q in captured.captured_queries if through in q["sql"].split("WHERE")[0]]
    one = Client().get(f"/api/arrangements/{body['items'][0]['key']}")
    assert one.status_code == 200
