"""Pages about one partnership's boards show the partnership in view's (the default,
London's, unless ?partnership= names another), say which, and make the same number of
queries however many boards other partnerships have (QUALITY P3, P4)."""

from html import unescape
from io import BytesIO

import pytest
from django.db import transaction
from django.test import Client, override_settings
from openpyxl import load_workbook

from devolution.core.services import audit_record
from devolution.governance import organogram
from devolution.governance.models import Arrangement, Board, Function
from devolution.partners.models import Partnership
from tests.governance.other_boards import more_boards
from tests.partners.other_partnership import KEY, NAME, other_partnership, queries

pytestmark = pytest.mark.django_db

# Each page, and what of a board it shows: its name, or in the organogram's picture
# the node Graphviz names by its key.
PAGES = {
    "/boards/": "name",
    "/organogram/": "name",
    "/organogram.svg": "key",
    "/functions/": "name",
    "/reports/governance-progression/": "name",
}
REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "g1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "g2"},
}


@pytest.fixture
def client():
    return Client()


def _shown(what: str, names: list[str]) -> list[str]:
    """How the page writes these boards: by name (the text of a link or a heading, not
    words in a source's title), or by key (<title>zeta-board-0</title>, unescaped)."""
    if what == "name":
        return [f">{name}<" for name in names]
    return [
        f"<title>{key}</title>"
        for key in Board.objects.filter(name__in=names).values_list("key", flat=True)
    ]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_shows_the_partnership_in_views_boards_only(client, url):
    what = PAGES[url]
    london = Partnership.objects.get(is_default=True)
    spb = Board.objects.get(key="spb")
    before, _ = queries(client, url)
    other = other_partnership()
    names = more_boards(other, 2)

    count, default = queries(client, url)
    default = unescape(default)
    assert count == before  # another partnership's boards cost London's page nothing
    assert not any(shown in default for shown in _shown(what, names))
    assert _shown(what, [spb.name])[0] in default
    if what == "name":
        assert london.name in default  # the page says whose boards it shows

    small, chosen = queries(client, f"{url}?partnership={KEY}")
    chosen = unescape(chosen)
    assert all(shown in chosen for shown in _shown(what, names))
    assert _shown(what, [spb.name])[0] not in chosen
    if what == "name":
        assert NAME in chosen
    names += more_boards(other, 3)
    larger, chosen = queries(client, f"{url}?partnership={KEY}")
    chosen = unescape(chosen)
    assert all(shown in chosen for shown in _shown(what, names))
    assert larger == small  # no query per board


@pytest.mark.parametrize("url", [*PAGES, "/reports/governance-progression.xlsx"])
def test_a_partnership_no_one_has_is_a_404(client, url):
    assert client.get(f"{url}?partnership=no-such-partnership").status_code == 404


def test_the_pages_offer_every_partnership_with_boards_and_keep_the_choice(client):
    other = other_partnership()
    more_boards(other, 2)
    Partnership.objects.create(
        key="no-boards", name="Boardless test partnership", kind="other", source=other.source
    )
    page = client.get("/boards/").content.decode()
    assert f'<option value="{KEY}">{NAME}</option>' in page
    assert "Boardless test partnership" not in page  # nothing to show
    chosen = client.get(f"/boards/?partnership={KEY}&status=active").content.decode()
    assert f'<option value="{KEY}" selected>{NAME}</option>' in chosen
    # Filtering by status keeps the partnership; choosing another keeps the status.
    assert f'<input type="hidden" name="partnership" value="{KEY}">' in chosen
    assert '<input type="hidden" name="status" value="active">' in chosen
    # The organogram's picture and the report's downloads are the partnership's too.
    assert (
        f'src="/organogram.svg?partnership={KEY}"'
        in client.get(f"/organogram/?partnership={KEY}").content.decode()
    )
    report = client.get(f"/reports/governance-progression/?partnership={KEY}").content.decode()
    assert f'href="/reports/governance-progression.pdf?partnership={KEY}"' in report
    assert f'href="/reports/governance-progression.xlsx?partnership={KEY}"' in report


def test_the_progression_spreadsheet_is_the_partnership_in_views(client):
    other = other_partnership()
    names = more_boards(other, 2)

    def cells(url: str) -> set[str]:
        book = load_workbook(BytesIO(client.get(url).content))
        return {str(c.value) for ws in book for row in ws.iter_rows() for c in row}

    spb = Board.objects.get(key="spb").name
    default = cells("/reports/governance-progression.xlsx")
    chosen = cells(f"/reports/governance-progression.xlsx?partnership={KEY}")
    assert "Zeta resolution 0" not in default and not set(names) & default
    assert spb in default
    assert {"Zeta resolution 0", "Zeta resolution 1", *names} <= chosen
    assert spb not in chosen


def test_a_function_counts_every_arrangement_and_lists_the_partnerships(client):
    other = other_partnership()
    more_boards(other, 2)
    function = Function.objects.order_by("name").first()
    total = Arrangement.objects.filter(function=function).count()
    london = Partnership.objects.get(is_default=True)
    page = client.get("/functions/").content.decode()
    assert f"{total} arrangements in all; {total - 2} of {london.name}." in page
    chosen = client.get(f"/functions/?partnership={KEY}").content.decode()
    assert f"{total} arrangements in all; 2 of {NAME}." in chosen


def _write(other: Partnership) -> None:
    with transaction.atomic():
        audit_record(actor=None, action="update", obj=other, before=None, after={"k": 1})


@override_settings(CACHES=REAL_CACHE)
def test_the_organogram_is_drawn_once_for_each_version_and_partnership(client, monkeypatch):
    drawn = []
    draw = organogram.organogram_svg

    def counted(rows):
        drawn.append([r["key"] for r in rows])
        return draw(rows)

    monkeypatch.setattr(organogram, "organogram_svg", counted)
    other = other_partnership()
    more_boards(other, 2)
    first = client.get("/organogram.svg").content
    assert client.get("/organogram/").status_code == 200
    assert client.get("/organogram.svg").content == first
    assert len(drawn) == 1
    assert client.get(f"/organogram.svg?partnership={KEY}").content != first
    assert len(drawn) == 2 and drawn[1] == ["zeta-board-0", "zeta-board-1"]
    _write(other)  # a write: the next request draws it again
    client.get("/organogram.svg")
    assert len(drawn) == 3


# ------------------------------------------------------------------------------- the API


def test_the_api_lists_a_partnerships_boards_and_arrangements(client):
    other = other_partnership()
    more_boards(other, 2)
    boards = client.get(f"/api/boards?partnership={KEY}").json()
    assert [b["key"] for b in boards["items"]] == ["zeta-board-0", "zeta-board-1"]
    assert boards["count"] == 2
    london = client.get("/api/boards?partnership=london-devolution-partnership").json()
    assert "spb" in {b["key"] for b in london["items"]}
    assert not {b["key"] for b in london["items"]} & {"zeta-board-0", "zeta-board-1"}
    arrangements = client.get(f"/api/arrangements?partnership={KEY}").json()
    assert {a["key"] for a in arrangements["items"]} == {"zeta-arrangement-0", "zeta-arrangement-1"}
    # Without a key, the default partnership's, as the pages show: not the other's.
    default = client.get("/api/arrangements").json()
    assert (
        default == client.get("/api/arrangements?partnership=london-devolution-partnership").json()
    )
    assert 0 < default["count"] < Arrangement.objects.count()
    assert not {a["key"] for a in default["items"]} & {"zeta-arrangement-0", "zeta-arrangement-1"}
    assert client.get("/api/boards").json() == london


@pytest.mark.parametrize("url", ["/api/boards", "/api/arrangements"])
def test_the_api_refuses_a_partnership_no_one_has(client, url):
    response = client.get(f"{url}?partnership=no-such-partnership")
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "partnership"


@pytest.mark.parametrize(
    "url",
    [
        "/api/boards",
        "/api/arrangements",
        "/api/functions",
        f"/api/boards?partnership={KEY}",
        f"/api/arrangements?partnership={KEY}",
    ],
)
def test_the_api_lists_make_the_same_queries_however_many_rows(client, url):
    other = other_partnership()
    more_boards(other, 2)
    small, _ = queries(client, url)
    more_boards(other, 4)
    larger, _ = queries(client, url)
    assert larger == small
