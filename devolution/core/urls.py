from django.urls import path

from . import accounts, oidc, parameters_views, views

app_name = "core"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-in/set-up-app/", views.second_factor_setup, name="second-factor-setup"),
    path("sign-in/organisation/", oidc.organisation_sign_in_start, name="organisation-sign-in"),
    path(
        "sign-in/organisation/callback/",
        oidc.organisation_sign_in_callback,
        name="organisation-callback",
    ),
    path("sign-in/lost-authenticator/", accounts.authenticator_lost, name="authenticator-lost"),
    path("account/password/", accounts.password_change, name="password-change"),
    path("password-reset/", accounts.PasswordReset.as_view(), name="password-reset"),
    path("password-reset/sent/", accounts.PasswordResetSent.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        accounts.PasswordResetComplete.as_view(),
        name="password-reset-complete",
    ),
    path("parameters/", parameters_views.parameter_list, name="parameter-list"),
    path(
        "parameters/<slug:parameter>/",
        parameters_views.parameter_detail,
        name="parameter-detail",
    ),
]
