"""Places and partners pages at England's scale (QUALITY P3, P4): the map shows the
boroughs of the partnership in view, lists that grow are shown a page at a time, the
home page's counts are kept until a write, and no page makes more queries for more rows."""

import math
import re
from html import unescape

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from devolution.core.models import Source
from devolution.core.services import audit_record
from devolution.partners import maps, selectors
from devolution.partners.models import Level, Organisation, Partnership, Place
from tests.partners.other_partnership import (
    KEY,
    NAME,
    STP,
    more_boroughs,
    other_partnership,
    queries,
)

pytestmark = pytest.mark.django_db

REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p2"},
}


@pytest.fixture
def client():
    return Client()


def _boroughs(page: str) -> list[str]:
    return re.findall(r'<tr><td><a href="/places/[^/]+/">([^<]+)</a></td><td>', page)


def test_the_map_shows_the_boroughs_of_the_partnership_in_view(client):
    before, _ = queries(client, "/map/")
    other_partnership(2)
    count, london = queries(client, "/map/")
    assert count == before
    assert len(_boroughs(london)) == 33 and "Zetaborough 0" not in london
    assert "<h1>London's boroughs by STP</h1>" in unescape(london)  # as it was
    assert 'href="/map/boroughs.svg?layer=stp"' in london  # the picture on its own
    assert Partnership.objects.get(is_default=True).name in london

    small, chosen = queries(client, f"/map/?partnership={KEY}")
    assert _boroughs(chosen) == ["Zetaborough 0", "Zetaborough 1"]
    assert f"<td>{STP}</td>" in chosen  # two levels below the footprint, by their STP
    assert NAME in chosen
    # No boundaries for these: the page says so rather than draw an empty map.
    assert "devolution-map" not in chosen and "holds no boundaries" in chosen
    more_boroughs(5)
    larger, chosen = queries(client, f"/map/?partnership={KEY}")
    assert len(_boroughs(chosen)) == 7
    assert larger == small


def test_the_map_picture_is_the_partnership_in_views(client):
    before, london = queries(client, "/map/boroughs.svg")
    other_partnership(2)
    count, again = queries(client, "/map/boroughs.svg")
    assert count == before and again == london
    assert STP not in london
    _, chosen = queries(client, f"/map/boroughs.svg?partnership={KEY}")
    assert STP in chosen and "North Central London" not in chosen


@override_settings(CACHES=REAL_CACHE)
def test_the_map_is_drawn_once_for_each_version_and_partnership(client, monkeypatch):
    drawn = []
    draw = maps.borough_map_svg

    def counted(rows, **kwargs):
        drawn.append(len(rows))
        return draw(rows, **kwargs)

    monkeypatch.setattr("devolution.partners.views.borough_map_svg", counted)
    other = other_partnership(2)
    first = client.get("/map/boroughs.svg").content
    assert client.get("/map/boroughs.svg").content == first
    assert drawn == [33]
    client.get(f"/map/boroughs.svg?partnership={KEY}")
    assert drawn == [33, 2]
    with transaction.atomic():
        audit_record(actor=None, action="update", obj=other, before=None, after={"k": 1})
    client.get("/map/boroughs.svg")
    assert drawn == [33, 2, 33]


def test_an_unknown_partnership_is_a_404(client):
    assert client.get("/map/?partnership=no-such").status_code == 404
    assert client.get("/map/boroughs.svg?partnership=no-such").status_code == 404


def test_places_within_a_place_are_one_query_at_any_depth(django_assert_num_queries):
    other_partnership(3)
    with django_assert_num_queries(1):
        within = set(selectors.places_within("zeta-region").values_list("pk", flat=True))
    codes = set(Place.objects.filter(pk__in=within).values_list("code", flat=True))
    assert codes == {"zeta-region", "zeta-stp", "zeta-b0", "zeta-b1", "zeta-b2"}
    # A multi-borough area: the boroughs it is made of, though none is its child.
    area = Place.objects.filter(level__key="multi_borough", comprises__isnull=False).first()
    members = set(area.comprises.values_list("pk", flat=True))
    assert members and members <= set(
        selectors.places_within(area.code).values_list("pk", flat=True)
    )


def test_sources_are_listed_a_page_at_a_time(client):
    before, _ = queries(client, "/sources/")
    total = Source.objects.count()
    Source.objects.bulk_create(
        Source(key=f"zz-test-{i:03d}", title=f"Test source {i}", kind="entered") for i in range(120)
    )
    count, page = queries(client, "/sources/")
    assert count == before
    assert page.count('<tr class="nhsuk-table__row"><td') == 50
    assert f"{total + 120} sources, page 1 of " in page
    assert "Test source 119" not in page
    pages = math.ceil((total + 120) / 50)
    assert f"{total + 120} sources, page 1 of {pages}" in page
    last = client.get(f"/sources/?page={pages}").content.decode()
    assert "Test source 119" in last


def _many_organisations(n: int, place: Place, partnership: Partnership) -> None:
    source = Source.objects.first()
    made = Organisation.objects.bulk_create(
        Organisation(
            key=f"zz-org-{i}",
            name=f"Zz test organisation {i:03d}",
            type="other_provider",
            source=source,
        )
        for i in range(n)
    )
    place.organisations.add(*made)
    partnership.members.add(*made)


def test_a_places_organisations_and_a_partnerships_members_are_shown_a_page_at_a_time(client):
    place = Place.objects.get(code="E09000012")
    partnership = Partnership.objects.get(is_default=True)
    urls = (f"/places/{place.code}/", f"/partnerships/{partnership.pk}/")
    before = [queries(client, url)[0] for url in urls]
    _many_organisations(130, place, partnership)
    after = [queries(client, url) for url in urls]
    assert [count for count, _ in after] == before
    for _, page in after:
        assert "Zz test organisation 129" not in page  # by type, then name: on a later page
        assert "page 1 of " in page
    _, page = after[0]
    assert len(re.findall(r'<li><a href="/organisations/\d+/">', page)) == 50
    last = client.get(f"/places/{place.code}/?page=3").content.decode()
    assert "Zz test organisation 129" in last
    pages = math.ceil(partnership.members.count() / 50)
    members = client.get(f"/partnerships/{partnership.pk}/?page={pages}").content.decode()
    assert "Zz test organisation 129" in members


@override_settings(CACHES=REAL_CACHE)
def test_the_home_pages_counts_are_kept_until_a_write(client):
    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        page = client.get("/").content.decode()
    assert len(second.captured_queries) < len(first.captured_queries)
    boroughs = Place.objects.filter(level__key="borough").count()
    assert re.search(rf"<td>Borough</td><td[^>]*>{boroughs}</td>", page)
    with transaction.atomic():
        place = Place.objects.create(
            code="zz-new",
            scheme=Place.Scheme.LOCAL,
            name="Zz new borough",
            level=Level.objects.get(key="borough"),
            source=Source.objects.first(),
        )
        audit_record(actor=None, action="create", obj=place, before=None, after={"k": 1})
    page = client.get("/").content.decode()
    assert re.search(rf"<td>Borough</td><td[^>]*>{boroughs + 1}</td>", page)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/places/",
        "/places/?level=borough",
        "/places/zeta-region/",
        "/organisations/",
        "/organisations/?place=zeta-region",
        "/partnerships/",
        "/api/places",
        "/api/places/zeta-region",
        "/api/organisations",
        "/api/organisations?place=zeta-region",
        "/api/partnerships",
        f"/api/partnerships/{KEY}",
        "/api/sources",
    ],
)
def test_lists_and_places_make_the_same_queries_however_many_rows(client, url):
    partnership = other_partnership(2)
    source = Source.objects.first()
    one = Organisation.objects.create(key="zz-one", name="Zz one", type="ccg", source=source)
    one.serves.add(Place.objects.get(code="zeta-b0"))
    partnership.members.add(one)
    small, _ = queries(client, url)
    more_boroughs(6)
    made = Organisation.objects.bulk_create(
        Organisation(key=f"zz-more-{i}", name=f"Zz more {i}", type="ccg", source=source)
        for i in range(12)
    )
    for place in Place.objects.filter(code__startswith="zeta-b"):
        place.organisations.add(*made)
    partnership.members.add(*made)
    Partnership.objects.bulk_create(
        Partnership(key=f"zz-p-{i}", name=f"Zz partnership {i}", kind="other", source=source)
        for i in range(5)
    )
    larger, _ = queries(client, url)
    assert larger == small
