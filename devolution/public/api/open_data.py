"""The open data catalogue as JSON (SPEC §15): `GET /api/open-data` lists every dataset
with its downloads, data dictionary and licence."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from .. import opendata
from ..rules.kinds import LICENCE, LICENCE_URL

router = Router(tags=["Public record"])


class DictionaryColumnOut(Schema):
    column: str
    meaning: str
    type: str = Field(
        ..., description="identifier, text, date, integer, boolean or list of identifiers"
    )


class DatasetOut(Schema):
    key: str
    title: str
    description: str
    csv: str = Field(..., description="The CSV download's address")
    json_: str = Field(..., alias="json", description="The JSON download's address")
    licence: str
    licence_url: str
    dictionary: list[DictionaryColumnOut]


def _dataset(d: opendata.Dataset) -> dict[str, Any]:
    return {
        "key": d.key,
        "title": d.title,
        "description": d.description,
        "csv": reverse("public:dataset-csv", args=[d.key]),
        "json": reverse("public:dataset-json", args=[d.key]),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "dictionary": [c.dictionary() for c in d.columns],
    }


@router.get("/open-data", response=list[DatasetOut], summary="The open data catalogue")
@paginate
def dataset_list(request: HttpRequest) -> Any:
    return [_dataset(d) for d in opendata.DATASETS]
