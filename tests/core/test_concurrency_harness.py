"""The harness the concurrency tests stand on: threads really run at once, on their own
connections, against a committed copy that the test's own transaction does not see."""

from django.db import transaction

from devolution.governance.models import Board


def _bump() -> int:
    with transaction.atomic():
        board = Board.objects.select_for_update().get(key="spb")
        board.version += 1
        board.save(update_fields=["version"])
        return board.version


def test_twenty_threads_each_bump_one_row_under_its_lock_and_none_is_lost(concurrent_db):
    start = concurrent_db.read(lambda: Board.objects.get(key="spb").version)
    outcomes = concurrent_db.at_once(20, lambda i: _bump())
    assert not [o for o in outcomes if isinstance(o, BaseException)]
    assert sorted(outcomes) == list(range(start + 1, start + 21))
    assert concurrent_db.read(lambda: Board.objects.get(key="spb").version) == start + 20


def test_the_copy_is_fresh_for_each_test_and_the_test_database_is_untouched(concurrent_db, db):
    before = Board.objects.get(key="spb").version
    assert concurrent_db.read(lambda: Board.objects.get(key="spb").version) == before
    concurrent_db.setup(_bump)
    assert Board.objects.get(key="spb").version == before
