"""What every app's pages share: a service's refusal shown on its form, an import's
outcome, a list's page with the query that keeps its filters, and a download."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse

from devolution.core.errors import DevolutionError, InvalidInput, Problem


def add_refusal(form: forms.BaseForm, exc: DevolutionError) -> int:
    """A service's refusal beside the fields it names, what names no field above the
    form; returns the status to answer with (400 for bad input, 409 for a rule or a
    stale edit, 403 for what the person may not do), the same the API gives."""
    problems = (
        exc.problems if isinstance(exc, InvalidInput) else [Problem(exc.message, field=exc.field)]
    )
    for problem in problems:
        message = problem.message[:1].upper() + problem.message[1:]
        form.add_error(problem.field if problem.field in form.fields else None, message)
    return exc.status


Report = TypeVar("Report")


def import_outcome(
    run: Callable[[], Report], problem_text: Callable[[Problem], str]
) -> tuple[Report | None, list[str], int]:
    """An import run for its page: its report, or nothing and every problem in words (row
    and column named) with the status to answer with (the same the API gives)."""
    try:
        return run(), [], 200
    except InvalidInput as exc:
        return None, [problem_text(p) for p in exc.problems], exc.status
    except DevolutionError as exc:
        return None, [exc.message], exc.status


def paginate(request: HttpRequest, rows: Any, size: int) -> tuple[Page[Any], str]:
    """The page of `rows` the request asks for (the first for a number out of range),
    and the request's query without `page`, for the pagination's links to keep the
    filters."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def attachment(
    content: bytes | str, content_type: str, filename: str, *, private: bool = False
) -> HttpResponse:
    """A download, saved under its file name rather than shown; a private one is not
    kept by the browser or a proxy."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "no-store"
    return response
