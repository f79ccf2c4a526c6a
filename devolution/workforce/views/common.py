"""What the workforce pages share: the header's item and the breadcrumbs."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..forms.pay import Calculator
from ..rules.money import money, percent

NAV = "workforce"


def crumbs(*more: tuple[str, str]) -> list[dict[str, str]]:
    trail = [("workforce:index", "Workforce"), *more]
    return [{"href": reverse(name), "text": text} for name, text in trail]


def calculator_page(
    request: HttpRequest, template: str, form: Calculator, **more: object
) -> HttpResponse:
    """A calculator's page: its form, and its result once the form is good; a refused
    form answers 400."""
    result = form.result if form.is_bound and form.is_valid() else None
    return render(
        request,
        template,
        {
            "nav": NAV,
            "crumbs": crumbs(),
            "form": form,
            "result": result,
            "money": money,
            "percent": percent,
            **more,
        },
        status=400 if form.is_bound and result is None else 200,
    )
