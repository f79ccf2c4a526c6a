"""What the meetings pages share: the words for a meeting's date, a service's refusal
beside its fields, a form bound to a refused post, text as paragraphs and lists, and
downloads as attachments."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpResponse

from devolution.core.errors import DevolutionError, InvalidInput, NotAllowed, Problem, RuleViolation
from devolution.core.reports import date_text
from devolution.partners.access import can_keep_registers

from ..models import Meeting

NAV = "meetings"
PAGE_SIZE = 50
STATUS_COLOURS = {
    Meeting.Status.SCHEDULED: "grey",
    Meeting.Status.AGENDA_PUBLISHED: "blue",
    Meeting.Status.HELD: "purple",
    Meeting.Status.MINUTES_DRAFTED: "yellow",
    Meeting.Status.MINUTES_APPROVED: "green",
}


RECORD = "A meeting's full record"


def enforce_secretariat(person: Any, what: str) -> None:
    if not can_keep_registers(person):
        raise NotAllowed(f"Only the secretariat {what}.")


def meeting_when(meeting: Meeting) -> str:
    return date_text(meeting.date, meeting.date_precision)


def add_refusal(form: forms.Form, exc: DevolutionError) -> None:
    """A service's refusal beside the fields it names; what names no field goes on top."""
    problems = (
        exc.problems if isinstance(exc, InvalidInput) else [Problem(exc.message, field=exc.field)]
    )
    for problem in problems:
        message = problem.message[:1].upper() + problem.message[1:]
        form.add_error(problem.field if problem.field in form.fields else None, message)


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


def attachment(
    content: bytes | str, content_type: str, filename: str, *, private: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "no-store"
    return response
