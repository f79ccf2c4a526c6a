"""The notifications and calendar pages in every signed-in person's "Your work"."""

from typing import Any

from devolution.core.links import PageLink, fixed_url

from .selectors import unread_count


def notifications_your_work(person: Any) -> list[PageLink]:
    if person is None or not person.is_authenticated:
        return []
    unread = unread_count(person)
    label = f"Notifications ({unread} unread)" if unread else "Notifications"
    return [
        PageLink(label, fixed_url("notifications:list")),
        PageLink("Your calendar", fixed_url("notifications:calendar")),
    ]
