"""The pages of places and partners: what they show, their filters, the map, and a fixed
number of queries however many rows (QUALITY P4)."""

import re

import pytest
from django.db.models import Count
from django.test import Client

from devolution.partners.maps import boundary_names
from devolution.partners.models import Organisation, Partnership, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_home_dashboard_counts_the_partnership(client):
    page = text(client.get("/"))
    assert "Borough 33" in page
    assert "Clinical commissioning group 32" in page
    assert "Devolution pilot 5" in page


def test_home_names_the_map_by_the_partnerships_footprint_from_the_data(client):
    from html import unescape

    from devolution.partners.models import Partnership

    assert "See London's boroughs by STP on a map" in unescape(text(client.get("/")))
    Partnership.objects.filter(is_default=True).update(is_default=False)
    page = unescape(text(client.get("/")))
    assert "See the boroughs by STP on a map" in page and "London map" not in page


def test_place_list_filters_by_level(client):
    page = text(client.get("/places/?level=stp"))
    assert "5 places" in page
    assert "North Central London" in page and "Hackney" not in page


def test_an_unknown_filter_value_is_a_clear_400(client):
    response = client.get("/places/?level=county")
    assert response.status_code == 400
    assert "Select a valid choice. county is not one of the available choices." in text(response)


def test_organisation_list_filters_by_type_and_place(client):
    page = text(client.get("/organisations/?type=ccg&place=QMJ"))
    assert "5 organisations" in page
    assert "NHS Haringey CCG" in page and "NHS Brent CCG" not in page


def test_organisation_list_paginates(client):
    first = text(client.get("/organisations/"))
    assert f"{Organisation.objects.count()} organisations, page 1 of 2" in first
    second = client.get("/organisations/?page=2")
    assert "page 2 of 2" in text(second)


def test_place_detail_shows_tree_organisations_and_unknown_population(client):
    page = text(client.get("/places/E09000012/"))
    assert "Hackney" in page and "E09000012 (ONS GSS code)" in page
    assert "North East London" in page
    assert "Population unknown" in page
    assert "NHS City and Hackney CCG" in page
    assert "Source: ONS" in page


def test_multi_borough_place_lists_its_boroughs(client):
    page = text(client.get("/places/bhr/"))
    assert "Made up of" in page
    for name in ("Barking and Dagenham", "Havering", "Redbridge"):
        assert name in page


def test_partnership_detail_shows_members_and_source(client):
    stp = Partnership.objects.get(kind="stp", footprint__code="QMJ")
    page = text(client.get(f"/partnerships/{stp.pk}/"))
    assert "NHS Islington CCG" in page
    assert "Source:" in page


def test_unknown_place_is_a_404_page(client):
    response = client.get("/places/NOWHERE/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_map_page_has_a_table_of_all_boroughs_beside_the_picture(client):
    page = client.get("/map/").content.decode()
    # The picture is drawn into the page, so its boroughs link to their pages.
    figure = page[page.index('<figure class="devolution-figure devolution-map">') :]
    assert figure.split(">", 1)[1].lstrip().startswith("<svg")
    rows = re.findall(r'<tr><td><a href="/places/(E09\d+)/">', page)
    assert len(rows) == 33


def test_map_svg_is_drawn_from_the_data(client):
    response = client.get("/map/boroughs.svg")
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert svg.startswith("<svg")
    for stp in Place.objects.filter(level__key="stp"):
        assert stp.name in svg
    assert svg.count("<path") >= 33


def test_every_borough_has_a_shape_on_the_map():
    boroughs = set(Place.objects.filter(level__key="borough").values_list("name", flat=True))
    assert boroughs == boundary_names()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/places/",
        "/places/?level=borough",
        "/organisations/",
        "/organisations/?type=ccg",
        "/partnerships/",
        "/places/QMF/",
        "/map/",
        "/sources/",
    ],
)
def test_pages_use_a_fixed_small_number_of_queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_detail_pages_use_a_fixed_small_number_of_queries(client, django_assert_max_num_queries):
    org = Organisation.objects.get(key="ccg-city-and-hackney")
    partnership = Partnership.objects.annotate(n=Count("members")).order_by("-n").first()
    assert partnership.n > 60  # the largest: the London partnership of all boroughs and CCGs
    for url in (f"/organisations/{org.pk}/", f"/partnerships/{partnership.pk}/"):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
