"""The decisions register (SPEC §15): every decision of every board as one list, as a
page, CSV and JSON, filtered by board, date, kind and binding or recommendation. The
public sees the published decisions of public items; the secretariat every decision,
the confidential ones marked (meetings.visibility, through selectors.decision_rows)."""

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once_by
from devolution.core.errors import InvalidInput, Problem
from devolution.core.pages import paginate
from devolution.core.people import acting_person
from devolution.core.versions import data_version
from devolution.partners.selectors import partnership_in_view

from .. import downloads, opendata, selectors
from ..forms import DecisionFilter
from ..rules.kinds import BINDING_WORDS, KINDS

if TYPE_CHECKING:
    from devolution.partners.models import Partnership

PAGE_SIZE = 25
DECISIONS = opendata.BY_KEY["decisions"]


def _filtered(
    request: HttpRequest, *, counts: bool
) -> tuple[DecisionFilter, Any, Any, "Partnership | None"]:
    """The filter as the request gives it and the rows it selects, of the partnership in
    view (`?partnership=<key>`, 404 for a key no partnership has, else the default), as
    every register of one partnership's business is (the commitments' export)."""
    partnership = partnership_in_view(request.GET.get("partnership") or None)
    form = DecisionFilter(request.GET, partnership=partnership)
    reader = selectors.reader_of(acting_person(request))
    rows = selectors.decision_rows(
        reader,
        partnership=partnership,
        counts=counts,
        **(form.filters() if form.is_valid() else {}),
    )
    return form, reader, rows, partnership


@require_GET
def decision_register(request: HttpRequest) -> HttpResponse:
    form, reader, rows, partnership = _filtered(request, counts=False)
    if not form.is_valid():
        rows = rows.none()
    page, query = paginate(request, selectors.DecisionRegister(rows), PAGE_SIZE)
    return render(
        request,
        "public/decisions.jinja",
        {
            "nav": "decisions",
            "partnership": partnership,
            "form": form,
            "page": page,
            "query": query,
            "secretariat": reader.secretariat,
            "kinds": KINDS,
            "kind_of": selectors.register_kind,
            "binding_words": BINDING_WORDS,
            "download_query": query,
        },
        status=200 if form.is_valid() else 400,
    )


def _download_rows(request: HttpRequest) -> Any:
    form, _, rows, _ = _filtered(request, counts=True)
    if not form.is_valid():
        raise InvalidInput(
            [
                Problem(" ".join(str(e) for e in errors), field=name)
                for name, errors in form.errors.items()
            ]
        )
    return (opendata.decision_record(row) for row in rows)


@require_GET
def decisions_csv(request: HttpRequest) -> HttpResponse:
    return downloads.csv_download(DECISIONS.columns, _download_rows(request), "decisions")


@require_GET
def decisions_json(request: HttpRequest) -> HttpResponse:
    return downloads.json_download(
        DECISIONS.columns,
        _download_rows(request),
        "decisions",
        title="The decisions register",
        version=data_version(),
    )


def _variant(request: HttpRequest) -> str:
    """What the reader may see of the register: a download is made once for each."""
    reader = selectors.reader_of(acting_person(request))
    return "secretariat" if reader.secretariat else "staff" if reader.staff else "public"


urlpatterns = [
    path("decisions/", decision_register, name="decision-register"),
    path("decisions.csv", made_once_by(_variant)(decisions_csv), name="decisions-csv"),
    path("decisions.json", made_once_by(_variant)(decisions_json), name="decisions-json"),
]
