"""A local account's own keeping: changing the password, a new one from an e-mailed link, and
asking for a new authenticator app when the old one is lost (ADR 26).

The reset pages are Django's own (PasswordResetView and PasswordResetConfirmView): the page
says the same whether or not the address has an account, and a link works once (its token
is made from the password it replaces) and for PASSWORD_RESET_TIMEOUT. A new password never
signs anyone in: the person then signs in, and gives their second factor, as always.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from django_otp import user_has_device

from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .people import signed_in_person
from .services import authenticator_reset_ask, password_set


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """The signed-in person changes their password; they stay signed in."""
    person = signed_in_person(request)
    form = PasswordChangeForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password_set(
            person=person, password=form.cleaned_data["new_password1"], action="password_change"
        )
        update_session_auth_hash(request, person)
        messages.success(request, "Your password has been changed.")
        return redirect("partners:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "core/password_change.jinja", {"form": form}, status=status)


class PasswordReset(auth_views.PasswordResetView):
    """Asks for the e-mail address and sends a link if it has an account, saying the same
    either way."""

    form_class = PasswordResetForm
    template_name = "core/password_reset.jinja"
    email_template_name = "core/password_reset_email.txt"
    subject_template_name = "core/password_reset_subject.txt"
    success_url = reverse_lazy("core:password-reset-sent")
    extra_email_context = {"site_name": "Devolution"}

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_sent.jinja"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """The e-mailed link: a new password, audited; then the person signs in as usual."""

    form_class = SetPasswordForm
    template_name = "core/password_reset_confirm.jinja"
    success_url = reverse_lazy("core:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        password_set(
            person=form.user,
            password=form.cleaned_data["new_password1"],
            action="password_reset",
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.jinja"


@login_required
@require_http_methods(["GET", "POST"])
def authenticator_lost(request: HttpRequest) -> HttpResponse:
    """After their password, a person without their authenticator app asks the secretariat
    for a new one (listed at partners:authenticator-reset-list)."""
    person = signed_in_person(request)
    if request.method == "POST":
        authenticator_reset_ask(person=person)
        return render(request, "core/authenticator_lost_sent.jinja", {})
    return render(request, "core/authenticator_lost.jinja", {"has_device": user_has_device(person)})
