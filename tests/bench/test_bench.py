"""The bench's own parts (QUALITY P3, P4, P6): its England generator, its query counting,
and its timing of the legal rules engine. Its routes, server and report: test_routes.py,
test_server.py, test_report.py."""

import pytest
from django.test import Client
from django.urls import reverse

from devolution.bench import BenchError
from devolution.bench.england import NATIONAL_BODIES, england_generate
from devolution.bench.england_meetings import BENCH_SECRETARIAT, meetings_record
from devolution.bench.figures import Figure, Report
from devolution.bench.legal_and_pack import LEGAL_CASES, legal_check_ms
from devolution.bench.measuring import MAX_QUERIES, page_queries
from devolution.core.models import Source
from devolution.governance import selectors as governance
from devolution.governance.models import Arrangement, Board
from devolution.meetings.models import Action, Declaration, Meeting, Ruling
from devolution.partners.models import Organisation, Partnership, Place
from devolution.partners.views import PAGE_SIZE


def test_england_generate_gives_each_system_londons_shape(db):
    england_generate(systems=2, boroughs=4, trusts=2)

    systems = Place.objects.filter(level__key="stp", code__startswith="bench-").order_by("code")
    assert systems.count() == 2
    first = systems[0]
    assert first.children.filter(level__key="borough").count() == 4
    areas = first.children.filter(level__key="multi_borough")
    assert [a.comprises.count() for a in areas] == [2, 2]
    synthetic = Organisation.objects.filter(key__startswith="bench-")
    assert synthetic.count() == len(NATIONAL_BODIES) + 2 * (2 * 4 + 2)
    assert not synthetic.filter(serves=None).exists()
    assert Partnership.objects.get(key="bench-stp-1").members.count() == 2 * 4 + 2
    source = Source.objects.get(key="bench-synthetic")
    assert set(synthetic.values_list("source", flat=True)) == {source.pk}


def test_england_generate_gives_each_system_a_copy_of_londons_spb(db):
    london = Board.objects.get(key="spb")

    england_generate(systems=2, boroughs=4, trusts=2)

    board = Board.objects.get(key="bench-s01-spb")
    assert board.footprint is not None and board.footprint.code == "bench-s01"
    assert board.reports_to is not None and board.reports_to.key == "bench-s01-lhb"
    assert (board.phase_model_id, board.current_phase_id) == (
        london.phase_model_id,
        london.current_phase_id,
    )
    assert board.phase_moves.count() == london.phase_moves.count() > 0
    assert board.chairs.count() == london.chairs.count() > 0
    assert board.seat_rules.count() == london.seat_rules.count()
    assert board.sub_boards.count() == london.sub_boards.count() > 0
    # London's seat per STP of the region is a seat per borough of the system.
    slots, _ = governance.board_seats(governance.board_get(board.key))
    assert sum(s.slot.label == "STP CCG lead" for s in slots) == 4
    synthetic = Board.objects.filter(key__startswith="bench-")
    assert synthetic.count() == 2 * Board.objects.exclude(key__startswith="bench-").count()
    assert set(synthetic.values_list("source__key", flat=True)) == {"bench-synthetic"}
    primary_care = Arrangement.objects.get(key="bench-s01-primary-care-delegated-to-ccgs")
    assert {o.type for o in primary_care.to_organisations.all()} == {"ccg"}
    assert primary_care.to_organisations.count() == 4


def test_a_list_page_makes_the_same_queries_with_twice_the_rows(db):
    client = Client()
    path = reverse("partners:organisation-list")
    with_london = page_queries(client, path)

    england_generate(systems=4)

    assert Organisation.objects.count() > 3 * PAGE_SIZE
    assert 0 < page_queries(client, path) == with_london <= MAX_QUERIES


@pytest.mark.parametrize("case", LEGAL_CASES, ids=lambda c: c.name)
def test_p6_times_one_legal_check_in_process(case):
    # The bar (< 1 ms) is judged by `make bench`; here only that it runs and is quick.
    assert 0 < legal_check_ms(case, runs=50) < 5


def test_a_bar_not_yet_built_is_shown_and_neither_passes_nor_fails():
    report = Report(
        [
            Figure("P6", "a check", "0.010 ms", "< 1 ms", True),
            Figure("P7", "board pack", "not yet built", "under 5 s", None),
        ],
        [],
    )
    assert report.passed
    table = report.table()
    assert "N/A" in table and "not yet built" in table
    assert "Not yet measured: P7." in table
    assert not Report([*report.figures, Figure("P4", "a page", "17", "<= 15", False)], []).passed


def test_page_queries_refuses_a_page_that_fails(db):
    with pytest.raises(BenchError, match="404"):
        page_queries(Client(), "/no-such-page/")


def test_england_copies_londons_meetings_and_their_record_for_each_system(db):
    meetings_record()
    spb = Meeting.objects.filter(board__key="spb", items__isnull=False).distinct().first()
    londons = Action.objects.count()

    england_generate(systems=2, boroughs=4, trusts=2)

    copy = Meeting.objects.get(key=f"bench-s02-{spb.key}")
    assert copy.board.key == "bench-s02-spb" and copy.date == spb.date
    assert [i.title for i in copy.items.order_by("order")] == [
        i.title for i in spb.items.order_by("order")
    ]
    assert Declaration.objects.filter(meeting=copy).count() == spb.items.count()
    assert Ruling.objects.filter(flag__item__meeting=copy).count() == 2 * spb.items.count()
    owners = set(
        Action.objects.filter(item__meeting=copy).values_list("owner_organisation__key", flat=True)
    )
    # System 2's officer and first organisation (its first borough's council), as London's.
    assert owners == {None, "bench-la-5"}
    # The officer's own actions are London's alone, at both sizes.
    assert Action.objects.filter(owner__email=BENCH_SECRETARIAT).count() == londons // 2
    assert Meeting.objects.filter(key__startswith="bench-s01-croydon").exists()
