"""Sign-in, the second factor, sign-out, the home dashboard and the error pages."""

from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm, SignInForm
from .middleware import ENDED_BECAUSE
from .people import signed_in_person
from .services import second_factor_confirm

NEXT = "devolution_next"


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    ended = request.session.pop(ENDED_BECAUSE, None)
    form = SignInForm(request.POST or None)
    failed = False
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["email"].lower(),
            password=form.cleaned_data["password"],
        )
        if user is None:
            failed = True
        else:
            next_url = _safe_next(request, request.POST.get("next"))
            login(request, user)  # rotates the session key and starts the session's clocks
            return after_first_factor(request, user, next_url)
    return render(
        request,
        "core/sign_in.jinja",
        {
            "form": form,
            "failed": failed,
            "ended": ended,
            "next": _safe_next(request, request.GET.get("next") or request.POST.get("next")),
            "organisation_sign_in": settings.OIDC_ENABLED,
            "provider_name": settings.OIDC_PROVIDER_NAME,
        },
        status=400 if request.method == "POST" else 200,
    )


def after_first_factor(request: HttpRequest, user: Any, next_url: str | None) -> HttpResponse:
    """Signed in by a password (or by an organisation's sign-in without its MFA): with
    REQUIRE_SECOND_FACTOR, on to the code, or to setting up an app for one."""
    if settings.REQUIRE_SECOND_FACTOR:
        if next_url:
            request.session[NEXT] = next_url
        if user_has_device(user):
            return redirect("core:second-factor")
        return redirect("core:second-factor-setup")
    return redirect(next_url or "partners:home")


def _after_second_factor(request: HttpRequest, device: Any) -> HttpResponse:
    """The second factor is given: the session is now worth more than the one a password
    alone opened, so it gets a new key (and a new CSRF token) as a sign-in does."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)
    return redirect(_safe_next(request, request.session.pop(NEXT, None)) or "partners:home")


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    if not user_has_device(request.user):
        return redirect("core:second-factor-setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].strip())
        if device is not None:
            return _after_second_factor(request, device)
        form.add_error("code", _code_refused(TOTPDevice.objects.filter(user=request.user)))
    status = 400 if request.method == "POST" else 200
    return render(request, "core/second_factor.jinja", {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user):
        return redirect("core:second-factor")
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not device.verify_is_allowed()[0]:
            form.add_error("code", _code_refused([device]))
        elif device.verify_token(form.cleaned_data["code"].strip()):
            second_factor_confirm(actor=signed_in_person(request), device=device)
            messages.success(request, "Your authenticator app is set up.")
            return _after_second_factor(request, device)
        else:
            form.add_error("code", _code_refused([device]))
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=4, dark="#212b32")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "core/second_factor_setup.jinja",
        {"form": form, "qr": qr, "secret": _base32(device.bin_key)},
        status=status,
    )


def _code_refused(devices: Any) -> str:
    if any(not d.verify_is_allowed()[0] for d in devices):
        return "That code is not right. Wait a few seconds, then enter the newest code."
    return "That code is not right or has expired. Enter the newest code from your app."


def _base32(key: bytes) -> str:
    from base64 import b32encode

    return b32encode(key).decode().rstrip("=")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You have signed out.")
    return redirect("partners:home")


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this once an account, or an address, has had too many failures."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return render(request, "core/locked_out.jinja", {"minutes": minutes}, status=429)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.jinja", {"status": 404, "title": "Page not found"}, status=404
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "core/error.jinja", {"status": 403, "title": "You cannot do this"}, status=403
    )


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.jinja", {"status": 400, "title": "Bad request"}, status=400)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/error.jinja", {"status": 500, "title": "Something went wrong"}, status=500
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.jinja",
        {
            "status": 403,
            "title": "Your form could not be sent",
            "detail": "The page had expired or the form did not come from Devolution. "
            "Go back, reload the page and try again.",
        },
        status=403,
    )


def health(request: HttpRequest) -> HttpResponse:
    """A tiny JSON view: the baseline of the speed bar P1."""
    from django.http import JsonResponse

    return JsonResponse({"status": "ok"})
