"""The published register of interests of a board's members, as a page and a CSV file:
NHS England's conflicts of interest guidance expects the interests of those who take
decisions to be published (selectors.GUIDANCE_TITLE). Anyone may read it; it shows what an
entry says of the interest and whose it is, never a member's email address."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from devolution.core.pages import attachment
from devolution.core.reports import date_text
from devolution.core.spreadsheets import csv_bytes

from .. import selectors as meetings
from ..views.shared import NAV
from . import selectors

NO_DECLARATION = "No declaration in the register"
NOT_DECLARED_HERE = "Not in the sources: this member declares elsewhere, not in this register"
COLUMNS = [
    "Member",
    "Organisation",
    "Office",
    "Interest",
    "Organisation or partnership concerned",
    "Description",
    "From",
    "To",
    "Declared on",
]


def _when(day: dt.date | None, unknown: str) -> str:
    return str(date_text(day)) if day is not None else unknown


@require_GET
def board_interests(request: HttpRequest, board: str) -> HttpResponse:
    found = meetings.board_get(board)
    today = timezone.localdate()
    return render(
        request,
        "interests/board_register.jinja",
        {
            "nav": NAV,
            "board": found,
            "members": selectors.board_register(found, on=today),
            "today": date_text(today),
            "kept": selectors.KEPT_AFTER_ENDING,
            "guidance": (selectors.GUIDANCE_TITLE, selectors.GUIDANCE_URL),
            "when": _when,
            "no_declaration": NO_DECLARATION,
        },
    )


def _rows(members: list[selectors.PublishedMember]) -> Iterator[list[Any]]:
    for member in members:
        if not member.declares_here:
            yield [member.name, member.organisation, member.office, NOT_DECLARED_HERE, *[""] * 5]
        elif not member.interests:
            yield [member.name, member.organisation, member.office, NO_DECLARATION, *[""] * 5]
        for entry in member.interests:
            yield [
                member.name,
                member.organisation,
                member.office,
                entry.kind,
                entry.body,
                entry.description,
                entry.start,
                entry.end,
                entry.declared,
            ]


@require_GET
def board_interests_csv(request: HttpRequest, board: str) -> HttpResponse:
    found = meetings.board_get(board)
    today = timezone.localdate()
    return attachment(
        csv_bytes(COLUMNS, _rows(selectors.board_register(found, on=today))),
        "text/csv; charset=utf-8",
        f"{found.key}-register-of-interests-{today:%Y-%m-%d}.csv",
    )
