"""The site's URL configuration with two routes added, as a later change might add them: a
page with a parameter the bench has no key for, and a form's POST with one."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_POST

from devolution.urls import handler400, handler403, handler404, handler500  # noqa: F401
from devolution.urls import urlpatterns as site


def a_new_page(request: HttpRequest, thing: str) -> HttpResponse:
    return HttpResponse(f"<p>{thing}</p>")


@require_POST
def a_new_form(request: HttpRequest, number: int) -> HttpResponse:
    return HttpResponse(status=204)


urlpatterns = [
    *site,
    path("bench-new/<slug:thing>/", a_new_page, name="bench-new-page"),
    path("bench-new/<int:number>/send/", a_new_form, name="bench-new-form"),
]
