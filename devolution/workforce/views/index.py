"""The workforce area's front page: its calculators and reports."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from .common import NAV


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "workforce/index.jinja", {"nav": NAV})


urlpatterns = [path("workforce/", index, name="index")]
