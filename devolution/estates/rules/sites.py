"""What a site's facts must be to be recorded (SPEC §12): each problem names its field in
plain words. Checked alike for a form, the API and every row of an import."""

import re
from dataclasses import dataclass
from decimal import Decimal

REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
# A point must be on Earth; whether it is in a borough the boundaries know is the
# service's to find.
LATITUDE = (Decimal(-90), Decimal(90))
LONGITUDE = (Decimal(-180), Decimal(180))


@dataclass(frozen=True)
class SiteProblem:
    field: str
    message: str


def site_problems(values: dict[str, object]) -> list[SiteProblem]:
    """Every problem with a site's values (only those given are checked, but a new site
    needs a reference, a name and an owner, which the caller passes as given)."""
    problems = []
    ref = values.get("ref")
    if "ref" in values and (not isinstance(ref, str) or not REF.match(ref)):
        problems.append(
            SiteProblem(
                "ref",
                "a site's reference is 1 to 60 letters, digits, '-' or '_', starting with a "
                "letter or digit",
            )
        )
    if "name" in values and not str(values.get("name") or "").strip():
        problems.append(SiteProblem("name", "give the site's name"))
    if "owner" in values and values.get("owner") is None:
        problems.append(SiteProblem("owner", "give the organisation that owns the site"))
    utilisation = values.get("utilisation")
    if isinstance(utilisation, Decimal) and not Decimal(0) <= utilisation <= Decimal(1):
        problems.append(
            SiteProblem(
                "utilisation",
                "utilisation is the share of the site in use, from 0 to 1 (0.45 for 45%)",
            )
        )
    used, available = values.get("sessions_used"), values.get("sessions_available")
    if isinstance(used, int) and isinstance(available, int) and used > available:
        problems.append(
            SiteProblem(
                "sessions_used",
                f"{used:,} sessions used is more than the {available:,} available",
            )
        )
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        problems.append(
            SiteProblem(missing, "a location needs both its latitude and its longitude")
        )
    if isinstance(latitude, Decimal) and not LATITUDE[0] <= latitude <= LATITUDE[1]:
        problems.append(SiteProblem("latitude", "a latitude is between -90 and 90"))
    if isinstance(longitude, Decimal) and not LONGITUDE[0] <= longitude <= LONGITUDE[1]:
        problems.append(SiteProblem("longitude", "a longitude is between -180 and 180"))
    for name in ("floor_area", "running_cost", "backlog", "housing_units"):
        number = values.get(name)
        if isinstance(number, int) and number < 0:
            problems.append(SiteProblem(name, "cannot be below nought"))
    return problems
