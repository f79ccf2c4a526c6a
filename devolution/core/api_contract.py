"""The API's one contract, kept in one place: operation ids that read as words, every status
an operation can answer documented with the error body it carries, and filters whose
unknown values are refused the same way on every endpoint (422, naming the parameter)."""

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.urls import get_script_prefix
from ninja import NinjaAPI, Schema

from .errors import InvalidInput, Problem

if TYPE_CHECKING:
    from ninja.operation import Operation

# What each error status means, as the schema documents it.
ERROR_STATUSES: dict[int, str] = {
    400: "The request cannot be used: a parameter, key or field holds a NUL or another control "
    "character, its body is not JSON or gives a key twice, or a value breaks a rule of the "
    "data (each problem named)",
    401: "Sign in first (and give the second factor where it is required)",
    403: "You may not do this, or the CSRF token is missing",
    404: "Nothing has this key",
    409: "Refused by a rule, or someone else changed the record first: nothing was saved",
    413: "The request body is too large",
    422: "A parameter or a field is missing, of the wrong type, or not one of its allowed "
    "values (each problem named)",
    429: "Too many requests: wait for the seconds given in Retry-After",
}


class ProblemOut(Schema):
    message: str
    field: str | None = None
    row: int | None = None


class ErrorOut(Schema):
    """Every error the API answers: a message naming the problem and where it is."""

    message: str
    field: str | None = None
    problems: list[ProblemOut] | None = None
    rule_id: str | None = None
    source: str | None = None


class InvalidQuery(InvalidInput):
    """A query parameter whose value is not one the endpoint knows: a 422, as ninja answers
    a value outside a parameter's declared enum, so every filter refuses the same way."""

    status = 422


def one_of(name: str, value: str | None, allowed: Iterable[str]) -> None:
    """Refuse a filter value that is not one of `allowed`, naming the parameter."""
    choices = set(allowed)
    if value and value not in choices:
        raise InvalidQuery(
            [Problem(f"'{value}' is not one of: {', '.join(sorted(choices))}", field=name)]
        )


def known(name: str, value: str | None, exists: bool, what: str) -> None:
    """Refuse a filter naming a key that nothing has, naming the parameter."""
    if value and not exists:
        raise InvalidQuery([Problem(f"'{value}' is not the key of any {what}", field=name)])


def _statuses(method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can give, from what it takes and who may call it."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    # On every operation: 400 for a control character in the address or any query parameter
    # (core.middleware refuses it before the operation runs), 401 for a session still owing
    # its second factor, 429 for too many requests.
    statuses = {400, 401, 429}
    if parameters or has_body:
        statuses.add(422)
    if any(p.get("in") == "path" for p in parameters):
        statuses.add(404)
    if operation.get("security"):
        statuses.add(403)
    if method != "get":
        statuses |= {403, 409, 413}
    return sorted(statuses)


class DevolutionAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[Any, ...], Any] = {}
        self._schemas_lock = threading.Lock()

    def get_openapi_operation_id(self, operation: "Operation") -> str:
        """The view's own name (`meeting_list`, `board_get`), which reads as words."""
        return operation.view_func.__name__

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """The schema, built once a process for each address the API is mounted at:
        django-ninja builds it anew at every request of /api/openapi.json, and nothing it
        says changes while the process runs (the operations are declared at import).
        Shared by every caller, so read, never changed."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (get_script_prefix(), path_prefix)
        with self._schemas_lock:
            if key not in self._schemas:
                self._schemas[key] = self.openapi_schema_build(path_prefix)
            return self._schemas[key]

    def openapi_schema_forget(self) -> None:
        """Build the schema again at its next use (settings changed, as tests change them)."""
        with self._schemas_lock:
            self._schemas.clear()

    def openapi_schema_build(self, path_prefix: str) -> Any:
        """The schema as django-ninja builds it, with every error status documented."""
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(error.pop("$defs", {}))
        components["ErrorOut"] = error
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        for methods in schema["paths"].values():
            for method, operation in methods.items():
                responses = operation.setdefault("responses", {})
                for status in _statuses(method, operation):
                    responses.setdefault(
                        status,
                        {
                            "description": ERROR_STATUSES[status],
                            "content": {"application/json": {"schema": ref}},
                        },
                    )
        return schema
