"""The workforce calculators as JSON (SPEC §13): the apprenticeship levy and the high cost
area supplement. Public, like the pages; each POST computes an answer and changes nothing.

Money is given in pounds as a number or a string with at most two decimal places, and
answered as a number of pounds, worked exactly and rounded to the penny (e.g. 35000 or
2512.5), as money is everywhere in the API; percentages are numbers too (e.g. 0.5)."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from ..rules.money import pence
from ..selectors.pay import levy_result, supplement_result

router = Router(tags=["Workforce"])

POUNDS = (
    "Pounds: in, a number or string with at most two decimal places; out, a number "
    "rounded to the penny"
)


def _money(amount: Decimal | None) -> float | None:
    """Exact to the penny, then a JSON number (pounds below 2**53 pence are exact as
    floats to the penny)."""
    return None if amount is None else float(pence(amount))


def _share(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class EmployerIn(Schema):
    name: str = Field(..., description="The employer's name: each once in a calculation")
    pay_bill: Decimal | None = Field(
        ..., description=f"The annual pay bill. {POUNDS}; null where unknown (not counted)"
    )
    connected_group: str | None = Field(
        None,
        description="Employers connected for Employment Allowance share one allowance: "
        "give them the same group name; null for none. Never for a public body",
    )
    public_body: bool = Field(False, description="A public body has its own allowance")


class LevyIn(Schema):
    date: dt.date = Field(..., description="A day of the tax year the levy is for")
    employers: list[EmployerIn] = Field(..., description="At most 5,000")


class EmployerLevyOut(Schema):
    name: str
    levy: float | None = Field(..., description=f"{POUNDS}; null where the pay bill is unknown")
    allowance: float | None = Field(
        ..., description="This employer's allowance, or its share of its group's"
    )
    allowance_unused: float | None = Field(
        ..., description="Lapses at the tax year's end: it is not carried over"
    )
    transferable: float | None = Field(
        ..., description="The most it may transfer to other employers or training agencies"
    )
    counted: bool = Field(..., description="False where the pay bill is unknown")
    connected_group: str | None
    public_body: bool
    why: str


class LevyOut(Schema):
    date: dt.date
    employers: list[EmployerLevyOut]
    total_levy: float
    total_allowance_unused: float
    total_transferable: float
    transfer_to: list[str] = Field(
        ..., description="The employers given that pay no levy: who could receive transfers"
    )
    allowance_lapses_on: dt.date = Field(..., description="The tax year's last day")
    rate: float = Field(..., description="Per cent of the pay bill")
    allowance: float
    threshold: float
    transfer_share: float | None = Field(
        ..., description="Per cent; null on a day before transfers were allowed"
    )
    notes: list[str]


class SupplementIn(Schema):
    date: dt.date = Field(..., description="The day the supplement is for")
    zone: Literal["inner", "outer", "fringe"] | None = Field(
        None, description="Needed unless `place` is given and its zone is recorded"
    )
    place: str | None = Field(
        None, description="A place's code (a borough's GSS code): its zone where recorded"
    )
    basic_salary: Decimal = Field(..., ge=0, description=f"A year's basic salary. {POUNDS}")


class SupplementOut(Schema):
    zone: str = Field(..., description="The zone used: the one given, or the place's")
    supplement: float = Field(..., description=f"A year's supplement. {POUNDS}")
    rate: float = Field(..., description="Per cent of basic salary")
    minimum: float
    maximum: float
    applies: str = Field(..., description="minimum, percentage or maximum: which one set it")
    why: str
    source: str = Field(..., description="The rates' source, with its words")
    since: dt.date = Field(..., description="The day these rates took effect")


@router.post(
    "/workforce/levy",
    response=LevyOut,
    summary="Work out the apprenticeship levy",
    description="The levy each employer pays for the tax year of `date`, its allowance "
    "(connected employers share one, in proportion to pay bill; public bodies each have "
    "their own), the allowance that lapses unused and what each could transfer, and to "
    "whom. Changes nothing.",
)
def levy_calculate(request: HttpRequest, payload: LevyIn) -> Any:
    result = levy_result(
        payload.date,
        [(e.name, e.pay_bill, e.connected_group, e.public_body) for e in payload.employers],
    )
    return {
        "date": result.date,
        "employers": [
            {
                **e.__dict__,
                "levy": _money(e.levy),
                "allowance": _money(e.allowance),
                "allowance_unused": _money(e.allowance_unused),
                "transferable": _money(e.transferable),
            }
            for e in result.employers
        ],
        "total_levy": _money(result.total_levy),
        "total_allowance_unused": _money(result.total_allowance_unused),
        "total_transferable": _money(result.total_transferable),
        "transfer_to": list(result.recipients) if result.total_transferable else [],
        "allowance_lapses_on": result.tax_year_ends,
        "rate": _share(result.rates.rate),
        "allowance": _money(result.rates.allowance),
        "threshold": _money(result.rates.threshold),
        "transfer_share": _share(result.rates.transfer_share),
        "notes": list(result.notes),
    }


@router.post(
    "/workforce/supplement",
    response=SupplementOut,
    summary="Work out a high cost area supplement",
    description="An Agenda for Change supplement for a basic salary in a zone: the zone's "
    "percentage of basic salary, not under its minimum nor over its maximum. Changes nothing.",
)
def supplement_calculate(request: HttpRequest, payload: SupplementIn) -> Any:
    rates, paid = supplement_result(payload.date, payload.zone, payload.basic_salary, payload.place)
    return {
        "zone": rates.rates.zone,
        "supplement": _money(paid.supplement),
        "rate": _share(rates.rates.rate),
        "minimum": _money(rates.rates.minimum),
        "maximum": _money(rates.rates.maximum),
        "applies": paid.applies,
        "why": paid.why,
        "source": f"{rates.source}: {rates.quote}",
        "since": rates.since,
    }
