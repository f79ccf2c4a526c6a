"""Documents made once (issue 11, ADR 14): a PDF, spreadsheet, CSV or calendar is made
for a version of the data and served as it was made until the data changes.

A document route is wrapped in urls.py, `path("….pdf", made_once(view), name=…)`; the
view itself does not change. The first GET at a version with no document claims it (a
row whose (key, version) is unique, so one request of all the processes wins), runs the
view and stores its bytes and headers; any other request at that version waits for it
and is served the same bytes and headers. A new document deletes those of older
versions. Only a 200 is kept: a refusal, a 404 or an error is answered as the view
answered it, and the next request tries again.

Only routes whose document is the same for everyone who may fetch it are wrapped: the
public ones, which read nothing of who asks. The version is the audit chain's head
(core.versions) and the day, as a document may say what is overdue today.

Kept in the database, not in the cache: every worker process of the server shares it,
so a document is made once however many processes serve it, and the claim is a unique
constraint rather than a lock that a cache may lose. When the task framework arrives,
the same rows can be filled by a task after each write instead of by the first request.
"""

import hashlib
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import urlencode

from .models import Document
from .throttling import throttled
from .versions import data_version

# How often a waiting request looks for the document being made.
POLL_SECONDS = 0.2
# A claim older than this was abandoned (its process died, or the server ended a request
# that ran longer than it allows: `make run` allows 120 s): the next request takes it over.
STALE = timedelta(minutes=3)

View = Callable[..., HttpResponse]


def document_address(request: HttpRequest) -> str:
    """What a document is made from besides the data: the scheme and host (a calendar
    links to its pages by absolute address), the path and the query, its parameters
    sorted so that one question in two orders is one document."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    return f"{address}?{query}" if query else address


def document_version() -> str:
    """The data's version (core.versions) on today's date: what a document shows
    changes with either."""
    return f"{data_version()}:{timezone.localdate():%Y-%m-%d}"


def made_once(view: View) -> View:
    """`view`'s document, made once for each version of the data and address and kept in
    the database; the route is throttled too (core.throttling: a public document may be
    heavy to make). Methods other than GET go to the view as they are (which refuses
    them); with settings.DOCUMENTS_MADE_ONCE off, every request does."""

    @wraps(view)
    def document(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "GET" or not settings.DOCUMENTS_MADE_ONCE:
            return view(request, *args, **kwargs)
        return document_served(request, lambda: view(request, *args, **kwargs))

    document.made_once = True  # type: ignore[attr-defined]
    return throttled(document)


def made_once_by(variant: Callable[[HttpRequest], str]) -> Callable[[View], View]:
    """`made_once`, for a public document whose content depends on who reads it:
    `variant(request)` names what the reader may see ("public", "staff"), and each
    variant is made once for each version of the data and address, never served to a
    reader of another. The view reads the same reader to decide what it shows."""

    def decorate(view: View) -> View:
        @wraps(view)
        def document(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method != "GET" or not settings.DOCUMENTS_MADE_ONCE:
                return view(request, *args, **kwargs)
            return document_served(
                request, lambda: view(request, *args, **kwargs), variant=variant(request)
            )

        document.made_once = True  # type: ignore[attr-defined]
        return throttled(document)

    return decorate


def is_made_once(view: View) -> bool:
    return getattr(view, "made_once", False) is True


def document_served(
    request: HttpRequest, make: Callable[[], HttpResponse], *, variant: str = ""
) -> HttpResponse:
    """The stored document for the request's address at the data's version; made by
    `make` and stored when none is, or waited for while another request makes it.

    A document that differs by who reads it is served by its view, once the view has
    decided what the reader may see, with `variant` naming that (the staff's agenda
    pack: with or without the board's confidential items): one document each."""
    address = document_address(request) + (f"#{variant}" if variant else "")
    key = hashlib.sha256(address.encode()).hexdigest()
    version = document_version()
    deadline = time.monotonic() + settings.DOCUMENT_WAIT_SECONDS
    while True:
        found = Document.objects.filter(key=key, version=version).first()
        if found is None:
            claim = _claim(key, address, version)
            if claim is not None:
                return _made(claim, make)
            continue  # another request claimed it between the two queries
        if found.ready:
            return _response(found)
        if found.made_at < timezone.now() - STALE:
            Document.objects.filter(pk=found.pk, ready=False).delete()
            continue
        if time.monotonic() > deadline:
            # Made elsewhere, too slowly to wait for: made here as well, and not stored.
            return make()
        time.sleep(POLL_SECONDS)


def _claim(key: str, address: str, version: str) -> Document | None:
    """A claim on making the document, or None when another request holds one."""
    try:
        with transaction.atomic():
            return Document.objects.create(
                key=key, address=address, version=version, made_at=timezone.now()
            )
    except IntegrityError:
        return None


def _keepable(response: HttpResponse) -> bool:
    """A document, the same for the next request: not an error or a redirect, not a
    stream, and setting no cookie."""
    return response.status_code == 200 and not response.streaming and not response.cookies


def _made(claim: Document, make: Callable[[], HttpResponse]) -> HttpResponse:
    """Make the claimed document and store it, then drop the older versions' documents;
    give up the claim when making it fails or gives no document to keep."""
    try:
        response = make()
    except BaseException:
        Document.objects.filter(pk=claim.pk, ready=False).delete()
        raise
    if not _keepable(response):
        Document.objects.filter(pk=claim.pk, ready=False).delete()
        return response
    Document.objects.filter(pk=claim.pk).update(
        ready=True,
        content=response.content,
        headers=[[name, value] for name, value in response.items()],
        made_at=timezone.now(),
    )
    # Older rows of other versions (claims after this one may be newer versions' own),
    # and claims abandoned long ago.
    Document.objects.filter(pk__lt=claim.pk, ready=True).exclude(version=claim.version).delete()
    Document.objects.filter(ready=False, made_at__lt=timezone.now() - STALE).delete()
    return response


def _response(document: Document) -> HttpResponse:
    """The stored document, with the headers its view set, as the view answered."""
    response = HttpResponse(bytes(document.content))
    for name, value in document.headers:
        response[name] = value
    return response
