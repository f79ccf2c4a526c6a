"""The search page (SPEC §15): one box over the registers and the papers' words, each
reader finding only what they may see."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from devolution.core.pages import paginate
from devolution.core.people import acting_person

from .. import selectors
from ..forms import SearchForm

PAGE_SIZE = 20


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results = None
    page, query = None, ""
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        board = data.get("board")
        results = selectors.search(
            selectors.scope_of(acting_person(request)),
            data["q"],
            kind=data.get("kind") or "",
            board_id=board.pk if board else None,
            since=data.get("since"),
            until=data.get("until"),
        )
        page, query = paginate(request, results, PAGE_SIZE)
    response = render(
        request,
        "search/search.jinja",
        {
            "form": form,
            "page": page,
            "query": query,
            "nav": "search",
            "crumbs": [{"href": reverse("partners:home"), "text": "Home"}],
        },
        status=400 if form.is_bound and form.errors else 200,
    )
    # What a signed-in person finds is theirs: not kept by a shared cache.
    signed_in = request.user.is_authenticated
    response["Cache-Control"] = "private, no-store" if signed_in else "public, max-age=60"
    return response


urlpatterns = [path("search/", search_page, name="search")]
