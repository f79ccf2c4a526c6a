"""Routes of the register of interests and of a meeting's declarations, included in the
meetings app's namespace by meetings/urls.py (their names are meetings:...)."""

from django.urls import path

from . import views

urlpatterns = [
    path("interests/", views.my_interests, name="my-interests"),
    path("interests/register/", views.interest_register, name="interest-register"),
    path("interests/declare/", views.interest_declare, name="interest-declare"),
    path("interests/<int:interest_id>/end/", views.interest_end, name="interest-end"),
    path("meetings/<slug:key>/declarations/", views.declarations, name="declarations"),
    path(
        "meetings/<slug:key>/declarations/record/",
        views.declaration_record,
        name="declaration-record",
    ),
]
