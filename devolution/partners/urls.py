from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("places/", views.place_list, name="place-list"),
    path("places/<str:code>/", views.place_detail, name="place-detail"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/<int:id>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:id>/edit/", views.organisation_edit, name="organisation-edit"),
    path("partnerships/", views.partnership_list, name="partnership-list"),
    path("partnerships/<int:id>/", views.partnership_detail, name="partnership-detail"),
    path("map/", views.london_map, name="map"),
    path("map/boroughs.svg", views.london_map_svg, name="map-svg"),
    path("sources/", views.source_list, name="source-list"),
    path("reports/", views.report_index, name="report-index"),
    path("glossary/", views.glossary, name="glossary"),
    path(
        "people/new-authenticator-apps/",
        views.authenticator_reset_list,
        name="authenticator-reset-list",
    ),
    path(
        "people/new-authenticator-apps/<int:id>/approve/",
        views.authenticator_reset_approve,
        name="authenticator-reset-approve",
    ),
    path(
        "people/new-authenticator-apps/<int:id>/decline/",
        views.authenticator_reset_decline,
        name="authenticator-reset-decline",
    ),
]
