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
from devolution.core.fields import DayMonthYearField
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


# ---------------------------------------------------------------- core/_parts.jinja


def parts(source: str, **context: object) -> str:
    from django.template import engines

    env = engines["jinja2"].env
    imports = '{% from "core/_parts.jinja" import error_summary, date_field, pagination %}'
    return str(env.from_string(imports + source).render(**context))


class ResolutionForm(forms.Form):
    title = forms.CharField()
    on = DayMonthYearField(what="the date of the resolution", label="Date of the resolution")


def test_the_error_summary_links_a_date_to_its_first_box_at_fault_and_names_the_rule() -> None:
    form = ResolutionForm({"title": "", "on_day": "22", "on_month": "", "on_year": "2018"})
    assert not form.is_valid()
    form.add_error(None, "The board is not quorate")
    html = parts("{{ error_summary(form, rule=rule) }}", form=form, rule=RULE)
    assert 'href="#id_title"' in html
    assert 'href="#id_on_month"' in html  # the day and the year were given
    assert "The board is not quorate" in html
    assert "Source: seed 004 §7." in html
    assert "The rule that refused this change: MTG-X." in html


def test_the_date_field_marks_only_the_boxes_at_fault_and_keeps_what_was_typed() -> None:
    form = ResolutionForm({"title": "x", "on_day": "31", "on_month": "2", "on_year": "2018"})
    assert not form.is_valid()
    html = parts('{{ date_field(form, "on") }}', form=form)
    assert "must be a real date" in html
    assert html.count("nhsuk-input--error") == 1
    assert 'nhsuk-input--error" id="id_on_day" name="on_day" type="text" value="31"' in html
    assert 'id="id_on_month" name="on_month" type="text" value="2"' in html


def test_an_error_summary_needs_no_form_for_a_page_s_own_problem() -> None:
    html = parts(
        "{{ error_summary(title=title, extra=[problem]) }}",
        title="The file was not imported",
        problem={"text": "3 problems found", "href": "#problems"},
    )
    assert "The file was not imported" in html
    assert 'href="#problems"' in html
    assert parts("{{ error_summary(form) }}", form=posted()).strip() == ""


def test_the_pagination_keeps_the_filters_and_offers_only_pages_that_exist() -> None:
    from django.core.paginator import Paginator

    middle = parts("{{ pagination(page, q) }}", page=Paginator(range(120), 50).page(2), q="q=a")
    assert 'href="?q=a&amp;page=1"' in middle and 'href="?q=a&amp;page=3"' in middle
    last = parts("{{ pagination(page, q) }}", page=Paginator(range(120), 50).page(3), q="")
    assert 'href="?page=2"' in last and "page=4" not in last and "Next" not in last
    alone = parts("{{ pagination(page, q) }}", page=Paginator(range(20), 50).page(1), q="")
    assert "nhsuk-pagination" not in alone
