"""A board's meetings as an iCalendar feed (RFC 5545), for the public: written out here,
as the format is small and a library would add more than it saves.

Only what the public may see goes in: the board, the day, the place, the public items'
titles and the address of the public page. Confidential items are never read."""

import datetime as dt
from collections.abc import Callable, Iterable

from devolution.governance.models import Board

from .models import Meeting

CRLF = "\r\n"
LINE_OCTETS = 75  # RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets
PRODID = "-//Devolution//Board meetings//EN"


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks
    as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded to at most 75 octets a line (RFC 5545 §3.1): each further
    line starts with one space, and no UTF-8 character is split."""
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        if size + width > LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return CRLF.join(parts)


def _date(day: dt.date) -> str:
    return f"{day:%Y%m%d}"


def board_calendar(
    board: Board,
    meetings: Iterable[Meeting],
    *,
    now: dt.datetime,
    page_url: Callable[[Meeting], str],
) -> str:
    """The VCALENDAR of a board's meetings, one VEVENT each: an all-day event on the
    meeting's day. Needs selectors.board_calendar_meetings's `public_items`."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(f'{board.name} meetings')}",
    ]
    for meeting in meetings:
        titles = [item.title for item in getattr(meeting, "public_items", [])]
        url = page_url(meeting)
        description = (
            "Agenda: " + "; ".join(titles) + f". Papers and decisions: {url}"
            if titles
            else f"Agenda, papers and decisions: {url}"
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{meeting.key}@devolution",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(meeting.date)}",
            f"DTEND;VALUE=DATE:{_date(meeting.date + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(f'{board.name} meeting')}",
            *([f"LOCATION:{escape_text(meeting.place)}"] if meeting.place else []),
            f"DESCRIPTION:{escape_text(description)}",
            f"URL:{url}",
            "STATUS:CONFIRMED",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
