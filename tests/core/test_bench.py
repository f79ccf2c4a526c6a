"""The bench's own parts (QUALITY P1, P3, P4): its England generator, its query counting
and the server it times P1 on."""

import pytest
from django.test import Client
from django.urls import reverse

from devolution.core.bench import (
    MAX_QUERIES,
    NATIONAL_BODIES,
    BenchError,
    Server,
    england_generate,
    page_queries,
)
from devolution.core.models import Source
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


def test_a_list_page_makes_the_same_queries_with_twice_the_rows(db):
    client = Client()
    path = reverse("partners:organisation-list")
    with_london = page_queries(client, path)

    england_generate(systems=4)

    assert Organisation.objects.count() > 3 * PAGE_SIZE
    assert 0 < page_queries(client, path) == with_london <= MAX_QUERIES


def test_page_queries_refuses_a_page_that_fails(db):
    with pytest.raises(BenchError, match="404"):
        page_queries(Client(), "/no-such-page/")


def test_the_server_for_p1_answers_over_http_and_stops(tmp_path):
    server = Server(tmp_path / "empty.sqlite3", tmp_path / "server.log")
    server.start()
    try:
        elapsed, body = server.fetch("/health")
        assert elapsed > 0
        assert b'"ok"' in body
        with pytest.raises(BenchError, match="404"):
            server.get("/no-such-page/")
    finally:
        process = server.process
        server.stop()
    assert server.process is None
    assert process is not None and process.returncode is not None
