"""Sign-in and second-factor forms."""

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms

from .fields import CheckedForm


class SignInForm(CheckedForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    password = forms.CharField(
        label="Password",
        max_length=200,
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )


class CodeForm(CheckedForm):
    code = forms.RegexField(
        label="Security code",
        regex=r"^\s*\d{6}\s*$",
        help_text="The 6-digit code from your authenticator app",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "The code is 6 digits, like 123456",
        },
    )


STRONG_ENOUGH_HINT = (
    "At least 12 characters. Not a common password, not only numbers, and not like your "
    "name or e-mail address."
)


MISMATCH = "The two new passwords are not the same"


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form (the old password, the new one twice, the validators), in our words."""

    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_mismatch": MISMATCH,
        "password_incorrect": "Your current password is not right",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        _new_password_fields(self)


class SetPasswordForm(auth_forms.SetPasswordForm):  # type: ignore[type-arg]
    """Django's form for a new password from an e-mailed link, in our words."""

    error_messages = {**auth_forms.SetPasswordForm.error_messages, "password_mismatch": MISMATCH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_fields(self)


def _new_password_fields(form: forms.Form) -> None:
    form.fields["new_password1"].label = "New password"
    form.fields["new_password1"].help_text = STRONG_ENOUGH_HINT
    form.fields["new_password1"].error_messages["required"] = "Enter a new password"
    form.fields["new_password2"].label = "New password again"
    form.fields["new_password2"].help_text = ""
    form.fields["new_password2"].error_messages["required"] = "Enter the new password again"


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The address you sign in to Devolution with",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
