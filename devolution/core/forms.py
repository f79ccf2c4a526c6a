"""Sign-in and second-factor forms."""

from django import forms

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
