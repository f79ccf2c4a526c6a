"""High cost area supplements for Agenda for Change staff (seed 001, from 1 April 2016): a
percentage of basic salary, subject to a minimum and a maximum payment, by zone."""

from dataclasses import dataclass
from decimal import Decimal

from .money import money, pence, percent

ZONES = {"inner": "Inner London", "outer": "Outer London", "fringe": "Fringe"}


@dataclass(frozen=True)
class SupplementRates:
    zone: str
    rate: Decimal  # per cent of basic salary
    minimum: Decimal
    maximum: Decimal


@dataclass(frozen=True)
class Supplement:
    supplement: Decimal
    percentage: Decimal  # rate x basic salary, before the minimum and maximum
    applies: str  # "minimum", "percentage" or "maximum": which one set the supplement
    why: str


def supplement(basic_salary: Decimal, rates: SupplementRates) -> Supplement:
    """min(max(rate x basic, minimum), maximum), to the penny."""
    by_rate = pence(basic_salary * rates.rate / 100)
    zone = ZONES[rates.zone]
    share = f"{percent(rates.rate)} of {money(basic_salary)}"
    if by_rate < rates.minimum:
        why = (
            f"{share} is {money(by_rate)}, under {zone}'s minimum payment: "
            f"the minimum, {money(rates.minimum)}, is paid."
        )
        return Supplement(rates.minimum, by_rate, "minimum", why)
    if by_rate > rates.maximum:
        why = (
            f"{share} is {money(by_rate)}, over {zone}'s maximum payment: "
            f"the maximum, {money(rates.maximum)}, is paid."
        )
        return Supplement(rates.maximum, by_rate, "maximum", why)
    why = f"{share} is {money(by_rate)}, between {zone}'s minimum and maximum: it is paid."
    return Supplement(by_rate, by_rate, "percentage", why)
