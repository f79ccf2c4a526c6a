"""Session lifetime (QUALITY S3), the second factor for staff (QUALITY S2), and bad input
and too many requests stopped at the door (QUALITY S5)."""

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .health import PROBES
from .rules import SessionState, session_end_reason
from .rules.text import printable, refusal, unsafe_character
from .throttling import is_throttled, page_throttles

SIGNED_IN_AT = "devolution_signed_in_at"
LAST_SEEN_AT = "devolution_last_seen_at"
ENDED_BECAUSE = "devolution_session_ended"
# LAST_SEEN_AT is rewritten only when it is this much older than now: a write saves the
# session, which each request would otherwise pay for. Idle expiry is then exact to within
# this step, and errs towards ending the session early, never late.
LAST_SEEN_STEP = timedelta(seconds=60)


def on_signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Every sign-in (ours, the admin's, a test client's) starts the session's clocks."""
    if request is not None and hasattr(request, "session"):
        session_start(request)


def session_start(request: HttpRequest) -> None:
    """Called at sign-in, after Django has rotated the session key."""
    now = timezone.now().isoformat()
    request.session.pop(SECOND_FACTOR_BY_PROVIDER, None)
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Ends a signed-in session when it has been idle too long or lived too long."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now()
            signed_in = request.session.get(SIGNED_IN_AT)
            seen = request.session.get(LAST_SEEN_AT)
            reason = "unknown"
            last_seen: datetime | None = None
            if signed_in and seen:
                last_seen = datetime.fromisoformat(seen)
                reason = (
                    session_end_reason(
                        SessionState(datetime.fromisoformat(signed_in), last_seen),
                        now,
                        idle=timedelta(seconds=settings.SESSION_IDLE_SECONDS),
                        absolute=timedelta(seconds=settings.SESSION_ABSOLUTE_SECONDS),
                    )
                    or ""
                )
            if reason:
                logout(request)
                request.session[ENDED_BECAUSE] = reason
            elif last_seen is None or now - last_seen >= LAST_SEEN_STEP:
                request.session[LAST_SEEN_AT] = now.isoformat()
        return self.get_response(request)


# Pages a signed-in person may open before giving the second factor (and the load
# balancer's probes, which a browser carrying a session may also ask).
SECOND_FACTOR_EXEMPT = (
    "core:second-factor",
    "core:second-factor-setup",
    "core:authenticator-lost",
    "core:sign-out",
    *PROBES,
)


# Set at an organisation's sign-in whose provider vouched for its own MFA (core.oidc): the
# signed-in person's id, so it holds for them alone; every sign-in clears it (session_start).
SECOND_FACTOR_BY_PROVIDER = "devolution_second_factor_by_provider"


def needs_second_factor(request: HttpRequest) -> bool:
    user: Any = request.user  # django-otp's middleware adds is_verified()
    return bool(
        settings.REQUIRE_SECOND_FACTOR
        and user.is_authenticated
        and not user.is_verified()
        and request.session.get(SECOND_FACTOR_BY_PROVIDER) != user.pk
    )


class SecondFactorMiddleware:
    """With REQUIRE_SECOND_FACTOR, a password alone opens nothing but the second-factor pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._exempt: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request):
            if self._exempt is None:
                self._exempt = tuple(reverse(name) for name in SECOND_FACTOR_EXEMPT)
            if request.path not in self._exempt and not request.path.startswith(
                settings.STATIC_URL
            ):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"message": "Give your second factor (a code from your app) first."},
                        status=401,
                    )
                return redirect("core:second-factor")
        return self.get_response(request)


class DevolutionErrorMiddleware:
    """A service's error reaches a page as a readable page with its status, never a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from .errors import DevolutionError

        if not isinstance(exception, DevolutionError):
            return None
        titles = {403: "You cannot do this", 404: "Page not found", 409: "This could not be saved"}
        return render(
            request,
            "core/error.jinja",
            {
                "status": exception.status,
                "title": titles.get(exception.status, "There is a problem"),
                "detail": exception.message,
            },
            status=exception.status,
        )


class ApiJsonErrorsMiddleware:
    """Under /api/ every error is JSON with a message, even those Django or ninja answer
    themselves (a method not allowed, a CSRF failure, a page not found)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and "json" not in response.get("Content-Type", "")
        ):
            message = {
                401: "Sign in first.",
                403: "You may not do this. Changes need a signed-in session and its CSRF token.",
                404: f"Not found: nothing at {request.path}",
                405: f"{request.method} is not allowed here"
                + (f"; use {response['Allow']}" if response.has_header("Allow") else ""),
            }.get(response.status_code, "The request could not be handled.")
            json_response = JsonResponse({"message": message}, status=response.status_code)
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def refused(
    request: HttpRequest, status: int, title: str, message: str, field: str = ""
) -> HttpResponse:
    """A refusal at the door: JSON naming the field under /api/, a page elsewhere."""
    if _is_api(request):
        body: dict[str, Any] = {"message": message}
        if field:
            body["problems"] = [{"field": field, "message": message}]
        return JsonResponse(body, status=status)
    return render(
        request,
        "core/error.jinja",
        {"status": status, "title": title, "detail": message},
        status=status,
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.3g} MB"


class RequestInputMiddleware:
    """No request reaches a view with input that would break something for someone.

    A body over the limit is refused with 413 before it is read: a form's fields, or an
    API body, over DATA_UPLOAD_MAX_MEMORY_SIZE, any request (an upload included) over
    MAX_REQUEST_BYTES. Then a control character (core.rules.text) in the address's
    parts, a query parameter or a form's field is refused with 400, naming it, so it
    never reaches a database (PostgreSQL refuses NUL with an error), a download or a log.
    (An uploaded file's name is not refused: whoever keeps the file cleans its name, as
    meetings.papers.paper_name_clean does.)
    The API's JSON bodies are checked as they are parsed (core.json_body).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._body_refused(request) or self.get_response(request)

    def _too_big(self, request: HttpRequest, limit: int) -> HttpResponse:
        what = "the request's body" if _is_api(request) else "what you sent"
        return refused(
            request,
            413,
            "What you sent is too large",
            f"{what[0].upper()}{what[1:]} is larger than Devolution accepts "
            f"({_megabytes(limit)} for a form's fields or an API body, "
            f"{_megabytes(settings.MAX_REQUEST_BYTES)} with a file). "
            "Send less, or a smaller file.",
        )

    def _body_refused(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return self._too_big(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            # Read here, where the limit's error can be answered as a 413, rather than in
            # a view, where Django answers it as a 400. An API body is small and read
            # whole; a page's upload is streamed to disk by Django's parser.
            if _is_api(request):
                request.body  # noqa: B018 - reading it checks its size
            if request.method == "POST" and request.content_type in FORM_TYPES:
                request.POST  # noqa: B018 - parsing it checks its fields' size
        except RequestDataTooBig:
            return self._too_big(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        except (TooManyFieldsSent, TooManyFilesSent):
            return refused(
                request,
                400,
                "There is a problem",
                "The form sent has more fields or files than any form of Devolution has.",
            )
        except MultiPartParserError:
            return refused(
                request,
                400,
                "There is a problem",
                "The form sent could not be read (it is not a complete multipart form).",
            )
        return None

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        for name, value in view_kwargs.items():
            if isinstance(value, str):
                found = unsafe_character(value, single_line=True)
                if found:
                    return self._refused(request, name, "The address's part", found)
        for name, values in request.GET.lists():
            for text in (name, *values):
                found = unsafe_character(text, single_line=True)
                if found:
                    return self._refused(request, name, "The query parameter", found)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            for name, values in request.POST.lists():
                found = unsafe_character(name, single_line=True) or next(
                    filter(None, (unsafe_character(v) for v in values)), None
                )
                if found:
                    return self._refused(request, name, "The field", found)
        return None

    def _refused(self, request: HttpRequest, name: str, what: str, found: Any) -> HttpResponse:
        """400, naming the field or parameter (as its name can be shown)."""
        shown = printable(name)
        return refused(
            request, 400, "There is a problem", refusal(f"{what} “{shown}”", found), shown
        )


class PageThrottleMiddleware:
    """The pages that do real work for anyone (settings.THROTTLED_PAGES: the legal checker;
    and the routes marked throttled in urls.py: every public document, core.documents)
    and every form sent by someone not signed in are throttled as the API is
    (core.throttling): past the rate, 429 with Retry-After. The API throttles itself."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if (
            _is_api(request)
            or request.resolver_match is None
            or request.resolver_match.view_name in PROBES
        ):
            return None
        public_form = request.method == "POST" and not request.user.is_authenticated
        marked = (
            is_throttled(view_func) or request.resolver_match.view_name in settings.THROTTLED_PAGES
        )
        if not public_form and not marked:
            return None
        waits = [t.wait() for t in page_throttles() if not t.allow_request(request)]
        if not waits:
            return None
        seconds = max(1, math.ceil(max((w for w in waits if w is not None), default=60)))
        response = render(
            request,
            "core/error.jinja",
            {
                "status": 429,
                "title": "Too many requests",
                "detail": f"This page has been asked for too often from here. "
                f"Try again in {seconds} second{'s' if seconds != 1 else ''}.",
            },
            status=429,
        )
        response["Retry-After"] = str(seconds)
        return response
