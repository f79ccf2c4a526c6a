"""The high cost area supplement calculator (SPEC §13, seed 001): a GET form, so a result
can be linked. Public."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from ..forms.pay import SupplementForm
from .common import calculator_page


@require_GET
def supplement(request: HttpRequest) -> HttpResponse:
    asked = any(k in request.GET for k in ("zone", "place", "basic_salary", "date_day"))
    form = SupplementForm(request.GET if asked else None)
    return calculator_page(request, "workforce/supplement.jinja", form)


urlpatterns = [path("workforce/supplement/", supplement, name="supplement")]
