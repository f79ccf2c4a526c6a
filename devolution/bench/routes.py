"""Every GET route of the site, found in the URL configuration, and the path the bench
requests for each: its parameters filled with keys from the data (devolution.bench.keys).

Nothing is picked by hand: the bench walks `get_resolver()` and benches every named route
but those EXCLUDED below, each with its reason, and those that answer GET with 405 (a
form's POST, an API operation that only changes). A route left is benched; a route whose
parameter has no key in KEYS makes the bench fail, saying so, so that a page added later
cannot be skipped without anyone deciding to.

A route is a *list* (P1 on every list page and list API, P2 on every list page) when its
name says so, `*-list` for a page and `*_list` for an API operation, or when it is one of
ALSO_LISTS: the paginated lists whose names say what they hold rather than "list".
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.http import urlencode

from devolution.bench import BenchError

# Route names, or namespaces ending in ":", the bench does not request, and why.
EXCLUDED: dict[str, str] = {
    "admin:": "the Django admin, not our pages (P5 compares our list with its changelist)",
    "core:sign-in": "signing in: the bench signs in by a session of its own",
    "core:sign-out": "signing out",
    "core:second-factor": "the second factor's form: the bench's sessions have given it",
    "core:second-factor-setup": "setting up the second factor",
    "core:organisation-sign-in": "signing in with an organisation's provider, off in the bench",
    "core:organisation-callback": "the organisation's provider's answer, off in the bench",
    "api:openapi-view": "the API's documentation page, django-ninja's HTML "
    "(the schema it reads, api:openapi-json, is benched)",
    "api:api-root": "django-ninja's root, a 404 that only names the API's path",
    "funding:bid-edit": "a draft bid's edit, by its applicant's people only: the bench's "
    "officer is the secretariat, who reads bids but never edits them",
    "funding:bid-new": "a new bid's form, for applicants only: the bench's officer is the "
    "secretariat, who reads bids but never makes them",
}

# Paginated lists whose route names do not end in "list".
ALSO_LISTS = frozenset(
    {
        "meetings:conflict-log",
        "meetings:my-actions",
        "meetings:interest-register",
        "public:decision-register",
    }
)

# What a parameter is given when the bench only asks whether GET is allowed (405 or not):
# a value of the right shape that names nothing.
_SHAPELESS = {"int": "0"}
_NOTHING = "bench-nothing"


@dataclass(frozen=True)
class Route:
    """A named route of the URL configuration: `pattern` as written ("/places/<str:code>/"),
    its parameters and their converters' kinds ("int", "str", "slug", "path")."""

    name: str
    pattern: str
    parameters: tuple[tuple[str, str], ...]

    @property
    def namespace(self) -> str:
        return self.name.rsplit(":", 1)[0] if ":" in self.name else ""

    @property
    def is_api(self) -> bool:
        return self.namespace == "api"

    @property
    def is_list(self) -> bool:
        bare = self.name.rsplit(":", 1)[-1]
        return (
            bare.endswith("_list" if self.is_api else "-list")
            or bare == "list"
            or self.name in ALSO_LISTS
        )

    @property
    def is_document(self) -> bool:
        """A PDF or a spreadsheet the site makes (P7 times its first and second making)."""
        return self.pattern.endswith((".pdf", ".xlsx"))

    def dummy_path(self) -> str:
        """The route with a value of the right shape for each parameter, naming nothing."""
        return reverse(
            self.name, kwargs={p: _SHAPELESS.get(kind, _NOTHING) for p, kind in self.parameters}
        )


def _converter_kind(converter: Any) -> str:
    return type(converter).__name__.removesuffix("Converter").lower() or "str"


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for p in patterns:
        if isinstance(p, URLResolver):
            inner = f"{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + str(p.pattern), inner)
        elif isinstance(p, URLPattern) and p.name:
            converters = getattr(p.pattern, "converters", {})
            yield Route(
                namespace + p.name,
                "/" + prefix + str(p.pattern),
                tuple((name, _converter_kind(c)) for name, c in converters.items()),
            )


def excluded_because(name: str) -> str | None:
    for key, reason in EXCLUDED.items():
        if name == key or (key.endswith(":") and name.startswith(key)):
            return reason
    return None


@cache
def api_get_operations() -> frozenset[str]:
    """The names of the API's GET operations. Each operation is a URL pattern named after
    its view, as its operationId is (core.api_contract), so the schema says which read.
    Built once: the schema is the process's own."""
    from devolution.api import api

    schema = api.get_openapi_schema()
    return frozenset(
        f"api:{operation['operationId']}"
        for methods in schema["paths"].values()
        for method, operation in methods.items()
        if method == "get"
    )


def url_routes() -> list[Route]:
    """Every named route, in the URL configuration's order, but those EXCLUDED."""
    return [r for r in _walk(get_resolver().url_patterns) if excluded_because(r.name) is None]


@dataclass(frozen=True)
class Enumerated:
    benched: list[Route]
    # Routes left out and why: EXCLUDED, or found not to answer GET.
    left_out: dict[str, str]


def get_routes(signed_in: Client) -> Enumerated:
    """Every GET route: an API operation is one if the schema says GET; a page is one
    unless GET answers 405, asked by `signed_in` (a person who passes any sign-in check,
    since a page may refuse the public before it refuses the method)."""
    gets = api_get_operations()
    benched: list[Route] = []
    left_out = {
        r.name: reason
        for r in _walk(get_resolver().url_patterns)
        if (reason := excluded_because(r.name)) is not None
    }
    for route in url_routes():
        if route.is_api and route.name not in {"api:openapi-json"}:
            if route.name not in gets:
                left_out[route.name] = "an API operation that only changes (no GET)"
                continue
        elif not route.is_api and signed_in.get(route.dummy_path()).status_code == 405:
            left_out[route.name] = "answers GET with 405: a form's POST only"
            continue
        benched.append(route)
    return Enumerated(benched, left_out)


Filler = Callable[[], str]


def route_path(
    route: Route,
    keys: dict[str, Filler],
    queries: dict[str, dict[str, str]] | None = None,
) -> str:
    """The path the bench requests for `route`: each parameter filled from `keys`, looked
    up by the route's name and parameter ("meetings:item-edit item_id"), then by its
    namespace and parameter ("meetings: key"), then by the parameter alone ("code"); and
    the route's query string from `queries`, if it has one."""
    kwargs = {}
    for parameter, _ in route.parameters:
        filler = next(
            (
                keys[k]
                for k in (
                    f"{route.name} {parameter}",
                    f"{route.namespace}: {parameter}",
                    parameter,
                )
                if k in keys
            ),
            None,
        )
        if filler is None:
            raise BenchError(
                f"route {route.name} ({route.pattern}) has no key in the bench for its "
                f"parameter {parameter!r}: add one to KEYS in devolution/bench/keys.py"
            )
        kwargs[parameter] = filler()
    path = reverse(route.name, kwargs=kwargs)
    query = (queries or {}).get(route.name)
    return f"{path}?{urlencode(query)}" if query else path
