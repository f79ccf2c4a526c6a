"""Open data (SPEC §15): each dataset's CSV and JSON hold exactly the columns of its data
dictionary, each value of the type it names; the licence is on every download and the
page footer; public reads carry ETag, Last-Modified, caching and CORS headers, and a 304
for an unchanged ETag; signed-in and unsafe requests get none of these."""

import csv
import datetime as dt
import io
import json
import re

import pytest

from devolution.public.opendata import DATASETS, TYPES
from tests.conftest import signed_in
from tests.meetings.test_pages import text

pytestmark = pytest.mark.django_db

OGL = "Open Government Licence v3.0"


def _valid(column, value) -> bool:
    if value is None:
        return True
    if not isinstance(value, TYPES[column.type]) or (
        column.type == "integer" and isinstance(value, bool)
    ):
        return False
    if column.type == "date":
        return dt.date.fromisoformat(value) is not None
    if column.type in ("identifier", "list of identifiers"):
        return (
            value != "" and not any(c.isspace() for c in value.replace(" ", "")) if value else False
        )
    return True


@pytest.mark.parametrize("dataset", DATASETS, ids=[d.key for d in DATASETS])
def test_each_json_download_keeps_to_its_data_dictionary(client, dataset):
    response = client.get(f"/open-data/{dataset.key}.json")
    assert response.status_code == 200
    assert OGL in response["Link"]
    document = json.loads(response.content)
    assert document["licence"]["name"] == OGL
    assert document["dictionary"] == [c.dictionary() for c in dataset.columns]
    assert document["items"], f"{dataset.key} has rows in the London data"
    names = [c.name for c in dataset.columns]
    for row in document["items"]:
        assert list(row) == names
        for column in dataset.columns:
            assert _valid(column, row[column.name]), (dataset.key, column.name, row[column.name])
            if column.values and row[column.name] is not None:
                assert row[column.name] in column.values, (dataset.key, column.name)


@pytest.mark.parametrize("dataset", DATASETS, ids=[d.key for d in DATASETS])
def test_each_csv_download_has_the_dictionarys_columns_and_the_jsons_rows(client, dataset):
    response = client.get(f"/open-data/{dataset.key}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert OGL in response["Link"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [c.name for c in dataset.columns]
    items = json.loads(client.get(f"/open-data/{dataset.key}.json").content)["items"]
    assert len(rows) - 1 == len(items)


def test_stable_identifiers_are_the_national_codes_and_keys(client):
    places = json.loads(client.get("/open-data/places.json").content)["items"]
    assert any(re.fullmatch(r"E09\d{6}", p["code"]) for p in places)  # a London borough's GSS
    organisations = json.loads(client.get("/open-data/organisations.json").content)["items"]
    assert any(o["ods_code"] for o in organisations)
    boards = {b["key"] for b in json.loads(client.get("/open-data/boards.json").content)["items"]}
    assert "spb" in boards
    commitments = json.loads(client.get("/open-data/commitments.json").content)["items"]
    assert "S004-4.1" in {c["reference"] for c in commitments}


def test_a_dataset_nobody_has_is_not_found(client):
    assert client.get("/open-data/secrets.csv").status_code == 404


def test_the_catalogue_page_and_api_list_every_dataset_with_its_licence(client):
    page = text(client.get("/open-data/"))
    for d in DATASETS:
        assert d.title in page
    assert "360Giving" in page and OGL in page
    api = json.loads(client.get("/api/open-data").content)
    assert api["count"] == len(DATASETS)
    assert {d["key"] for d in api["items"]} == {d.key for d in DATASETS}
    assert all(d["licence"] == OGL and d["dictionary"] for d in api["items"])


def test_the_footer_names_the_licence_on_every_page(client):
    for url in ("/", "/decisions/", "/boards/"):
        assert f"Published under the {OGL}" in text(client.get(url)), url


# --------------------------------------------------------------------------- headers

PUBLIC_READS = (
    "/decisions.csv",
    "/decisions.json",
    "/open-data/boards.csv",
    "/api/decisions",
    "/api/open-data",
)


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_a_public_read_is_cacheable_shareable_and_answers_304_when_unchanged(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"].startswith("public, max-age=")
    assert response["Last-Modified"].endswith("GMT")
    etag = response["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_write_changes_the_etag(client, secretariat):
    from devolution.core.services import audit_record

    etag = client.get("/decisions.csv")["ETag"]
    audit_record(actor=secretariat, action="test", obj=secretariat, before=None, after={"x": 1})
    assert client.get("/decisions.csv")["ETag"] != etag


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_a_signed_in_read_is_private_and_not_shared(secretariat, url):
    response = signed_in(secretariat).get(url)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "ETag" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_pages_and_unsafe_requests_are_not_shared(client):
    for url in ("/decisions/", "/open-data/", "/"):
        assert "Access-Control-Allow-Origin" not in client.get(url), url
    for method in (client.post, client.put, client.delete):
        response = method("/api/decisions")
        assert "Access-Control-Allow-Origin" not in response
