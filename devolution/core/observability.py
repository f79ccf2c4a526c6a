"""What an operator sees of a running Devolution: a request id on every response and
error page, one log line per request, and Sentry when SENTRY_DSN is set.

A request's log line says who asked (the person's numeric id, never a name or an
address), which route (its name: no ids, no query string), how and with what result,
and how long it took; never a cookie, a header or a query string.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

import sentry_sdk
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.functional import empty

from .health import PROBES
from .logs import REQUEST_ID

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id (from a load balancer or a proxy that made one) is kept only when it is
# a plain token, so that nothing a client sends is written into a log line or a page.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")

request_log = logging.getLogger("devolution.requests")


def request_id_for(incoming: str | None) -> str:
    """The incoming X-Request-ID when it is a safe token, else a new one."""
    if incoming and SAFE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


def _user_id(request: HttpRequest) -> int | None:
    # Only a user the other middleware has already loaded: reading it here must not cost
    # the request a query of its own.
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


def _route(request: HttpRequest) -> str:
    """The route's name. A request answered before its view was looked up (a static file,
    a redirect to HTTPS) is looked up here; one that matches no route is "unmatched"."""
    if request.resolver_match is not None:
        return request.resolver_match.view_name
    if request.path_info.startswith(settings.STATIC_URL):
        return "static"
    try:
        return resolve(request.path_info).view_name
    except Resolver404:
        return "unmatched"


class RequestIdMiddleware:
    """Outermost: gives each request its id (request.request_id, the X-Request-ID header
    of the response, every log line written meanwhile, Sentry's events) and writes the
    request's line to `devolution.requests` once it is answered. The load balancer's
    probes (core.health) are logged only when they fail, not every few seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        # Kept until the response is finished (core.logs.request_id_forget), as Django logs
        # a failed request's warning after every middleware has returned.
        REQUEST_ID.set(request_id)
        if sentry_sdk.get_client().is_active():
            sentry_sdk.set_tag("request_id", request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        self._log(request, response, started)
        return response

    def _log(self, request: HttpRequest, response: HttpResponse, started: float) -> None:
        route = _route(request)
        if route in PROBES and response.status_code < 400:
            return
        fields: dict[str, Any] = {
            "user_id": _user_id(request),
            "route": route,
            "method": request.method,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        request_log.info(
            "%s %s %s %sms",
            fields["method"],
            route,
            fields["status"],
            fields["duration_ms"],
            extra=fields,
        )


def sentry_start(**options: Any) -> bool:
    """Sends errors to Sentry when SENTRY_DSN is set; off otherwise. No personal data:
    Sentry's own collection of users, cookies and bodies stays off (send_default_pii).
    `options` are passed on to sentry_sdk.init (a test's transport)."""
    if not settings.SENTRY_DSN:
        return False
    sentry_sdk.init(
        dsn=settings.SENTRY_DSN,
        environment=settings.SENTRY_ENVIRONMENT,
        traces_sample_rate=settings.SENTRY_TRACES_SAMPLE_RATE,
        send_default_pii=False,
        **options,
    )
    return True
