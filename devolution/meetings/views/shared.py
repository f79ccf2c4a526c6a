"""What the meetings pages share: the words for a meeting's date, a form bound to a
refused post, and text as paragraphs and lists. What every app's pages share is in
core.pages."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django import forms

from devolution.core.errors import NotAllowed, RuleViolation
from devolution.core.reports import date_text
from devolution.partners.access import can_keep_registers

from .. import selectors

if TYPE_CHECKING:
    from ..models import Meeting

NAV = "meetings"
# Twenty rows a page, as NHS.UK lists have: quick to read and to render (QUALITY P1).
PAGE_SIZE = 20
STATUS_COLOURS = {
    selectors.MEETING_STATUS.SCHEDULED: "grey",
    selectors.MEETING_STATUS.AGENDA_PUBLISHED: "blue",
    selectors.MEETING_STATUS.HELD: "purple",
    selectors.MEETING_STATUS.MINUTES_DRAFTED: "yellow",
    selectors.MEETING_STATUS.MINUTES_APPROVED: "green",
    selectors.MEETING_STATUS.CANCELLED: "red",
}


RECORD = "A meeting's full record"


def enforce_secretariat(person: Any, what: str) -> None:
    if not can_keep_registers(person):
        raise NotAllowed(f"Only the secretariat {what}.")


def meeting_when(meeting: "Meeting") -> str:
    return date_text(meeting.date, meeting.date_precision)


def text_blocks(text: str) -> list[tuple[str, Any]]:
    """Text kept as lines, as paragraphs and lists: a line starting "- " is a list item."""
    blocks: list[tuple[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("- "):
            if not blocks or blocks[-1][0] != "ul":
                blocks.append(("ul", []))
            blocks[-1][1].append(line[2:])
        elif line:
            blocks.append(("p", line))
    return blocks


@dataclass
class Bound:
    """The form a refused post sent, to show again with its errors in its place."""

    kind: str  # attendance | decision | action | paper | ruling
    target: int | None
    form: forms.Form
    rule: RuleViolation | None = None
