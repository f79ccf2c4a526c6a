"""The decisions register at England's scale (QUALITY P3, P4): the page, the API and the
downloads are of the partnership in view (`?partnership=<key>`, else the default), as the
commitments' register and export are; the page and the API make the same queries
whatever another partnership holds, and count their items' papers, declarations and
flags for the page's rows only."""

import csv
import io
import json

import pytest
from django.test.utils import override_settings

from devolution.meetings.models import Decision
from devolution.partners.models import Partnership
from tests.meetings.test_scale import OTHER, other_partnership, queries

pytestmark = pytest.mark.django_db

PATHS = ["/decisions/", "/decisions/?board=spb", "/api/decisions", "/api/decisions?limit=100"]


def decide_all(partnership: Partnership) -> int:
    """A decision on each item of `partnership`'s boards' meetings."""
    from devolution.meetings.models import AgendaItem

    items = AgendaItem.objects.filter(meeting__board__partnership=partnership)
    Decision.objects.bulk_create(
        Decision(item=item, outcome="agreed", text=f"Decided elsewhere {item.key}")
        for item in items
    )
    return items.count()


def test_the_register_makes_the_same_queries_whatever_another_partnership_holds(client):
    before = {path: queries(client, path)[0] for path in PATHS}
    decide_all(other_partnership(12))
    after = {path: queries(client, path)[0] for path in PATHS}
    assert after == before
    assert max(after.values()) <= 15


def test_the_register_is_of_the_partnership_in_view(client):
    assert decide_all(other_partnership(3)) == 6
    _, page = queries(client, "/decisions/")
    assert "Decided elsewhere" not in page
    _, theirs = queries(client, f"/decisions/?partnership={OTHER}")
    assert "Decided elsewhere" in theirs and "Synthetic other partnership" in theirs
    # Their boards, not London's, to choose from.
    assert "Synthetic other board 0" in theirs and "Synthetic other board 0" not in page
    api = json.loads(client.get(f"/api/decisions?partnership={OTHER}").content)
    assert api["count"] == 6
    assert {d["board"] for d in api["items"]} == {f"{OTHER}-board-0", f"{OTHER}-board-1"}
    assert all(d["papers"] == 0 and d["declarations"] == 1 for d in api["items"])
    assert all(d["conflict_flags"] == 1 and d["rulings"] == 1 for d in api["items"])
    ours = json.loads(client.get("/api/decisions?limit=100").content)["items"]
    assert ours and not {d["board"] for d in ours} & {f"{OTHER}-board-0"}


@pytest.mark.parametrize(
    "path", ["/decisions.csv", "/open-data/decisions.csv", "/open-data/decisions.json"]
)
def test_the_downloads_are_of_the_partnership_in_view(client, path):
    decide_all(other_partnership(2))
    with override_settings(DOCUMENTS_MADE_ONCE=True):
        ours = client.get(path).content.decode("utf-8-sig")
        theirs = client.get(f"{path}?partnership={OTHER}").content.decode("utf-8-sig")
    assert "Decided elsewhere" not in ours and "spb" in ours
    assert "Decided elsewhere" in theirs and ",spb," not in theirs
    if path.endswith(".csv"):
        rows = list(csv.DictReader(io.StringIO(theirs)))
        assert len(rows) == 4 and rows[0]["declarations"] == "1"


def test_a_partnership_no_one_has_is_a_404_on_the_page_and_a_422_in_the_api(client):
    assert client.get("/decisions/?partnership=nowhere").status_code == 404
    assert client.get("/decisions.csv?partnership=nowhere").status_code == 404
    answer = client.get("/api/decisions?partnership=nowhere")
    assert answer.status_code == 422
    assert "nowhere" in answer.content.decode()
