"""Routes of the register of interests and of a meeting's declarations, included in the
meetings app's namespace by meetings/urls.py (their names are meetings:...)."""

from django.urls import path

from devolution.core.documents import made_once

from . import published, views

urlpatterns = [
    path("interests/", views.my_interests, name="my-interests"),
    path("interests/register/", views.interest_register, name="interest-register"),
    path("interests/declare/", views.interest_declare, name="interest-declare"),
    path("interests/<int:interest_id>/end/", views.interest_end, name="interest-end"),
    path(
        "public/boards/<slug:board>/register-of-interests/",
        published.board_interests,
        name="board-interests",
    ),
    path(
        "public/boards/<slug:board>/register-of-interests.csv",
        made_once(published.board_interests_csv),
        name="board-interests-csv",
    ),
    path("meetings/<slug:key>/declarations/", views.declarations, name="declarations"),
    path(
        "meetings/<slug:key>/declarations/record/",
        views.declaration_record,
        name="declaration-record",
    ),
]
