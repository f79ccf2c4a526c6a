"""What every app's pages share (core.pages): a service's refusal shown on its form with
the status the API gives it, and a list's page with the query that keeps its filters."""

import datetime as dt

import pytest
from django import forms
from django.test import RequestFactory

from devolution.core.errors import (
    DevolutionError,
    InvalidInput,
    NotAllowed,
    Problem,
    RuleViolation,
    StaleEdit,
)
from devolution.core.pages import add_refusal, attachment, paginate
from devolution.core.reports import date_text


class NoteForm(forms.Form):
    title = forms.CharField()
    due = forms.DateField()


def posted() -> NoteForm:
    form = NoteForm({"title": "A note", "due": "2018-03-22"})
    assert form.is_valid()
    return form


RULE = RuleViolation("MTG-X", "a flag has no ruling yet", "seed 004 §7", field="title")


@pytest.mark.parametrize(
    ("case", "refusal", "status", "by_field", "on_top"),
    [
        (
            "bad input names its fields, each beside its own",
            InvalidInput([Problem("too long", field="title"), Problem("not a day", field="due")]),
            400,
            {"title": ["Too long"], "due": ["Not a day"]},
            [],
        ),
        (
            "bad input naming no field of the form goes on top",
            InvalidInput([Problem("no such board", field="board_key"), Problem("try again")]),
            400,
            {},
            ["No such board", "Try again"],
        ),
        (
            "a rule refusing a field is beside it",
            RULE,
            409,
            {"title": ["A flag has no ruling yet"]},
            [],
        ),
        (
            "a rule naming no field goes on top",
            RuleViolation("MTG-X", "the minutes are approved", "seed 004"),
            409,
            {},
            ["The minutes are approved"],
        ),
        (
            "a stale edit goes on top",
            StaleEdit("Changed by someone else while you were editing"),
            409,
            {},
            ["Changed by someone else while you were editing"],
        ),
        (
            "what the person may not do goes on top",
            NotAllowed("Only the secretariat records attendance."),
            403,
            {},
            ["Only the secretariat records attendance."],
        ),
    ],
)
def test_a_refusal_is_shown_where_it_belongs_with_the_status_the_api_gives(
    case: str,
    refusal: DevolutionError,
    status: int,
    by_field: dict[str, list[str]],
    on_top: list[str],
) -> None:
    form = posted()
    assert add_refusal(form, refusal) == status == refusal.status, case
    assert {name: form.errors[name] for name in ("title", "due") if name in form.errors} == (
        by_field
    ), case
    assert form.non_field_errors() == on_top, case


def page_of(query: str, rows: int = 120, size: int = 50) -> tuple[list[int], int, str]:
    page, kept = paginate(RequestFactory().get(f"/list/?{query}"), list(range(rows)), size)
    return list(page.object_list), page.number, kept


def test_the_page_asked_for_comes_with_the_filters_and_without_its_number() -> None:
    rows, number, query = page_of("status=open&page=2&q=north+east")
    assert (rows[0], len(rows), number) == (50, 50, 2)
    assert query == "status=open&q=north+east"


@pytest.mark.parametrize("asked", ["page=99", "page=last", "page=", ""])
def test_a_page_out_of_range_or_not_a_number_is_a_page_that_exists(asked: str) -> None:
    rows, number, query = page_of(asked)
    assert number in {1, 3}
    assert rows == list(range((number - 1) * 50, min(number * 50, 120)))
    assert query == ""


def test_a_download_is_saved_under_its_name_and_a_private_one_is_not_kept() -> None:
    public = attachment(b"a,b", "text/csv", "register.csv")
    private = attachment(b"%PDF", "application/pdf", "pack.pdf", private=True)
    assert public["Content-Disposition"] == 'attachment; filename="register.csv"'
    assert "Cache-Control" not in public
    assert private["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("date", "precision", "text"),
    [
        (dt.date(2017, 5, 24), "day", "24 May 2017"),
        (dt.date(2017, 6, 1), "month", "June 2017"),
        (dt.date(2018, 1, 1), "year", "2018"),
        (None, "day", "no date given"),
        # A moment late on the 24th in UTC is the 25th in London in summer.
        (dt.datetime(2017, 5, 24, 23, 30, tzinfo=dt.UTC), "day", "25 May 2017"),
    ],
)
def test_a_date_is_as_precise_as_its_source(
    date: dt.date | None, precision: str, text: str
) -> None:
    assert date_text(date, precision) == text
