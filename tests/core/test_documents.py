"""Documents made once (issue 11, ADR 14): a PDF, spreadsheet, CSV or calendar is made
once for each version of the data, by one request of all those asking at once, served
with the bytes and headers the view gave, made again after a write, and the older
versions' documents are deleted.

The rest of the suite makes every document at every request (settings.test); these
tests turn documents made once on.
"""

import threading
import time
from unittest import mock

import pytest
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from devolution.core import pdfs
from devolution.core.documents import document_version, is_made_once, made_once
from devolution.core.models import Document, Source
from devolution.core.services import audit_record
from devolution.core.throttling import is_throttled

pytestmark = pytest.mark.django_db

MADE_ONCE = override_settings(DOCUMENTS_MADE_ONCE=True)
DOCUMENT_ENDINGS = (".pdf", ".xlsx", ".csv", ".ics")
# Document routes not made once, and why: the staff's agenda pack holds the board's
# confidential items for its members only, so it is not the same for everyone who may
# fetch it (and it is never kept by a browser either: Cache-Control no-store).
# Documents for staff only, made for each request once the reader is known: a board's
# agenda pack (with its confidential items for those who may read them) and the
# assurance reports on proposals (funding's working record, not published).
NOT_MADE_ONCE = {
    "meetings:meeting-pack",
    "funding:assurance-report-pdf",
    "funding:assurance-report-xlsx",
    # A person's own calendar feed: never kept, so a revoked address stops at once (but
    # throttled, as every public document is: THROTTLED_NOT_KEPT).
    "notifications:calendar-feed",
}
THROTTLED_NOT_KEPT = {"notifications:calendar-feed"}
# A public PDF that is quick to make: the conflicts of interest policy.
PDF_URL = "/reports/conflicts-of-interest.pdf"


def _write() -> None:
    """A write, as every service makes one: the data's version moves."""
    with transaction.atomic():
        source = Source.objects.create(
            key=f"documents-test-{Source.objects.count()}", title="A source", kind="entered"
        )
        audit_record(actor=None, action="create", obj=source, before=None, after={"k": 1})


def _spy_view(body: bytes = b"%PDF-1.7 a document", pause: float = 0.0) -> mock.Mock:
    """A view that counts its calls and answers a download, with headers of its own."""

    def view(request: HttpRequest, key: str) -> HttpResponse:
        time.sleep(pause)
        response = HttpResponse(body + key.encode(), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{key}.pdf"'
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    return mock.Mock(side_effect=view)


def _get(view, path: str = "/reports/x.pdf", **query: str) -> HttpResponse:
    return view(RequestFactory().get(path, query), key="x")


@MADE_ONCE
def test_a_document_is_made_once_for_two_requests_at_one_version():
    spy = _spy_view()
    document = made_once(spy)
    first, second = _get(document), _get(document)
    assert spy.call_count == 1
    assert second.content == first.content == b"%PDF-1.7 a documentx"
    assert Document.objects.get().ready


@MADE_ONCE
def test_a_write_makes_the_document_again():
    spy = _spy_view()
    document = made_once(spy)
    _get(document)
    _write()
    _get(document)
    _get(document)
    assert spy.call_count == 2


@MADE_ONCE
def test_another_address_is_another_document_and_the_query_is_read_in_any_order():
    spy = _spy_view()
    document = made_once(spy)
    _get(document, a="1", b="2")
    _get(document, b="2", a="1")
    assert spy.call_count == 1
    _get(document, a="1", b="3")
    _get(document, "/reports/y.pdf")
    assert spy.call_count == 3


@MADE_ONCE
def test_the_older_versions_documents_are_deleted_when_a_new_one_is_stored():
    document = made_once(_spy_view())
    _get(document)
    _get(document, "/reports/other.pdf")
    old = document_version()
    assert set(Document.objects.values_list("version", flat=True)) == {old}
    _write()
    _get(document)
    assert list(Document.objects.values_list("address", "version")) == [
        ("http://testserver/reports/x.pdf", document_version())
    ]
    assert document_version() != old


@MADE_ONCE
def test_only_a_document_is_kept_not_an_error_nor_a_refusal():
    calls = []

    def view(request: HttpRequest, key: str) -> HttpResponse:
        calls.append(key)
        if len(calls) == 1:
            raise ValueError("broken")
        return HttpResponse("Not found", status=404)

    document = made_once(view)
    with pytest.raises(ValueError):
        _get(document)
    assert _get(document).status_code == 404
    assert _get(document).status_code == 404
    assert len(calls) == 3  # nothing kept, and no claim left behind to wait for
    assert not Document.objects.exists()


@MADE_ONCE
def test_only_get_is_served_from_what_is_kept():
    spy = _spy_view()
    document = made_once(spy)
    _get(document)
    document(RequestFactory().post("/reports/x.pdf"), key="x")
    document(RequestFactory().head("/reports/x.pdf"), key="x")
    assert spy.call_count == 3  # the view answers them itself (require_GET refuses them)


@MADE_ONCE
def test_an_abandoned_claim_is_taken_over():
    spy = _spy_view()
    document = made_once(spy)
    _get(document)
    Document.objects.update(ready=False, content=b"", made_at="2000-01-01T00:00:00Z")
    assert _get(document).content == b"%PDF-1.7 a documentx"
    assert spy.call_count == 2


def test_with_documents_made_once_off_every_request_makes_it():
    spy = _spy_view()
    document = made_once(spy)
    _get(document)
    _get(document)
    assert spy.call_count == 2
    assert not Document.objects.exists()


def _headers(response) -> dict[str, str]:
    """A response's headers but its request id, which is each request's own."""
    return {k: v for k, v in response.items() if k != "X-Request-ID"}


@MADE_ONCE
def test_a_pdf_from_the_store_is_the_pdf_the_view_made_bytes_and_headers():
    made = mock.Mock(wraps=pdfs.document_pdf)
    with mock.patch.object(pdfs, "document_pdf", made):
        first = Client().get(PDF_URL)
        second = Client().get(PDF_URL)
    assert first.status_code == second.status_code == 200
    assert made.call_count == 1
    assert second.content == first.content
    assert second.content.startswith(b"%PDF")
    assert _headers(second) == _headers(first)
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"].startswith("attachment; filename=")
    assert "Content-Security-Policy" in second


def test_a_csv_from_the_store_equals_the_csv_made_without_the_store():
    url = "/public/conflicts.csv"
    uncached = Client().get(url)
    with MADE_ONCE:
        Client().get(url)
        assert Document.objects.count() == 1
        stored = Client().get(url)
    assert stored.content == uncached.content
    assert _headers(stored) == _headers(uncached)


@MADE_ONCE
def test_a_signed_in_person_is_served_the_public_document_the_public_is(reader):
    made = mock.Mock(wraps=pdfs.document_pdf)
    with mock.patch.object(pdfs, "document_pdf", made):
        public = Client().get(PDF_URL)
        client = Client()
        client.force_login(reader)
        theirs = client.get(PDF_URL)
    assert made.call_count == 1
    assert theirs.content == public.content


def _document_routes():
    """(name, route, view) of every route of the URL conf that ends as a document does."""

    def walk(patterns, prefix="", namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern) and p.name:
                yield namespace + p.name, prefix + str(p.pattern), p.callback

    return [
        (name, route, view)
        for name, route, view in walk(get_resolver().url_patterns)
        if route.endswith(DOCUMENT_ENDINGS) and not route.startswith(("api/", "admin/"))
    ]


def test_every_document_route_is_made_once_and_throttled_but_those_named():
    routes = _document_routes()
    assert {"commitments:mou-progress-report-pdf", "meetings:board-calendar"} <= {
        name for name, _, _ in routes
    }
    assert {name for name, _, view in routes if not is_made_once(view)} == NOT_MADE_ONCE
    assert {name for name, _, view in routes if not is_throttled(view)} == (
        NOT_MADE_ONCE - THROTTLED_NOT_KEPT
    )


@MADE_ONCE
def test_two_requests_at_once_make_the_document_once(concurrent_db):
    made = []
    lock = threading.Lock()

    def view(request: HttpRequest, key: str) -> HttpResponse:
        with lock:
            made.append(key)
        time.sleep(0.5)  # long enough for the others to find the claim and wait
        return HttpResponse(b"made", content_type="text/csv")

    document = made_once(view)
    outcomes = concurrent_db.at_once(4, lambda i: _get(document).content)
    assert outcomes == [b"made"] * 4
    assert made == ["x"]
    assert concurrent_db.read(lambda: list(Document.objects.values_list("ready", flat=True))) == [
        True
    ]
