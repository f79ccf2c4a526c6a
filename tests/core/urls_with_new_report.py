"""The site's routes and one report more, which no area offers to the reports index."""

from django.http import HttpResponse
from django.urls import path

from devolution.urls import urlpatterns as site

urlpatterns = [
    *site,
    path("reports/new-thing/", lambda request: HttpResponse("new"), name="new-report"),
]
