"""An organisation's reporting calendar as an iCalendar feed (RFC 5545), made with the
`icalendar` library as the boards' meeting feeds are (meetings/feeds.py): each time a
return is due is a whole-day event on its due day, its UID
`return-<return key>-<due date>-<organisation key>@<domain>` the same in every download, so
a calendar that subscribes updates the event rather than adding another. The data items
asked for by another regulator too are named in its description."""

import datetime as dt

from icalendar import TRANSP, Calendar, Event

from devolution.meetings.feeds import site_domain

from .rules.calendar import CalendarEntry
from .selectors import OrganisationCalendar

PRODID = "-//Devolution//Reporting calendar//EN"
DEMO = "Invented demo data, not a real return. "


def _description(entry: CalendarEntry, url: str) -> str:
    items = []
    for i in entry.items:
        also = f" (also asked by {', '.join(i.also_asked_by)})" if i.duplicate else ""
        items.append(f"{i.item.name}{also}")
    demo = DEMO if entry.ret.is_demo else ""
    asks = "Data items: " + "; ".join(items) + ". " if items else ""
    return f"{demo}{asks}Calendar: {url}"


def calendar_ics(cal: OrganisationCalendar, *, now: dt.datetime, url: str) -> bytes:
    domain = site_domain()
    org = cal.organisation
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=f"Reporting calendar: {org.name}",
        uid=f"reporting-{org.key}@{domain}",
    )
    stamp = now.astimezone(dt.UTC)
    for e in cal.entries:
        event = Event.new(
            uid=f"return-{e.ret.key}-{e.due:%Y%m%d}-{org.key}@{domain}",
            stamp=stamp,
            start=e.due,
            end=e.due + dt.timedelta(days=1),
            summary=f"{e.ret.regulator_name}: {e.ret.name} ({e.period}) due",
            description=_description(e, url),
            url=url,
            transparency=TRANSP.TRANSPARENT,
        )
        calendar.add_component(event)
    return bytes(calendar.to_ical())
