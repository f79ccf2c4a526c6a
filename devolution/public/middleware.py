"""The caching and sharing headers of the public record's read-only GETs (SPEC §15):
the decisions register and the open data, as pages, downloads and API reads.

For the public (no account), a GET or HEAD answered 200 carries an `ETag` and a
`Last-Modified` of the data's version (core.versions: the audit chain's head, so nothing
changes without a write), `Cache-Control: public`, and `Access-Control-Allow-Origin: *`
so that other sites' pages may read the open data; a request whose `If-None-Match` names
the current ETag is answered 304 without building the answer. A signed-in request (it
may see confidential decisions) or an unsafe one gets none of these: it is `private`."""

import hashlib
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags

from devolution.core.people import acting_person
from devolution.core.versions import data_version

from .selectors import last_changed

# The paths whose GETs are the public record's reads: the downloads and the API (not the
# pages, whose each answer carries its own CSP nonce).
PUBLIC_READS = ("/decisions.", "/open-data/", "/api/decisions", "/api/open-data")
DOWNLOADS = (".csv", ".json")
MAX_AGE = 300  # five minutes: a new decision shows soon; a burst of readers costs one build


def _etag(request: HttpRequest) -> str:
    what = f"{data_version()}|{request.get_full_path()}"
    return '"' + hashlib.sha256(what.encode()).hexdigest()[:32] + '"'


def _shared(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    changed = last_changed()
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


class PublicReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(PUBLIC_READS) or (
            not path.startswith("/api/") and not path.endswith(DOWNLOADS)
        ):
            return self.get_response(request)
        public = request.method in ("GET", "HEAD") and acting_person(request) is None
        if not public:
            response = self.get_response(request)
            response["Cache-Control"] = "private, no-store"
            return response
        etag = _etag(request)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            return _shared(HttpResponseNotModified(), etag)
        response = self.get_response(request)
        if response.status_code == 200:
            return _shared(response, etag)
        return response
