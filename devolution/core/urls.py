from django.urls import path

from . import parameters_views, views

app_name = "core"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/code/", views.second_factor, name="second-factor"),
    path("sign-in/set-up-app/", views.second_factor_setup, name="second-factor-setup"),
    path("parameters/", parameters_views.parameter_list, name="parameter-list"),
    path(
        "parameters/<slug:parameter>/",
        parameters_views.parameter_detail,
        name="parameter-detail",
    ),
]
