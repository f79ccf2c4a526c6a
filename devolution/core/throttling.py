"""How often a client may call the API, the public pages that do real work (the legal
checker) and the documents anyone may download (PDFs, spreadsheets, calendars, papers),
with django-ninja's throttles: counted in Django's cache (so every process behind a
shared cache, Redis for instance, counts together), per address for the public and per
person once signed in.

The rates are read from settings.THROTTLE_RATES at each request, not once at start-up,
so a deployment (and a test) can change them; a rate of None turns that throttle off.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import AnonRateThrottle, AuthRateThrottle, BaseThrottle, SimpleRateThrottle

from .lockout import client_address

V = TypeVar("V", bound=Callable[..., Any])


def signed_in_person(request: HttpRequest) -> Any:
    """Who is signed in: the API's authenticated user, or the page's session user."""
    auth = getattr(request, "auth", None)
    if auth is not None:
        return auth
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class SettingsRate(SimpleRateThrottle):
    """A throttle whose rate is settings.THROTTLE_RATES[rate_name], read when used."""

    rate_name = ""

    def __init__(self) -> None:
        self.rate = None
        self.num_requests, self.duration = None, None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.THROTTLE_RATES.get(self.rate_name)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_ident(self, request: HttpRequest) -> str | None:
        # The address the sign-in lock-out counts (X-Forwarded-For trusted only as far as
        # TRUSTED_PROXY_COUNT), not ninja's own reading of the header, which a client
        # could fill with a new address for every request.
        return client_address(request)


class PublicThrottle(SettingsRate, AnonRateThrottle):
    """Whoever is not signed in, counted by address."""

    rate_name = "anon"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if signed_in_person(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignedInThrottle(SettingsRate, AuthRateThrottle):
    """Whoever is signed in, counted by person (wherever they connect from)."""

    rate_name = "auth"

    def get_cache_key(self, request: HttpRequest) -> str | None:  # type: ignore[override]
        person = signed_in_person(request)
        if person is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": person.pk}


class PagePublicThrottle(PublicThrottle):
    """The same rate for pages, counted apart from the API's."""

    scope = "page-anon"


class PageSignedInThrottle(SignedInThrottle):
    scope = "page-auth"


def api_throttles() -> list[BaseThrottle]:
    return [PublicThrottle(), SignedInThrottle()]


def page_throttles() -> list[BaseThrottle]:
    return [PagePublicThrottle(), PageSignedInThrottle()]


def throttled(view: V) -> V:
    """Mark a page's view as throttled as the API is (core.middleware.PageThrottleMiddleware):
    in urls.py, for a route that costs real work, as every public document does
    (core.documents.made_once marks its own). The routes named in THROTTLED_PAGES are
    throttled too."""
    view.throttled = True  # type: ignore[attr-defined]
    return view


def is_throttled(view: Callable[..., Any]) -> bool:
    return getattr(view, "throttled", False) is True
