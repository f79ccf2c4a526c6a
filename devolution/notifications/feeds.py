"""A person's calendar as an iCalendar feed (RFC 5545), made with `icalendar` as the
boards' and the regulators' feeds are: each meeting, action or return a whole-day event
whose UID is the same in every download, so a subscribed calendar updates it."""

import datetime as dt
from typing import Any

from icalendar import TRANSP, Calendar, Event

from devolution.meetings.feeds import site_domain

from .selectors import Coming

PRODID = "-//Devolution//Personal calendar//EN"


def personal_ics(person: Any, coming: list[Coming], *, now: dt.datetime, url: str) -> bytes:
    domain = site_domain()
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name="Devolution: what is coming up for you",
        uid=f"person-{person.pk}@{domain}",
    )
    stamp = now.astimezone(dt.UTC)
    for c in coming:
        if c.precision != "day":
            continue  # no event for a meeting whose day is not known (as the boards' feeds)
        calendar.add_component(
            Event.new(
                uid=f"{c.uid}@{domain}",
                stamp=stamp,
                start=c.day,
                end=c.day + dt.timedelta(days=1),
                summary=c.title,
                description=f"Your calendar: {url}",
                url=f"https://{domain}{c.url}",
                transparency=TRANSP.TRANSPARENT,
            )
        )
    return bytes(calendar.to_ical())
