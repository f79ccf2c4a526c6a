"""Routes of the register of interests and of a meeting's declarations, included in the
meetings app's namespace by urls.py."""

from django.urls import path

from . import register_views

urlpatterns = [
    path("interests/", register_views.my_interests, name="my-interests"),
    path("interests/register/", register_views.interest_register, name="interest-register"),
    path("interests/declare/", register_views.interest_declare, name="interest-declare"),
    path("interests/<int:interest_id>/end/", register_views.interest_end, name="interest-end"),
    path("meetings/<slug:key>/declarations/", register_views.declarations, name="declarations"),
    path(
        "meetings/<slug:key>/declarations/record/",
        register_views.declaration_record,
        name="declaration-record",
    ),
]
