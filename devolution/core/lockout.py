"""Who is signing in, and from where, as django-axes counts failed sign-ins (QUALITY S2).

Failures are counted per account and per address (settings AXES_LOCKOUT_PARAMETERS), so
these two answers decide who can be locked out: they must name the account the same way
however it is typed, and the address must be one the client cannot choose.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def sign_in_account(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The email address being tried, as the sign-in form and the admin both send it.

    Django reports a failure with the `username` it was given; axes checks a lock-out with
    the user model's field (`email`); both are read, and case is folded so that
    `Alice@...` and `alice@...` count against one account.
    """
    value = ""
    if credentials:
        value = credentials.get("username") or credentials.get("email") or ""
    if not value:
        value = request.POST.get("email") or request.POST.get("username") or ""
    return str(value).strip().lower() or None


def client_address(request: HttpRequest) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as TRUSTED_PROXY_COUNT.

    Each trusted proxy appends the address it was reached from, so with N of them the
    client is the N-th entry from the right; entries further left were written by the
    client and could be anything. With no trusted proxy (the default) the header is
    ignored: behind an unconfigured load balancer every request then shares the
    balancer's address, which is why deployments behind one must set the count.
    """
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    count: int = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    if len(hops) < count:
        # The request did not pass through every trusted proxy: nothing in the header
        # can be trusted, only the address that reached us.
        return remote
    return hops[-count]
