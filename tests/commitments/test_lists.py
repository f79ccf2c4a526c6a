"""The commitments list, its API and the themes page read rows made once for a version of
the data (lists.py; QUALITY P1, P2): two queries a request once made, however many rows
the database holds; made again after a write and on another day (what is overdue or
stale moves with the day); kept apart by partnership, filters and page; and what a kept
page shows is what a freshly made one does. The import page lists the keys of the
partnership in view, not the country's, and the import still takes any key."""

import datetime as dt
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from devolution.commitments import lists, selectors, services, transfer
from devolution.commitments.models import Commitment
from devolution.core.models import Source
from devolution.governance.models import Board
from devolution.partners.models import Organisation, Partnership
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

APRIL_2018 = dt.datetime(2018, 4, 1, 12, 0, tzinfo=ZoneInfo("Europe/London"))
REAL_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "l1"},
    "data": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "l2"},
}
LISTS = ["/commitments/", "/api/commitments", "/commitments/themes/"]
OTHER = "other-devolution-partnership"


@pytest.fixture
def april_2018():
    with time_machine.travel(APRIL_2018, tick=False):
        yield


@pytest.fixture
def undated():
    """The London data as if it declared no day it describes: its pages are as at today."""
    Partnership.objects.filter(is_default=True).update(describes=None)


@pytest.fixture
def kept():
    """Django's caches as a server has them (the tests' "data" cache keeps nothing)."""
    with override_settings(CACHES=REAL_CACHE):
        caches["data"].clear()
        yield
        caches["data"].clear()


def text(response) -> str:
    body = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def queries(path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert Client().get(path).status_code == 200
    return len(ctx.captured_queries)


def flags_of(reference: str, path: str = "/api/commitments") -> dict:
    rows = Client().get(path).json()["items"]
    return next(c["flags"] for c in rows if c["reference"] == reference)


def other_partnership(commitments: int = 3) -> Partnership:
    """Another partnership with its own member, board and commitments."""
    source = Source.objects.first()
    other = Partnership.objects.create(
        key=OTHER, name="Other partnership", kind="other", source=source
    )
    member = Organisation.objects.create(key="other-trust", name="Other Trust", source=source)
    other.members.add(member)
    spb = Board.objects.get(key="spb")
    board = Board.objects.create(
        key="other-board",
        name="Other Board",
        status=spb.status,
        phase_model=spb.phase_model,
        partnership=other,
        source=source,
    )
    for n in range(commitments):
        Commitment.objects.create(
            reference=f"O-{n}",
            text=f"Other {n}",
            partnership=other,
            board=board,
            lead_owner=member,
            status="ongoing",
            source=source,
        )
    return other


def post_update(reference: str) -> None:
    services.progress_update_post(
        actor=None, reference=reference, date=None, data={"progress_to_date": "News"}
    )


# ------------------------------------------------------------- made once per version


def test_the_rows_are_made_once_per_version_and_again_after_a_write(
    april_2018, kept, undated, monkeypatch
):
    made: list[str] = []
    rows, light = lists._rows, selectors.commitment_light_list

    def counting_rows(filters, as_at):
        made.append("list")
        return rows(filters, as_at)

    def counting_light(partnership):
        made.append("themes")
        return light(partnership)

    monkeypatch.setattr(lists, "_rows", counting_rows)
    monkeypatch.setattr(selectors, "commitment_light_list", counting_light)
    for path in LISTS * 3:
        assert Client().get(path).status_code == 200
    assert sorted(made) == ["list", "list", "themes"]  # the page's and the API's page
    assert "Stale" in text(Client().get("/commitments/?theme=utilisation"))
    made.clear()

    post_update("S000-T03")  # a write: a new version of the data
    for path in LISTS:
        Client().get(path)
    assert sorted(made) == ["list", "list", "themes"]
    # Made from the data as it now is: the fresh update is not stale.
    assert flags_of("S000-T03")["stale"] is None
    assert "Stale" not in text(Client().get("/commitments/?theme=utilisation"))


def test_once_made_a_list_is_two_queries_however_many_rows(april_2018, kept):
    for path in LISTS:
        Client().get(path)  # made
    before = {path: queries(path) for path in LISTS}
    assert before == dict.fromkeys(LISTS, 2)  # the partnership in view; the data's version
    other_partnership(commitments=20)
    post_update("S000-T01")
    for path in LISTS:
        Client().get(path)
    assert {path: queries(path) for path in LISTS} == before


def test_a_kept_page_shows_what_a_freshly_made_one_does(april_2018):
    paths = [*LISTS, "/commitments/?owner=department-of-health", "/api/commitments?offset=40"]
    fresh = {path: text(Client().get(path)) for path in paths}  # nothing kept
    with override_settings(CACHES=REAL_CACHE):
        caches["data"].clear()
        for path in paths:
            Client().get(path)
        assert {path: text(Client().get(path)) for path in paths} == fresh


# ----------------------------------------------------------------- kept apart


def test_rows_are_kept_apart_by_filters_page_and_partnership(april_2018, kept):
    other_partnership()
    assert "46 commitments" in text(Client().get("/commitments/"))
    utilisation = text(Client().get("/commitments/?theme=utilisation"))
    assert "S000-T03" in utilisation and "S000-T01" not in utilisation
    first = Client().get("/api/commitments?limit=10").json()["items"]
    second = Client().get("/api/commitments?limit=10&offset=10").json()["items"]
    assert not {c["reference"] for c in first} & {c["reference"] for c in second}
    other = Client().get(f"/api/commitments?partnership={OTHER}").json()
    assert {c["reference"] for c in other["items"]} == {"O-0", "O-1", "O-2"}
    themes = text(Client().get(f"/commitments/themes/?partnership={OTHER}"))
    assert "O-0" in themes and "S000-T01" not in themes


def test_rows_are_made_again_on_another_day_without_a_write(kept, undated):
    """S000-T01's latest update is a day older the next day, whatever was kept (where the
    data set declares no day, the list is as at today)."""
    stale = "last updated {} days ago; the board meets bi-monthly"
    with time_machine.travel(APRIL_2018, tick=False):
        assert flags_of("S000-T01")["stale"] == stale.format(312)
        assert stale.format(312).capitalize() in text(Client().get("/commitments/"))
    with time_machine.travel(APRIL_2018 + dt.timedelta(days=1), tick=False):
        assert flags_of("S000-T01")["stale"] == stale.format(313)
        assert stale.format(313).capitalize() in text(Client().get("/commitments/"))


# ----------------------------------------------------------------- the import's keys


def test_the_import_page_lists_the_partnership_s_keys_not_the_country_s(secretariat):
    client = signed_in(secretariat)

    def shown() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/commitments/import/")
        assert page.status_code == 200
        return page.content.decode(), len(ctx.captured_queries)

    london, before = shown()
    assert "<code>la-hackney</code>" in london and "<code>spb</code>" in london
    other_partnership()
    source = Source.objects.first()
    Organisation.objects.bulk_create(
        Organisation(key=f"other-org-{n}", name=f"Other org {n}", source=source) for n in range(30)
    )
    page, after = shown()
    assert after == before
    assert "other-trust" not in page and "other-org-1" not in page and "other-board" not in page
    assert "<code>la-hackney</code>" in page
    # The other partnership's own keys, when it is the one in view.
    theirs = client.get(f"/commitments/import/?partnership={OTHER}").content.decode()
    assert "<code>other-trust</code>" in theirs and "<code>other-board</code>" in theirs
    assert "<code>la-hackney</code>" not in theirs


def test_the_template_lists_the_partnership_s_keys_and_the_import_takes_any(secretariat):
    other_partnership()
    london = Partnership.objects.get(is_default=True)
    book = load_workbook(io.BytesIO(transfer.template_xlsx(london)))
    keys = {(row[0], row[1]) for row in book["Keys"].iter_rows(min_row=2, values_only=True)}
    assert ("organisation", "la-hackney") in keys and ("board", "spb") in keys
    assert ("organisation", "other-trust") not in keys and ("board", "other-board") not in keys
    # A key the lists leave out is still a key.
    header = ["record", "reference", "text", "theme", "lead_owner", "board"]
    row = "commitment,IMP-9,Shared,estates,other-trust,other-board"
    content = f"{','.join(header)}\n{row}\n".encode()
    transfer.commitments_import(actor=secretariat, content=content, filename="r.csv")
    imported = Commitment.objects.select_related("lead_owner", "board").get(reference="IMP-9")
    assert (imported.lead_owner.key, imported.board.key) == ("other-trust", "other-board")
