"""Reads for the workforce calculators: the dated rates in effect on a day (core
parameters), a partnership's employers with their latest pay bills, and seed 001's pay
table with what each of its figures is."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from devolution.core.api_contract import InvalidQuery
from devolution.core.errors import Problem
from devolution.core.models import SourceTable, SourceTableRow
from devolution.core.parameters import parameter_at, parameter_values, parameters_read
from devolution.core.rules.parameters import DatedValue
from devolution.partners.models import Organisation, OrganisationType, Partnership

from ..rules.levy import Employer, LevyRates, LevyResult, issues, levy
from ..rules.pay import Comparison, SeedFigures, Worked, compare
from ..rules.supplements import ZONES, Supplement, SupplementRates, supplement
from .indicators import latest_pay_bills
from .zones import zone_of

PAY_DATA = Path(__file__).resolve().parents[1] / "data" / "pay.yaml"
PAY_TABLE = "pay-against-living-wage"
# The seed's table is of 2016/17: its figures are worked from the rates of 1 April 2016.
PAY_YEAR_STARTS = dt.date(2016, 4, 1)

# Organisation types that are public bodies for the levy (each with its own allowance):
# the NHS's and government's bodies and local government. Voluntary, community and other
# providers, Healthwatch, education and skills bodies and partnership programmes are not
# taken as public bodies (a user may mark one so where it is).
PUBLIC_BODY_TYPES = frozenset(
    {
        OrganisationType.NHS_ENGLAND,
        OrganisationType.NHS_IMPROVEMENT,
        OrganisationType.CQC,
        OrganisationType.HEE,
        OrganisationType.PHE,
        OrganisationType.DEPARTMENT_OF_HEALTH,
        OrganisationType.GLA,
        OrganisationType.LONDON_COUNCILS,
        OrganisationType.LOCAL_AUTHORITY,
        OrganisationType.CCG,
        OrganisationType.NHS_TRUST,
        OrganisationType.FOUNDATION_TRUST,
    }
)


class RateUnknown(InvalidQuery):
    """A calculation for a day before a rate it needs took effect: a 422 naming `date`."""

    def __init__(self, what: str, first: dt.date | None) -> None:
        since = f" before {first:%-d %B %Y}" if first else " for that date"
        super().__init__([Problem(f"no {what} is known{since}", field="date")])


def _first_from(key: str) -> dt.date | None:
    values = parameter_values(key)
    return min((v.effective_from for v in values), default=None)


def _needed(key: str, what: str, on: dt.date) -> DatedValue:
    found = parameter_at(key, on)
    if found is None:
        raise RateUnknown(what, _first_from(key))
    return found


def levy_rates(on: dt.date) -> LevyRates:
    rate = _needed("levy-rate", "apprenticeship levy rate", on)
    allowance = _needed("levy-allowance", "apprenticeship levy allowance", on)
    threshold = _needed("levy-threshold", "apprenticeship levy pay-bill threshold", on)
    transfer = parameter_at("levy-transfer-share", on)
    return LevyRates(
        rate=rate.value,
        allowance=allowance.value,
        threshold=threshold.value,
        transfer_share=transfer.value if transfer else None,
        transfer_from=transfer.effective_from if transfer else _first_from("levy-transfer-share"),
    )


@dataclass(frozen=True)
class ZoneRates:
    rates: SupplementRates
    since: dt.date
    source: str
    quote: str


def supplement_rates(zone: str, on: dt.date) -> ZoneRates:
    name = ZONES[zone]
    what = f"high cost area supplement for {name}"
    rate = _needed(f"hcas-{zone}-rate", what, on)
    minimum = _needed(f"hcas-{zone}-minimum", what, on)
    maximum = _needed(f"hcas-{zone}-maximum", what, on)
    return ZoneRates(
        SupplementRates(zone, rate.value, minimum.value, maximum.value),
        since=max(rate.effective_from, minimum.effective_from, maximum.effective_from),
        source=rate.source,
        quote=rate.quote,
    )


EmployerRow = tuple[str, Decimal | None, str | None, bool]


def levy_result(on: dt.date, rows: list[EmployerRow], *, where: str = "employers") -> LevyResult:
    """The levy for these employers (name, pay bill, connected group, public body) on
    `on`; input it cannot use is a 422 naming each employer and field
    (`employers[2].pay_bill`), a day before the rates a 422 naming `date`."""
    employers = [
        Employer(name or "", bill, (group or "").strip() or None, bool(public))
        for name, bill, group, public in rows
    ]
    found = issues(employers)
    if found:
        raise InvalidQuery(
            [
                Problem(
                    i.message,
                    field=where if i.index is None else f"{where}[{i.index}].{i.field}",
                    row=None if i.index is None else i.index + 1,
                )
                for i in found
            ]
        )
    return levy(employers, levy_rates(on), on)


def supplement_result(
    on: dt.date, zone: str | None, basic_salary: Decimal, place: str | None = None
) -> tuple[ZoneRates, Supplement]:
    """The supplement for a basic salary in a zone, or in a place's zone where it is known
    (a place whose zone is not recorded is a 422 asking for the zone)."""
    if place:
        found = zone_of(place)
        if found is None:
            raise InvalidQuery([Problem(f"no place has the code '{place}'", field="place")])
        name, place_zone = found
        if place_zone is None and not zone:
            raise InvalidQuery(
                [
                    Problem(
                        f"which high cost area zone {name} is in is not recorded: give the zone",
                        field="zone",
                    )
                ]
            )
        if place_zone is not None and zone and zone != place_zone:
            raise InvalidQuery(
                [
                    Problem(
                        f"{name} is recorded in the {place_zone} zone, not {zone}: give one",
                        field="zone",
                    )
                ]
            )
        zone = place_zone or zone
    if not zone:
        raise InvalidQuery([Problem("give the zone, or a place whose zone is known", field="zone")])
    if zone not in ZONES:
        raise InvalidQuery([Problem(f"'{zone}' is not one of: {', '.join(ZONES)}", field="zone")])
    if basic_salary < 0:
        raise InvalidQuery([Problem("a salary cannot be below nought", field="basic_salary")])
    rates = supplement_rates(zone, on)
    return rates, supplement(basic_salary, rates.rates)


@dataclass(frozen=True)
class PartnershipEmployer:
    key: str
    name: str
    type: str
    public_body: bool
    pay_bill: int | None
    pay_bill_to: dt.date | None  # the end of the period the pay bill is for


def is_public_body(organisation_type: str) -> bool:
    return organisation_type in PUBLIC_BODY_TYPES


def partnership_employers(partnership: Partnership, on: dt.date) -> list[PartnershipEmployer]:
    """A partnership's member organisations, each with whether it is a public body (from
    its type) and its latest pay bill for a period ending by `on`, where one is recorded.
    Two queries."""
    members = list(
        Organisation.objects.filter(partnerships=partnership)
        .order_by("name")
        .values_list("pk", "key", "name", "type")
    )
    bills = latest_pay_bills([pk for pk, *_ in members], on)
    rows = []
    for pk, key, name, kind in members:
        bill = bills.get(pk)
        rows.append(
            PartnershipEmployer(
                key=key,
                name=name,
                type=OrganisationType(kind).label,
                public_body=is_public_body(kind),
                pay_bill=bill.amount if bill else None,
                pay_bill_to=bill.period_end if bill else None,
            )
        )
    return rows


def partnerships() -> list[tuple[str, str]]:
    return list(Partnership.objects.order_by("name").values_list("key", "name"))


# ------------------------------------------------------------------ the pay comparison


@cache
def _comparison_lines() -> tuple[tuple[str, str | None, SeedFigures], ...]:
    data: dict[str, Any] = yaml.safe_load(PAY_DATA.read_text(encoding="utf-8"))
    lines = []
    for entry in data["comparison"]:
        for z in entry["zones"]:
            hourly, annual = z.get("seed_hourly"), z.get("seed_annual")
            lines.append(
                (
                    entry["row"],
                    entry.get("parameter"),
                    SeedFigures(
                        role=entry["role"],
                        zone=z.get("zone"),
                        basis=entry["basis"],
                        seed_hourly=Decimal(hourly) if hourly is not None else None,
                        seed_annual=Decimal(annual) if annual is not None else None,
                    ),
                )
            )
    return tuple(lines)


@dataclass(frozen=True)
class PayComparison:
    on: dt.date
    table: SourceTable | None
    rows: list[SourceTableRow]
    lines: list[tuple[str, Comparison]]  # (the seed row's key, the comparison)
    nlw: DatedValue
    llw: DatedValue


def pay_comparison(on: dt.date = PAY_YEAR_STARTS) -> PayComparison:
    comparison = _comparison_lines()
    # Every rate the comparison needs, read together (two queries, not two a rate).
    parameters_read(
        [
            "national-living-wage",
            "london-living-wage",
            *(parameter for _, parameter, _ in comparison if parameter),
            *(
                f"hcas-{line.zone}-{part}"
                for _, _, line in comparison
                if line.zone
                for part in ("rate", "minimum", "maximum")
            ),
        ]
    )
    nlw = _needed("national-living-wage", "National Living Wage", on)
    llw = _needed("london-living-wage", "London Living Wage", on)
    table = SourceTable.objects.select_related("source").filter(key=PAY_TABLE).first()
    rows = list(table.rows.select_related("source").order_by("order")) if table else []
    lines = []
    for row, parameter, line in comparison:
        worked = Worked()
        if parameter and line.basis == "rate":
            worked = Worked(hourly=_needed(parameter, line.role, on).value)
        elif parameter and line.basis == "salary" and line.zone:
            basic = _needed(parameter, line.role, on).value
            paid = supplement(basic, supplement_rates(line.zone, on).rates)
            worked = Worked(
                basic=basic,
                supplement=paid.supplement,
                by_rate=paid.percentage,
                applies=paid.applies,
            )
        lines.append((row, compare(line, worked, nlw.value, llw.value)))
    return PayComparison(on=on, table=table, rows=rows, lines=lines, nlw=nlw, llw=llw)
