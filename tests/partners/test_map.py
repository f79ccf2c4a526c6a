"""The London map as a map people can use: every borough named and linking to its page, a
legend, a layer chooser that works without JavaScript, and the table beside it."""

import re
from html import unescape

import pytest
from django.test import Client

from devolution.partners.maps import NONE_COLOUR, NONE_OUTLINE, PALETTE
from tests.commitments.test_chart_colours import contrast

pytestmark = pytest.mark.django_db


def _svg(page: str) -> str:
    start = page.index("<svg", page.index("devolution-map"))
    return page[start : page.index("</svg>", start) + 6]


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """The map page for each layer, drawn once for the module (a drawing takes a second)."""
    with django_db_blocker.unblock():
        client = Client()
        return {
            layer: client.get(f"/map/?layer={layer}").content.decode()
            for layer in ("stp", "system")
        }


def test_every_borough_is_named_on_the_map_and_links_to_its_page(pages):
    svg = _svg(pages["stp"])
    links = set(re.findall(r'xlink:href="(/places/[^"/]+/)"', svg))
    assert len(links) == 33
    assert "/places/E09000012/" in links  # Hackney
    labels = {unescape(t) for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)}
    assert {"Hackney", "Kingston", "Barking & Dag.", "City", "Westm."} <= labels
    # Each name sits inside a link to its borough's page, like its shape.
    named = re.findall(
        r'<a xlink:href="(/places/[^"]+)"><path[^>]*/></a>|<a xlink:href="(/places/[^"]+)"><text',
        svg,
    )
    assert len({b for _, b in named if b}) == 33
    # No link leaves the site for the boundaries' host.
    assert "vega.github.io" not in svg.split("</title>")[-1].split("xlink:href")[-1]
    assert not re.search(r'xlink:href="https?://', svg)


def test_the_map_has_a_readable_legend_with_its_title(pages):
    svg = _svg(pages["stp"])
    assert "role-legend" in svg
    texts = [unescape(t) for t in re.findall(r"<text[^>]*>([^<]+)</text>", svg)]
    assert "STP" in texts and "North East London" in texts
    for colour in [*PALETTE, NONE_COLOUR]:
        if colour != NONE_COLOUR:
            assert contrast(colour, "#ffffff") >= 3, colour  # each area against the page
            assert contrast(colour, "#ffffff") >= 4.5, colour  # white names on it
        else:
            assert contrast(colour, "#212b32") >= 4.5  # dark names on the light grey
            assert contrast(NONE_OUTLINE, "#ffffff") >= 3  # its outline against the page


def test_the_layer_chooser_switches_the_colouring_and_the_table(pages):
    stp, system = pages["stp"], pages["system"]
    assert "North East London" in _svg(stp) and "Hackney and the City" not in _svg(stp)
    assert "Hackney and the City" in _svg(system) and "North East London" not in _svg(system)
    assert "Multi-borough system" in _svg(system) and "Part of none" in _svg(system)
    assert "Boroughs and their multi-borough system" in system
    # A GET form, so it works without JavaScript.
    assert re.search(
        r'<form method="get"[^>]*>.*?name="layer" type="radio" value="system"', stp, re.S
    )


def test_an_unknown_layer_is_refused_with_a_message():
    page = Client().get("/map/?layer=allocations")
    assert page.status_code == 400
    body = unescape(page.content.decode())
    assert "There is no map layer 'allocations': choose stp (STP) or system" in body
    assert "<title>Error:" in body
    svg = Client().get("/map/boroughs.svg?layer=allocations")
    assert svg.status_code == 400
    assert b"There is no map layer" in svg.content
