"""Session lifetime (QUALITY S3) and the second factor for staff (QUALITY S2)."""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .rules import SessionState, session_end_reason

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


# Pages a signed-in person may open before giving the second factor.
SECOND_FACTOR_EXEMPT = ("core:second-factor", "core:second-factor-setup", "core:sign-out")


def needs_second_factor(request: HttpRequest) -> bool:
    user: Any = request.user  # django-otp's middleware adds is_verified()
    return bool(settings.REQUIRE_SECOND_FACTOR and user.is_authenticated and not user.is_verified())


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
