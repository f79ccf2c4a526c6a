"""The public record's downloads: CSV and JSON, each naming its licence (the Open
Government Licence v3.0) in a `Link: rel="license"` header, and the JSON in its own
`licence` field with the data dictionary beside the rows."""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

from devolution.core.pages import attachment
from devolution.core.spreadsheets import csv_bytes

from .opendata import Column
from .rules.kinds import LICENCE, LICENCE_URL

LICENCE_FIELD = {"name": LICENCE, "url": LICENCE_URL}


def _licensed(response: HttpResponse) -> HttpResponse:
    response["Link"] = f'<{LICENCE_URL}>; rel="license"; title="{LICENCE}"'
    return response


def csv_download(
    columns: Sequence[Column], rows: Iterable[dict[str, Any]], name: str
) -> HttpResponse:
    header = [c.name for c in columns]
    body = csv_bytes(header, ([row[c] for c in header] for row in rows))
    return _licensed(attachment(body, "text/csv; charset=utf-8", f"{name}.csv"))


def json_download(
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    name: str,
    *,
    title: str,
    version: str,
) -> HttpResponse:
    document = {
        "dataset": name,
        "title": title,
        "licence": LICENCE_FIELD,
        "version": version,
        "dictionary": [c.dictionary() for c in columns],
        "items": list(rows),
    }
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False)
    return _licensed(attachment(body, "application/json", f"{name}.json"))
