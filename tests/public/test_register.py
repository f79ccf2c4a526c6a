"""The decisions register (SPEC §15): every decision of every board as one list (page,
CSV, JSON, API), filtered by board, date, kind and binding; the public sees published
decisions of public items only, the secretariat every decision with the confidential
ones marked."""

import csv
import io
import json

import pytest

from devolution.meetings.models import Decision
from tests.conftest import signed_in
from tests.meetings.test_pages import MARKER, text

pytestmark = pytest.mark.django_db

SHADOW = "Move from the 'strategic leadership' to the 'shadow decision-making' phase"


def csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_register_lists_the_spbs_move_to_shadow_decision_making(client):
    page = text(client.get("/decisions/"))
    assert SHADOW in page
    assert "Phase move: to" in page
    assert "Recommendation" in page  # binding false: not yet in a decision-making phase


def test_the_kind_filter_finds_the_phase_move_and_other_kinds_not(client):
    moves = json.loads(client.get("/api/decisions?kind=phase_move").content)
    titles = [d["title"] for d in moves["items"]]
    assert SHADOW in titles
    assert all(d["kind"] == "phase_move" for d in moves["items"])
    others = json.loads(client.get("/api/decisions?kind=other&limit=100").content)
    assert SHADOW not in [d["title"] for d in others["items"]]
    assert moves["count"] + others["count"] == Decision.objects.count()


def test_filters_by_board_date_and_binding(client):
    spb = json.loads(client.get("/api/decisions?board=spb&limit=100").content)["items"]
    assert spb and {d["board"] for d in spb} == {"spb"}
    dated = json.loads(client.get("/api/decisions?from=2018-01-01&to=2018-01-31").content)
    assert dated["items"] and all(d["date"].startswith("2018-01") for d in dated["items"])
    recommendations = json.loads(client.get("/api/decisions?binding=recommendation").content)
    assert recommendations["items"] and not any(d["binding"] for d in recommendations["items"])
    binding = json.loads(client.get("/api/decisions?binding=binding").content)
    assert all(d["binding"] is True for d in binding["items"])


@pytest.mark.parametrize(
    "query, field",
    [
        ("kind=vote", "kind"),
        ("binding=maybe", "binding"),
        ("board=nowhere", "board"),
        ("from=2018-02-01&to=2018-01-01", "to"),
        ("from=yesterday", "from"),
    ],
)
def test_bad_filters_are_a_422_naming_the_field(client, query, field):
    response = client.get(f"/api/decisions?{query}")
    assert response.status_code == 422
    assert field in response.content.decode()


def test_a_bad_filter_on_the_page_says_so_and_on_a_download_is_a_400(client):
    response = client.get("/decisions/?to=soon")
    assert response.status_code == 400
    assert "Enter the to as a date like 2018-01-31" in text(response)
    assert client.get("/decisions.csv?kind=vote").status_code == 400


def test_the_csv_names_its_licence_and_holds_the_shadow_move(client):
    response = client.get("/decisions.csv")
    assert response.status_code == 200
    assert "Open Government Licence v3.0" in response["Link"]
    assert 'rel="license"' in response["Link"]
    rows = csv_rows(response)
    shadow = next(r for r in rows if r["title"] == SHADOW)
    assert shadow["meeting"] == "spb-2018-01"
    assert shadow["kind"] == "phase_move"
    assert shadow["to_phase"] == "shadow_decision_making"


def test_the_json_download_carries_licence_and_dictionary(client):
    document = json.loads(client.get("/decisions.json").content)
    assert document["licence"]["name"] == "Open Government Licence v3.0"
    assert [c["column"] for c in document["dictionary"]][:3] == ["meeting", "board", "date"]
    assert any(d["title"] == SHADOW for d in document["items"])


def test_the_public_never_sees_a_confidential_decision_the_secretariat_does(
    record,
    client,
    secretariat,
    bob,
):
    for who in (client, signed_in(bob)):
        for url in ("/decisions/", "/decisions.csv", "/decisions.json", "/api/decisions?limit=100"):
            assert MARKER not in who.get(url).content.decode("utf-8-sig"), url
    staff = signed_in(secretariat)
    page = text(staff.get("/decisions/?board=spb&from=2018-05-24&to=2018-05-24"))
    assert "Confidential Disposal of a site" in page
    api = json.loads(staff.get("/api/decisions?from=2018-05-24&to=2018-05-24").content)
    secret = [d for d in api["items"] if d["confidential"]]
    assert secret and MARKER in secret[0]["title"]


def test_each_row_links_to_its_meeting_and_item(record, client):
    html = client.get("/decisions/?from=2018-05-24&to=2018-05-24").content.decode()
    assert 'href="/public/meetings/spb-2018-05-24-test/"' in html
    assert 'href="/public/meetings/spb-2018-05-24-test/#item-' in html
    assert "1 paper, " in html
