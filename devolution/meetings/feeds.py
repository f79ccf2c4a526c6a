"""A board's meetings as an iCalendar feed (RFC 5545), for the public, made with the
`icalendar` library, which escapes, folds and writes the time zone as the standard says.

Each meeting whose day is known is one event:
- from its start to its end in London's time (TZID Europe/London, with the VTIMEZONE that
  says what that is) when the secretariat gave the times; otherwise a whole day, as for
  every meeting of the seeds, which give no times;
- its UID `meeting-<key>@<the deployment's domain>`, the same in every download, so a
  calendar that subscribes updates the event rather than adding another;
- its SEQUENCE the meeting's revision (each change to it adds one), LAST-MODIFIED the last
  change the audit record holds of it or of its published items, DTSTAMP the feed's time;
- STATUS:CANCELLED when the meeting is cancelled, CONFIRMED otherwise.

Only what the public may see goes in: the board, the day and times, the place, the public
items' titles and the address of the public page. Confidential items are never read."""

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from icalendar import STATUS, TRANSP, Calendar, Event

from devolution.governance.models import Board

from .models import Meeting

PRODID = "-//Devolution//Board meetings//EN"
LONDON = ZoneInfo("Europe/London")


def site_domain() -> str:
    """The deployment's domain: SITE_DOMAIN, or the first host ALLOWED_HOSTS names."""
    if settings.SITE_DOMAIN:
        return str(settings.SITE_DOMAIN)
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and "*" not in host:
            return str(host)
    return "localhost"


def meeting_uid(meeting: Meeting, domain: str) -> str:
    return f"meeting-{meeting.key}@{domain}"


def _span(meeting: Meeting) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    """When the event starts and ends: London times when the start is known (no end when
    only the start is), otherwise the whole day."""
    if meeting.starts_at is None:
        return meeting.date, meeting.date + dt.timedelta(days=1)
    start = dt.datetime.combine(meeting.date, meeting.starts_at, tzinfo=LONDON)
    if meeting.ends_at is None:
        return start, None
    return start, dt.datetime.combine(meeting.date, meeting.ends_at, tzinfo=LONDON)


def _last_modified(meeting: Meeting) -> dt.datetime | None:
    """The last change the audit record holds of the meeting or its published items
    (selectors.board_calendar_meetings); None when it holds none."""
    changes = [
        c for c in (getattr(meeting, "changed", None), getattr(meeting, "items_changed", None)) if c
    ]
    return max(changes).astimezone(dt.UTC) if changes else None


def _description(meeting: Meeting, url: str) -> str:
    if meeting.status == Meeting.Status.CANCELLED:
        return f"This meeting is cancelled. Its page: {url}"
    titles = [item.title for item in getattr(meeting, "public_items", [])]
    if titles:
        return "Agenda: " + "; ".join(titles) + f". Papers and decisions: {url}"
    return f"Agenda, papers and decisions: {url}"


def board_calendar(
    board: Board,
    meetings: Iterable[Meeting],
    *,
    now: dt.datetime,
    page_url: Callable[[Meeting], str],
) -> bytes:
    """The VCALENDAR of a board's meetings, one VEVENT each; a whole calendar, with no
    event, when the board has no meeting. Needs selectors.board_calendar_meetings's
    `public_items`, `changed` and `items_changed`."""
    domain = site_domain()
    calendar = Calendar.new(
        prodid=PRODID,
        calscale="GREGORIAN",
        method="PUBLISH",
        name=f"{board.name} meetings",
        uid=f"board-{board.key}-meetings@{domain}",
    )
    stamp = now.astimezone(dt.UTC)
    timed_days = []
    for meeting in meetings:
        start, end = _span(meeting)
        if isinstance(start, dt.datetime):
            timed_days.append(meeting.date)
        url = page_url(meeting)
        event = Event.new(
            uid=meeting_uid(meeting, domain),
            stamp=stamp,
            start=start,
            end=end,
            sequence=max(meeting.version - 1, 0),
            last_modified=_last_modified(meeting),
            summary=f"{board.name} meeting",
            location=meeting.place or None,
            description=_description(meeting, url),
            url=url,
            status=STATUS.CANCELLED
            if meeting.status == Meeting.Status.CANCELLED
            else STATUS.CONFIRMED,
            # A public board's meeting does not make a subscriber look busy.
            transparency=TRANSP.TRANSPARENT,
        )
        calendar.add_component(event)
    if timed_days:
        # The rules of London's time over the years the meetings fall in, not 1970-2038.
        calendar.add_missing_timezones(
            first_date=dt.date(min(timed_days).year, 1, 1),
            last_date=dt.date(max(timed_days).year + 1, 1, 1),
        )
    content: bytes = calendar.to_ical()
    return content
