"""The notifications and calendar pages in every signed-in person's "Your work"."""

from typing import Any

from devolution.core.links import PageLink, fixed_url

from .selectors import unread_count_kept


def notifications_your_work(person: Any) -> list[PageLink]:
    if person is None or not person.is_authenticated:
        return []
    unread = unread_count_kept(person)
    label = f"Notifications ({unread} unread)" if unread else "Notifications"
    # (None: not counted lately; the page counts it, no page but that one pays for it.)
    return [
        PageLink(label, fixed_url("notifications:list")),
        PageLink("Your calendar", fixed_url("notifications:calendar")),
    ]
