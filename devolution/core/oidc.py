"""Organisation sign-in: OpenID Connect with the person's own identity provider (ADR 26).

mozilla-django-oidc runs the authorisation-code flow (with PKCE, state and nonce); this
module decides who the answer signs in, and refuses everything else with a reason a person
can act on:

- the ID token is checked in full (signature by the provider's JWKS key and the configured
  algorithm only, issuer, audience, expiry), where the library checks only its signature;
- the person is matched to their existing account by an e-mail address the provider says
  it has verified (`email_verified` true), case folded; no account is ever created, and
  the account's roles are what it has: nothing in the claims is read as a role;
- the provider's multi-factor authentication counts as Devolution's second factor only
  when its ID token says it was used (`amr` holds "mfa") or the deployment says every
  sign-in there uses it (OIDC_TRUST_PROVIDER_MFA); otherwise the person gives their
  authenticator app's code as after a password.
"""

import logging
import time
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .middleware import SECOND_FACTOR_BY_PROVIDER

logger = logging.getLogger(__name__)

# What the flow knew when it refused, kept on the request for the page that says so.
REFUSAL = "_devolution_oidc_refusal"
PROVIDER_MFA = "_devolution_oidc_provider_mfa"

REFUSALS: dict[str, tuple[int, str, str]] = {
    "no_account": (
        403,
        "There is no Devolution account for this e-mail address",
        "Your organisation signed you in as {email}, but no Devolution account has that "
        "e-mail address, so you are not signed in. Ask the partnership's secretariat to add "
        "you, or to change your account's e-mail address to this one.",
    ),
    "unverified": (
        403,
        "Your organisation has not confirmed your e-mail address",
        "Your organisation did not say that {email} is confirmed as yours, so it cannot "
        "sign you in to Devolution. Ask your organisation's IT service desk, or sign in with "
        "your Devolution password.",
    ),
    "no_email": (
        403,
        "Your organisation did not give your e-mail address",
        "Devolution finds your account by your e-mail address, and your organisation did "
        "not send it. Ask your organisation's IT service desk, or sign in with your "
        "Devolution password.",
    ),
    "inactive": (
        403,
        "This account is closed",
        "The Devolution account for {email} is closed. Ask the partnership's secretariat.",
    ),
    "several": (
        403,
        "More than one account has this e-mail address",
        "More than one Devolution account has the e-mail address {email}, so it cannot "
        "say which is yours. Ask the partnership's secretariat.",
    ),
    "token": (
        403,
        "Your organisation's sign-in could not be checked",
        "The answer from your organisation's sign-in was not one Devolution can trust "
        "(it was meant for another service, had expired or was not signed by your "
        "organisation), so you are not signed in. Start again; if it happens again, tell "
        "the partnership's secretariat.",
    ),
    "state": (
        400,
        "This sign-in was not started here",
        "The answer from your organisation's sign-in does not match a sign-in started on "
        "this page, or has been used already, so you are not signed in. Start again from "
        "the sign-in page.",
    ),
    "provider": (
        502,
        "Your organisation's sign-in did not finish",
        "Your organisation's sign-in did not sign you in, or could not be reached. Try "
        "again, or sign in with your Devolution password.",
    ),
}


# --- The provider's endpoints ------------------------------------------------------------

_DISCOVERY_TTL = 3600
_discovered: dict[str, tuple[float, dict[str, Any]]] = {}

# Our settings' names for the provider's endpoints, and their names in its discovery
# document (OpenID Connect Discovery 1.0, section 3).
DISCOVERED = {
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def discovery_document(address: str) -> dict[str, Any]:
    """The provider's discovery document, read once an hour: OIDC_OP_DISCOVERY may be the
    issuer's address or the document's own."""
    url = address
    if not url.rstrip("/").endswith("/.well-known/openid-configuration"):
        url = url.rstrip("/") + "/.well-known/openid-configuration"
    cached = _discovered.get(url)
    if cached and time.monotonic() - cached[0] < _DISCOVERY_TTL:
        return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    _discovered[url] = (time.monotonic(), document)
    return document


def oidc_setting(name: str, *default: Any) -> Any:
    """A setting for mozilla-django-oidc: an endpoint set explicitly wins, else the one the
    provider's discovery document names."""
    if name in DISCOVERED and not getattr(settings, name, "") and settings.OIDC_OP_DISCOVERY:
        value = discovery_document(settings.OIDC_OP_DISCOVERY).get(DISCOVERED[name])
        if not value:
            raise ImproperlyConfigured(f"The provider's discovery document has no {name}.")
        return value
    if name in DISCOVERED:
        return getattr(settings, name)
    return import_from_settings(name, *default)


# --- Who the provider's answer signs in ----------------------------------------------------


class SignInRefused(Exception):
    """The provider's answer signs nobody in; `reason` is a key of REFUSALS."""

    def __init__(self, reason: str, email: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.email = email


def _is_true(value: Any) -> bool:
    """`email_verified` is a JSON boolean; some providers send the string "true"."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


class OrganisationBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Signs in the existing account whose e-mail the provider has verified; never another."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Nothing asked of the provider yet: Django makes a backend for every sign-in (a
        password's too) and for every request of a person signed in this way, which must
        not wait on, or fail with, the provider. It is configured in `authenticate`."""
        self.UserModel = get_user_model()

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or not settings.OIDC_ENABLED:
            return None
        if not (request.GET.get("code") and request.GET.get("state")):
            return None  # not the provider's answer: a password, say
        try:
            super().__init__()  # the provider's endpoints, from its discovery document
            return super().authenticate(request, **kwargs)
        except SignInRefused as refusal:
            setattr(request, REFUSAL, refusal)
        except (SuspiciousOperation, jwt.PyJWTError) as exc:
            logger.warning("Organisation sign-in refused: %s", exc)
            setattr(request, REFUSAL, SignInRefused("token"))
        except (requests.RequestException, ImproperlyConfigured, ValueError, KeyError) as exc:
            logger.warning("Organisation sign-in failed at the provider: %s", exc)
            setattr(request, REFUSAL, SignInRefused("provider"))
        return None

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """Check the ID token in full: the library checks its signature only.

        The algorithm is the configured one (never "none", never one the token names);
        the audience must be our client id and the issuer the provider's; it must carry
        an expiry, not yet past, and a subject.
        """
        claims: dict[str, Any] = jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=self.get_settings("OIDC_OP_ISSUER"),
            options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            leeway=30,
        )
        return claims

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The account with the verified e-mail, or a refusal; never a new account."""
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            # OpenID Connect Core 1.0, 5.3.4: the UserInfo response is about the ID token's
            # subject, or it must not be used.
            raise SignInRefused("token")
        claims = {**userinfo, **payload}
        email = str(claims.get("email") or "").strip()
        if not email:
            raise SignInRefused("no_email")
        if not _is_true(claims.get("email_verified")):
            raise SignInRefused("unverified", email)
        users = list(self.UserModel.objects.filter(email__iexact=email)[:2])
        if not users:
            raise SignInRefused("no_account", email)
        if len(users) > 1:
            raise SignInRefused("several", email)
        user = users[0]
        if not user.is_active:
            raise SignInRefused("inactive", email)
        amr = payload.get("amr") or []
        setattr(
            self.request,
            PROVIDER_MFA,
            settings.OIDC_TRUST_PROVIDER_MFA or (isinstance(amr, list) and "mfa" in amr),
        )
        return user


# --- The pages of the flow --------------------------------------------------------------------


def refused_page(request: HttpRequest, refusal: SignInRefused) -> HttpResponse:
    status, title, detail = REFUSALS[refusal.reason]
    return render(
        request,
        "core/organisation_refused.jinja",
        {"title": title, "detail": detail.format(email=refusal.email)},
        status=status,
    )


class OrganisationSignInStart(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the person to their organisation's sign-in page."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)


class OrganisationSignInCallback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider's answer: sign the person in as a password and a code would, or say why
    not."""

    @staticmethod
    def get_settings(attr: str, *args: Any) -> Any:
        return oidc_setting(attr, *args)

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:
            # The state is not one this session started (forged, tampered or replayed).
            return refused_page(request, SignInRefused("state"))
        return response

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, REFUSAL, None)
        if refusal is None:
            refusal = SignInRefused("state" if "code" in self.request.GET else "provider")
        return refused_page(self.request, refusal)

    def login_success(self) -> HttpResponse:
        """Always a fresh sign-in: the session gets a new key and its clocks start
        (core.middleware.session_start), as after a password."""
        from .views import after_first_factor

        next_url = self.request.session.get("oidc_login_next")
        auth.login(self.request, self.user)
        if getattr(self.request, PROVIDER_MFA, False):
            self.request.session[SECOND_FACTOR_BY_PROVIDER] = self.user.pk
            return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
        return after_first_factor(self.request, self.user, next_url)


def organisation_sign_in_start(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ENABLED:
        return redirect("core:sign-in")
    try:
        return OrganisationSignInStart.as_view()(request)  # type: ignore[no-any-return]
    except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
        logger.warning("Organisation sign-in could not start: %s", exc)
        return refused_page(request, SignInRefused("provider"))


def organisation_sign_in_callback(request: HttpRequest) -> HttpResponse:
    if not settings.OIDC_ENABLED:
        return redirect("core:sign-in")
    return OrganisationSignInCallback.as_view()(request)  # type: ignore[no-any-return]
