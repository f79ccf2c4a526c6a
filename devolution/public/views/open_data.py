"""The open data catalogue (SPEC §15): each dataset's CSV and JSON, its data dictionary,
and the licence they are published under; the 360Giving file of fund allocations is the
funding area's, linked from here."""

from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from devolution.core.documents import made_once
from devolution.core.versions import data_version
from devolution.partners.selectors import partnership_in_view

from .. import downloads, opendata
from ..rules.kinds import LICENCE, LICENCE_URL


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/open_data.jinja",
        {
            "nav": "open-data",
            "datasets": opendata.DATASETS,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        },
    )


def _dataset(key: str) -> opendata.Dataset:
    found = opendata.dataset(key)
    if found is None:
        raise Http404("No dataset has this name.")
    return found


def _rows(request: HttpRequest, found: opendata.Dataset) -> Iterable[dict[str, Any]]:
    """The dataset's rows; a register of one partnership's business (the decisions) of
    the partnership in view (`?partnership=<key>`, 404 for a key no partnership has,
    else the default), as its page reads it: a download's size follows one partnership,
    not the deployment (QUALITY P3)."""
    if found.partnership_rows is None:
        return found.rows()
    return found.rows_of(partnership_in_view(request.GET.get("partnership") or None))


@require_GET
def dataset_csv(request: HttpRequest, key: str) -> HttpResponse:
    found = _dataset(key)
    return downloads.csv_download(found.columns, _rows(request, found), found.key)


@require_GET
def dataset_json(request: HttpRequest, key: str) -> HttpResponse:
    found = _dataset(key)
    return downloads.json_download(
        found.columns, _rows(request, found), found.key, title=found.title, version=data_version()
    )


urlpatterns = [
    path("open-data/", catalogue, name="open-data"),
    path("open-data/<slug:key>.csv", made_once(dataset_csv), name="dataset-csv"),
    path("open-data/<slug:key>.json", made_once(dataset_json), name="dataset-json"),
]
