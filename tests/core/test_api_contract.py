"""One contract for the whole API, read from its schema: every list paginates the same way,
schema names are unique, operation ids read as words, enumerations are the models' own,
every filter refuses an unknown value with a 422 naming it, every error is documented."""

import re
import typing
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from pydantic import BaseModel

from devolution.api import api as ninja_api
from devolution.commitments.models import Commitment, WorkItem
from devolution.core.models import Source
from devolution.governance.models import Arrangement, Board, GatewayCriterion, PhaseMove
from devolution.meetings.models import AgendaItem, Attendance, Decision, Meeting, Ruling
from devolution.partners.models import OrganisationType, Partnership, Place, Role
from tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return Client().get("/api/openapi.json").json()


def _operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in openapi["paths"].items()
        for method, operation in methods.items()
    ]


def _lists(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (path, op)
        for method, path, op in _operations(openapi)
        if method == "get"
        and op["responses"]["200"]["content"]["application/json"]["schema"]
        .get("$ref", "")
        .startswith("#/components/schemas/Paged")
    ]


# ----------------------------------------------------------------------------- lists


def test_no_collection_answers_with_a_bare_array(openapi):
    for method, path, op in _operations(openapi):
        if method != "get":
            continue
        ok = op["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok.get("type") != "array", f"GET {path} answers a bare array, not a page"


def test_every_list_takes_limit_and_offset_with_a_documented_maximum(openapi):
    lists = _lists(openapi)
    # estates adds its sites and ranking, capital its cases and disposals, regulation its
    # returns, timeline and data items asked twice, workforce its indicators, search its
    # results, the public record its decisions and open data catalogue, notifications each
    # person's own
    assert len(lists) == 32
    for path, op in lists:
        params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
        assert params["limit"]["schema"]["maximum"] == settings.NINJA_PAGINATION_MAX_LIMIT, path
        assert params["limit"]["schema"]["minimum"] == 1, path
        assert params["offset"]["schema"]["minimum"] == 0, path
        assert str(settings.NINJA_PAGINATION_MAX_LIMIT) in params["limit"]["description"], path
        page = openapi["components"]["schemas"][
            op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/")[-1]
        ]
        assert set(page["required"]) == {"items", "count"}, path


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=1001", "limit"), ("offset=-1", "offset"), ("limit=x", "limit")],
)
def test_a_bad_limit_or_offset_is_a_422_naming_it_on_every_list(openapi, secretariat, query, field):
    client = Client()
    client.force_login(secretariat)
    for path, _ in _lists(openapi):
        url = path.replace("{key}", "spb-2017-05-24")
        response = client.get(f"{url}?{query}")
        assert response.status_code == 422, (url, query, response.content)
        assert f"{field}:" in response.json()["message"], (url, response.json())


def test_a_list_pages_through_its_items(secretariat):
    whole = Client().get("/api/meetings?limit=1000").json()
    assert whole["count"] == len(whole["items"]) > 3
    pages = [Client().get(f"/api/meetings?limit=2&offset={n}").json() for n in (0, 2)]
    assert [m["key"] for p in pages for m in p["items"]] == [m["key"] for m in whole["items"][:4]]
    assert all(p["count"] == whole["count"] for p in pages)


@pytest.mark.parametrize("path", ["/api/places", "/api/organisations", "/api/partnerships"])
def test_a_list_without_a_limit_answers_a_page_of_the_default_size(path):
    """A page of NINJA_PAGINATION_PER_PAGE, as many rows as a list page shows, however many
    there are: a list that answered all of them would grow with the data (QUALITY P1, P3)."""
    default = settings.NINJA_PAGINATION_PER_PAGE
    assert default == 20
    page = Client().get(path).json()
    assert len(page["items"]) == default < page["count"]
    whole = Client().get(f"{path}?limit={page['count']}").json()
    assert len(whole["items"]) == whole["count"] == page["count"]
    assert whole["items"][:default] == page["items"]


# ------------------------------------------------------------------ names and words


def _models_in(annotation: Any, seen: dict[str, set[str]], visited: set[int]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if id(annotation) in visited:
            return
        visited.add(id(annotation))
        qualified = f"{annotation.__module__}.{annotation.__qualname__}"
        seen.setdefault(annotation.__name__, set()).add(qualified)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, seen, visited)
        return
    for arg in typing.get_args(annotation):
        _models_in(arg, seen, visited)


def _schema_classes() -> dict[str, set[str]]:
    """Every class the API's operations take or give, by the name the schema gives it."""
    seen: dict[str, set[str]] = {}
    visited: set[int] = set()
    for _, router in ninja_api._routers:  # the routers the API was given
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _models_in(model, seen, visited)
    return seen


def test_schema_names_are_unique_across_the_document(openapi):
    """Ninja names a schema by its class's name: two classes of one name would share one
    entry, and a generated client would read one's answers with the other's model."""
    components = set(openapi["components"]["schemas"])
    seen = _schema_classes()
    assert {"MeetingOut", "OrganisationOut", "PlaceOut"} <= set(seen) & components
    shared = {name: classes for name, classes in seen.items() if len(classes) > 1}
    assert not {name: classes for name, classes in shared.items() if name in components}


def test_operation_ids_read_as_words_and_are_unique(openapi):
    ids = [op["operationId"] for _, _, op in _operations(openapi)]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", operation_id), operation_id
    assert {"meeting_list", "organisation_get", "board_list", "legal_check"} <= set(ids)


# ----------------------------------------------------------------------- enumerations


def _property(openapi: dict[str, Any], schema: str, name: str) -> dict[str, Any]:
    return openapi["components"]["schemas"][schema]["properties"][name]


def _enum(prop: dict[str, Any]) -> list[str]:
    """The values an enum property takes, leaving out a null or an empty string allowed."""
    options = prop.get("anyOf", [prop])
    values: list[str] = []
    for option in options:
        values += [v for v in option.get("enum", []) if v != ""]
    return values


@pytest.mark.parametrize(
    ("schema", "name", "choices"),
    [
        ("SourceOut", "kind", Source.Kind),
        ("PlaceOut", "scheme", Place.Scheme),
        ("OrganisationOut", "type", OrganisationType),
        ("PartnershipOut", "kind", Partnership.Kind),
        ("BoardOut", "status", Board.Status),
        ("CriterionOut", "status", GatewayCriterion.Status),
        ("CriterionIn", "status", GatewayCriterion.Status),
        ("PhaseMoveOut", "direction", PhaseMove.Direction),
        ("ArrangementOut", "status", Arrangement.Status),
        ("MeetingOut", "status", Meeting.Status),
        ("RulingIn", "outcome", Ruling.Outcome),
        ("RulingOut", "outcome", Ruling.Outcome),
        ("DecisionIn", "outcome", Decision.Outcome),
        ("DecisionIn", "how", Decision.How),
        ("DecisionOut", "outcome", Decision.Outcome),
        ("ItemIn", "purpose", AgendaItem.Purpose),
        ("AttendanceIn", "kind", Attendance.Kind),
        ("AttendanceOut", "kind", Attendance.Kind),
        ("CommitmentOut", "status", Commitment.Status),
        ("CommitmentOut", "rag", Commitment.Rag),
        ("CommitmentOut", "kind", Commitment.Kind),
        ("UpdateIn", "status", Commitment.Status),
        ("UpdateIn", "rag", Commitment.Rag),
        ("WorkItemOut", "status", WorkItem.Status),
    ],
)
def test_enumerations_are_the_models_own(openapi, schema, name, choices):
    assert _enum(_property(openapi, schema, name)) == list(choices.values)


def test_the_meeting_status_moves_are_model_statuses(openapi):
    moves = _enum(_property(openapi, "StatusIn", "status"))
    assert moves and set(moves) < set(Meeting.Status.values)


# -------------------------------------------------------------------- filters refuse

FREE_TEXT = {"q", "limit", "offset", "on", "person"}  # searched, paged, a date, an email


def test_every_filter_refuses_an_unknown_value_with_a_422_naming_it(openapi, secretariat):
    client = Client()
    client.force_login(secretariat)
    tried = []
    for path, op in _lists(openapi):
        for param in op.get("parameters", []):
            if param["in"] != "query" or param["name"] in FREE_TEXT:
                continue
            url = path.replace("{key}", "spb-2017-05-24")
            response = client.get(url, {param["name"]: "no-such-value"})
            assert response.status_code == 422, (url, param["name"], response.content)
            body = response.json()
            assert body["message"].startswith(f"{param['name']}: "), (url, body)
            assert [p["field"] for p in body["problems"]] == [param["name"]], (url, body)
            tried.append((path, param["name"]))
    assert len(tried) >= 12, tried


def test_a_known_filter_value_narrows_the_list():
    spb = Client().get("/api/meetings?board=spb&limit=1000").json()
    assert spb["count"] > 0 and {m["board"] for m in spb["items"]} == {"spb"}
    held = Client().get("/api/meetings?status=held&limit=1000").json()
    assert {m["status"] for m in held["items"]} == {"held"}
    ccgs = Client().get("/api/organisations?place=QMF&type=ccg").json()
    assert ccgs["count"] == 7


# ------------------------------------------------------------------ statuses documented


def test_every_error_status_is_documented_with_the_error_body(openapi):
    for method, path, op in _operations(openapi):
        responses = op["responses"]
        errors = {int(s) for s in responses if int(s) >= 400}
        # 400: a control character in the address or a query parameter, refused anywhere.
        assert {400, 401, 422, 429} <= errors, (method, path)
        if any(p["in"] == "path" for p in op.get("parameters", [])):
            assert 404 in errors, (method, path)
        if op.get("security"):
            assert 403 in errors, (method, path)
        if method != "get":
            assert {409, 413} <= errors, (method, path)
        for status in errors:
            body = responses[str(status)]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
    assert openapi["components"]["schemas"]["ErrorOut"]["required"] == ["message"]


def test_a_refusal_answers_the_documented_error_body():
    make_person("reader@camden.example", "la-camden", Role.READ_ONLY)
    for response, status in [
        (Client().get("/api/organisations/no-such"), 404),
        (Client().get("/api/actions"), 401),
        (Client().patch("/api/organisations/la-hackney", "{", "application/json"), 401),
        (Client().post("/api/legal/check", "{", "application/json"), 400),
        (Client().get("/api/boards?limit=5%01"), 400),
    ]:
        assert response.status_code == status, response.content
        assert set(response.json()) <= {"message", "field", "problems", "rule_id", "source"}
        assert response.json()["message"]


# ------------------------------------------------------------------------ addresses


def test_resources_are_addressed_by_their_keys(openapi):
    """No path takes a database id: every record is addressed by its key, or by its
    number within the record it belongs to (a milestone in its commitment, an action on
    its item, a register entry in its person's register)."""
    by_id = {
        path
        for _, path, op in _operations(openapi)
        if any(p["in"] == "path" and p["name"] == "id" for p in op.get("parameters", []))
    }
    assert by_id == set()
    paths = set(openapi["paths"])
    assert {
        "/api/organisations/{key}",
        "/api/partnerships/{key}",
        "/api/boards/{key}/gateway-criteria/{phase}/{criterion}",
        "/api/meetings/{key}/items/{item}/flags/{person}/ruling",
        "/api/commitments/{reference}/milestones/{number}/complete",
        "/api/meetings/{key}/items/{item}/actions/{number}/done",
        "/api/interests/{person}/{number}/end",
    } <= paths
    # A rule's id is its key in the catalogue (a word, not a number); no schema gives or
    # takes a database id.
    with_id = {
        name
        for name, schema in openapi["components"]["schemas"].items()
        if schema.get("properties", {}).get("id", {}).get("type", "string") != "string"
        or any(
            field.endswith("_id") and prop.get("type") == "integer"
            for field, prop in schema.get("properties", {}).items()
        )
    }
    assert with_id == set()
    for name in (
        "OrganisationOut",
        "OrganisationRef",
        "PartnershipOut",
        "CriterionOut",
        "FlagOut",
        "DeclarationOut",
        "UpdateOut",
    ):
        assert "id" not in openapi["components"]["schemas"][name]["properties"], name
    assert "seat" in openapi["components"]["schemas"]["SeatIn"]["properties"]
    assert "seat_rule_id" not in openapi["components"]["schemas"]["SeatIn"]["properties"]


def test_every_filter_declares_what_it_takes(openapi):
    """A filter either lists its values (an enum) or says what it takes: a key of what."""
    for path, op in _lists(openapi):
        for param in op.get("parameters", []):
            if param["in"] != "query":
                continue
            schema = param["schema"]
            options = schema.get("anyOf", [schema])
            enum = any("enum" in option for option in options)
            assert enum or param.get("description"), (path, param["name"])
