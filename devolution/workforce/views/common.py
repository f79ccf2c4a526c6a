"""What the workforce pages share: the header's item and the breadcrumbs."""

from django.urls import reverse

NAV = "workforce"


def crumbs(*more: tuple[str, str]) -> list[dict[str, str]]:
    trail = [("workforce:index", "Workforce"), *more]
    return [{"href": reverse(name), "text": text} for name, text in trail]
