"""The 360Giving publication as files: the JSON package, and the spreadsheet flattened
with 360Giving's column titles (a "grants" sheet, a row a grant, and a sheet of any
grant's further beneficiary locations joined to it by its identifier)."""

import json
from typing import Any

from devolution.core.spreadsheets import xlsx_book, xlsx_bytes, xlsx_sheet

from .rules import giving as rules


def package_json(package: dict[str, Any]) -> bytes:
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")


def package_xlsx(package: dict[str, Any]) -> bytes:
    grants = package.get("grants", [])
    book = xlsx_book(package.get("title", "360Giving grants"))
    xlsx_sheet(
        book,
        "grants",
        [title for title, _ in rules.GRANT_COLUMNS],
        rules.grant_rows(grants),
        widths=[28, 40, 50] + [20] * (len(rules.GRANT_COLUMNS) - 3),
    )
    further = rules.location_rows(grants)
    if further:
        xlsx_sheet(
            book,
            "beneficiary locations",
            ["Identifier", *(title for title, _ in rules.LOCATION_COLUMNS)],
            further,
            widths=[28, 40, 16, 20, 20],
        )
    return xlsx_bytes(book)
