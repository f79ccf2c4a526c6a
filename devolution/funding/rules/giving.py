"""The parts of a 360Giving grant the standard fixes: a financial year's dates, an area
code's type from 360Giving's list of geographic code types, and the spreadsheet's
column titles (360Giving Data Standard 1.4)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

# The package's standard version ("major.minor", as the package schema asks) and its
# currency: the partnership's money is in pounds.
VERSION = "1.4"
CURRENCY = "GBP"
COUNTRY = "GB"

# A GSS code's entity (its first three characters) and the code type 360Giving's list
# (codelists/geoCodeType.csv) gives it. England (E92) and a STP are on no line of it.
GEO_CODE_TYPES = {
    "E00": "OA",
    "E01": "LSOA",
    "E02": "MSOA",
    "E04": "PAR",
    "E05": "WD",
    "E06": "UA",
    "E07": "NMD",
    "E08": "MD",
    "E09": "LONB",
    "E10": "CTY",
    "E12": "RGN",
    "E14": "WPC",
    "E38": "CCG",
}


def geo_code_type(gss_code: str) -> str | None:
    """The 360Giving code type of a GSS code, or None where the list has none."""
    return GEO_CODE_TYPES.get(gss_code[:3].upper())


def year_dates(year: str) -> tuple[dt.date, dt.date]:
    """A financial year written 2018-19: 1 April 2018 to 31 March 2019."""
    first = int(year[:4])
    return dt.date(first, 4, 1), dt.date(first + 1, 3, 31)


def planned_dates(years: Sequence[str]) -> dict[str, Any] | None:
    """The planned dates of money given over these financial years: from the start of
    the first to the end of the last, and the months between."""
    if not years:
        return None
    ordered = sorted(years)
    start, _ = year_dates(ordered[0])
    _, end = year_dates(ordered[-1])
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return {
        "startDate": start.isoformat(),
        "endDate": end.isoformat(),
        "duration": months,
    }


# The spreadsheet: each column's 360Giving title and the path to its value in a grant.
GRANT_COLUMNS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Award Date", ("awardDate",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Planned Dates:Duration (months)", ("plannedDates", 0, "duration")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Charity Number", ("recipientOrganization", 0, "charityNumber")),
    ("Recipient Org:Company Number", ("recipientOrganization", 0, "companyNumber")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Beneficiary Location:Name", ("beneficiaryLocation", 0, "name")),
    ("Beneficiary Location:Country Code", ("beneficiaryLocation", 0, "countryCode")),
    ("Beneficiary Location:Geographic Code", ("beneficiaryLocation", 0, "geoCode")),
    ("Beneficiary Location:Geographic Code Type", ("beneficiaryLocation", 0, "geoCodeType")),
    ("URL", ("url",)),
    ("Data Source", ("dataSource",)),
    ("Last Modified", ("dateModified",)),
)
# A grant's further beneficiary locations, one a row, joined to it by its identifier
# (360Giving's "one to many" sheets).
LOCATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Beneficiary Location:Name", "name"),
    ("Beneficiary Location:Country Code", "countryCode"),
    ("Beneficiary Location:Geographic Code", "geoCode"),
    ("Beneficiary Location:Geographic Code Type", "geoCodeType"),
)


def value_at(grant: dict[str, Any], path: tuple[Any, ...]) -> Any:
    """The value at `path` in a grant, None where any step is missing."""
    here: Any = grant
    for step in path:
        if isinstance(step, int):
            if not isinstance(here, list) or len(here) <= step:
                return None
        elif not isinstance(here, dict) or step not in here:
            return None
        here = here[step]
    return here


def grant_rows(grants: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The grants sheet: a row a grant, its first beneficiary location inline."""
    return [[value_at(g, path) for _, path in GRANT_COLUMNS] for g in grants]


def location_rows(grants: Sequence[dict[str, Any]]) -> list[list[Any]]:
    """The further locations sheet: a row for each grant's second location and after."""
    return [
        [g["id"], *(place.get(key) for _, key in LOCATION_COLUMNS)]
        for g in grants
        for place in g.get("beneficiaryLocation", [])[1:]
    ]
