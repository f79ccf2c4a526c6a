"""The rows list pages read (selectors.*_rows) and the URL each row links to (row_url):
the same records, places and order as the models give, one row each."""

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.template import engines
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from devolution.core.jinja import RowUrl
from devolution.core.models import Source
from devolution.core.services import audit_record
from devolution.partners import selectors
from devolution.partners.models import Organisation, Partnership

pytestmark = pytest.mark.django_db


def _places(manager) -> list[str]:
    """Names in the places' own order, as the pages listed them from the models."""
    return [p.name for p in manager.order_by("level__rank", "name", "pk")]


def test_organisation_rows_are_the_organisations_with_the_places_they_serve():
    rows = list(selectors.organisation_rows())
    organisations = list(selectors.organisation_list())
    assert [r.id for r in rows] == [o.pk for o in organisations]
    for row, organisation in zip(rows, organisations, strict=True):
        assert (row.name, row.type, row.ods_code, row.gss_code) == (
            organisation.name,
            organisation.type,
            organisation.ods_code,
            organisation.gss_code,
        )
        assert row.serves == _places(organisation.serves)
    assert any(len(r.serves) > 1 for r in rows)


def test_partnership_rows_are_the_partnerships_with_members_and_footprint():
    rows = list(selectors.partnership_rows())
    partnerships = list(selectors.partnership_list())
    assert [r.id for r in rows] == [p.pk for p in partnerships]
    for row, partnership in zip(rows, partnerships, strict=True):
        assert row.member_count == partnership.members.count()
        assert row.footprint == _places(partnership.footprint)


def test_place_rows_are_the_places_with_their_counts():
    rows = list(selectors.place_rows(level="borough"))
    places = list(selectors.place_list(level="borough"))
    assert [r.code for r in rows] == [p.code for p in places]
    for row, place in zip(rows, places, strict=True):
        assert row.level == place.level.name
        assert row.parent == (place.parent.name if place.parent else None)
        assert row.organisation_count == place.organisations.count()


def test_filtering_by_place_lists_each_organisation_once():
    serving = selectors.organisation_rows(place="QMJ")
    ids = [r.id for r in serving]
    assert len(ids) == len(set(ids)) == serving.count() > 0
    assert list(selectors.organisation_list(place="QMJ").values_list("pk", flat=True)) == ids


def test_a_page_of_rows_is_read_in_two_queries_and_counted_in_one(
    django_assert_num_queries,
):
    rows = selectors.organisation_rows()
    with django_assert_num_queries(3):
        page = Paginator(rows, 50).get_page(2)
        shown = list(page)
    assert len(shown) == Organisation.objects.count() - 50
    assert shown[0] == rows[50]


def test_row_url_is_the_url_reverse_gives():
    organisation = RowUrl("partners:organisation-detail")
    place = RowUrl("partners:place-detail")
    for pk in (1, 90, 1234567):
        assert organisation(pk) == reverse("partners:organisation-detail", args=[pk])
    for code in ("E09000012", "bench-s01-b1", "a b&c'd", "~:@é"):
        assert place(code) == reverse("partners:place-detail", args=[code])
    with pytest.raises(NoReverseMatch):
        RowUrl("partners:organisation-list")


def test_a_list_page_links_each_row_to_its_detail_page(client):
    page = client.get("/partnerships/").content.decode()
    for partnership in Partnership.objects.all()[:5]:
        assert f'href="/partnerships/{partnership.pk}/"' in page
    page = client.get("/places/?level=borough").content.decode()
    assert 'href="/places/E09000012/"' in page


def test_row_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        RowUrl("partners:place-detail")("a/b")


def test_templates_call_row_url():
    template = engines["jinja2"].from_string("{{ row_url('partners:place-detail')(code) }}")
    assert template.render({"code": "E09000012"}) == reverse(
        "partners:place-detail", args=["E09000012"]
    )


REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sr1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sr2"},
}


def test_source_rows_are_the_sources_with_their_kind_in_words():
    rows = list(selectors.source_rows())
    sources = list(selectors.source_list())
    assert (
        rows == [(s.key, s.title, s.get_kind_display(), s.link) for s in sources] and len(rows) > 1
    )


@override_settings(CACHES=REAL_CACHE)
def test_kept_rows_are_read_once_for_each_version_and_page():
    read = []

    def counted(sources):
        read.append(1)
        return [s.key for s in sources]

    def rows():
        return selectors.KeptPageRows("test-sources", selectors.source_list(), counted)

    keys = list(selectors.source_list().values_list("key", flat=True))
    assert (rows().count(), rows()[0:2], rows()[1]) == (len(keys), keys[0:2], keys[1])
    with CaptureQueriesContext(connection) as captured:
        kept = rows()
        assert (kept.count(), kept[0:2]) == (len(keys), keys[0:2])
    assert len(captured) == 1 and len(read) == 2  # the version; [0:2] and [1:2] read once
    with transaction.atomic():
        source = Source.objects.create(key="aaa-kept-rows", title="First", kind="entered")
        audit_record(actor=None, action="create", obj=source, before=None, after={"k": 1})
    assert rows()[0:1] == ["aaa-kept-rows"] and rows().count() == len(keys) + 1


@override_settings(CACHES=REAL_CACHE)
def test_the_source_page_shows_a_new_source_after_the_write_that_adds_it():
    client = Client()
    assert "A source a test adds" not in client.get("/sources/").text
    with CaptureQueriesContext(connection) as captured:
        client.get("/sources/")
    assert len(captured) == 1  # the data's version: its count and rows are kept
    with transaction.atomic():
        source = Source.objects.create(
            key="kept-test", title="A source a test adds", kind="entered"
        )
        audit_record(actor=None, action="create", obj=source, before=None, after={"k": 1})
    page = client.get("/sources/").text
    assert "A source a test adds" in page and "Entered by a user" in page
