"""The API's lists read plain values (core.pagination.api_values, the partners'
*_api_rows) rather than a model instance for each row and each record it names: what
they answer is what the schemas give of the models, field for field and in order."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from devolution.governance import api as governance_api
from devolution.governance import selectors as governance
from devolution.partners import api as partners_api
from devolution.partners import selectors as partners

pytestmark = pytest.mark.django_db


def _from_models(schema: Any, rows: Any) -> list[dict[str, Any]]:
    return [schema.from_orm(row).model_dump(mode="json") for row in rows]


LISTS = {
    "/api/places": (partners_api.PlaceOut, lambda: partners.place_list()),
    "/api/places?level=borough&q=on": (
        partners_api.PlaceOut,
        lambda: partners.place_list(level="borough", q="on"),
    ),
    "/api/organisations": (partners_api.OrganisationOut, lambda: partners.organisation_list()),
    "/api/organisations?type=ccg&place=QMF": (
        partners_api.OrganisationOut,
        lambda: partners.organisation_list(type="ccg", place="QMF"),
    ),
    "/api/partnerships": (partners_api.PartnershipOut, lambda: partners.partnership_list()),
    "/api/boards": (
        governance_api.BoardOut,
        lambda: governance.board_list(partnership=partners.partnership_in_view()),
    ),
    "/api/arrangements": (
        governance_api.ArrangementOut,
        lambda: governance.arrangement_list(partnership=partners.partnership_in_view()),
    ),
    "/api/functions": (governance_api.FunctionOut, lambda: governance.function_list()),
}


@pytest.mark.parametrize("path", LISTS)
def test_a_list_answers_what_its_schema_gives_of_the_models(path):
    schema, models = LISTS[path]
    joiner = "&" if "?" in path else "?"
    body = Client().get(f"{path}{joiner}limit=1000").json()
    expected = _from_models(schema, models())
    assert body["items"] == expected and body["count"] == len(expected) > 0
    assert all(item["source"] for item in body["items"])  # a related record's field


def test_the_places_list_reads_the_levels_only_to_check_one_asked_for():
    with CaptureQueriesContext(connection) as captured:
        assert Client().get("/api/places").status_code == 200
    assert len(captured) == 2  # its count and its rows
    assert Client().get("/api/places?level=nowhere").status_code == 422
