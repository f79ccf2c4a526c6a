"""What the regulation pages share: the nav item and the breadcrumbs. Reading is public
(the matrix, the timeline and the register are the seeds' and the regulators' published
asks); only the secretariat imports the register."""

from django.urls import reverse

NAV = "regulation"


def crumbs(*more: tuple[str, str]) -> list[dict[str, str]]:
    return [{"href": reverse("regulation:index"), "text": "Regulation"}] + [
        {"href": href, "text": text} for href, text in more
    ]
