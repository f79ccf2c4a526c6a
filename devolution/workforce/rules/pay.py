"""Seed 001's pay comparison: each figure it gives beside one worked from the dated
parameters, with the difference in words, and how far each is above or below the National
and the London Living Wage.

A year's hours are 37.5 a week for 52 weeks, 1,950, as the paper's heading says ("based on
a 37.5 hour week"): an hourly rate's annual figure is the rate x 1,950; a salary's hourly
figure is the salary over 1,950, to the penny."""

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from .money import money, pence

HOURS = Decimal("37.5") * 52  # 1,950


@dataclass(frozen=True)
class SeedFigures:
    """One line of the paper's table, in one zone: the figures it gives (None: not given)."""

    role: str
    zone: str | None  # inner or outer, where the seed gives a figure for each
    basis: str  # "rate", "salary" or "average"
    seed_hourly: Decimal | None
    seed_annual: Decimal | None


@dataclass(frozen=True)
class Worked:
    """What the parameters give for a line: an hourly rate, or a basic salary and the
    zone's supplement (None where there is no parameter: an average)."""

    hourly: Decimal | None = None
    basic: Decimal | None = None
    supplement: Decimal | None = None
    by_rate: Decimal | None = None  # the zone's percentage of basic, before its min and max
    applies: str = ""  # which set the supplement: minimum, percentage or maximum


@dataclass(frozen=True)
class Comparison:
    line: SeedFigures
    hourly: Decimal  # calculated (or, for an average, from the paper's annual figure)
    annual: Decimal
    how: str  # how the calculated figures are worked
    difference: str  # the paper's figures against the calculated ones, in words
    against_nlw: Decimal  # calculated hourly less the National Living Wage
    against_llw: Decimal


def compare(line: SeedFigures, worked: Worked, nlw: Decimal, llw: Decimal) -> Comparison:
    if line.basis == "rate" and worked.hourly is not None:
        hourly = worked.hourly
        annual = pence(hourly * HOURS)
        how = f"{money(hourly)} an hour x 1,950 hours = {money(annual)}."
    elif line.basis == "salary" and worked.basic is not None and worked.supplement is not None:
        annual = worked.basic + worked.supplement
        hourly = pence(annual / HOURS)
        how = (
            f"Basic salary {money(worked.basic)} + high cost area supplement "
            f"{money(worked.supplement)} = {money(annual)}; over 1,950 hours, {money(hourly)} "
            "an hour."
        )
    else:
        annual = line.seed_annual or Decimal(0)
        hourly = pence(annual / HOURS)
        how = (
            f"No rate to work from: the paper's average salary, {money(annual)}, over 1,950 "
            f"hours is {money(hourly)} an hour."
        )
    return Comparison(
        line=line,
        hourly=hourly,
        annual=annual,
        how=how,
        difference=difference(line, hourly, annual, worked),
        against_nlw=hourly - nlw,
        against_llw=hourly - llw,
    )


def difference(
    line: SeedFigures, hourly: Decimal, annual: Decimal, worked: Worked | None = None
) -> str:
    """The paper's figures against the calculated ones, in words."""
    said: list[str] = []
    seed_annual, seed_hourly = line.seed_annual, line.seed_hourly
    if line.basis == "average" and seed_annual is not None:
        said.append(
            f"The paper's annual figure, {money(seed_annual)}, is an average salary (NMDS-SC), "
            "not an hourly rate x 1,950 hours."
        )
        if seed_hourly is not None:
            at_rate = pence(seed_hourly * HOURS)
            said.append(
                f"Its hourly rate, {money(seed_hourly)}, is that salary over 1,950 hours to the "
                f"penny; {money(seed_hourly)} x 1,950 would be {money(at_rate)}, "
                f"{money(abs(at_rate - seed_annual))} "
                f"{'more' if at_rate > seed_annual else 'less'} than the average given."
            )
        else:
            said.append("The paper gives no hourly rate for it.")
        return " ".join(said)
    if seed_annual is not None:
        if seed_annual == annual:
            said.append(f"The paper's annual figure, {money(seed_annual)}, is the calculated one.")
        elif (
            worked is not None
            and worked.basic is not None
            and worked.by_rate is not None
            and worked.applies != "percentage"
            and seed_annual
            == (worked.basic + worked.by_rate).to_integral_value(rounding=ROUND_DOWN)
        ):
            said.append(
                f"The paper's annual figure, {money(seed_annual)}, is the basic salary plus the "
                f"zone's percentage ({money(worked.basic)} + {money(worked.by_rate)}), without "
                f"the {worked.applies} payment the supplement is held to: with it, the "
                f"supplement is {money(worked.supplement)} and the salary {money(annual)}, "
                f"{money(abs(annual - seed_annual))} "
                f"{'more' if annual > seed_annual else 'less'} than the paper's."
            )
        elif seed_annual == annual.to_integral_value(rounding=ROUND_DOWN):
            said.append(
                f"The paper's annual figure, {money(seed_annual)}, is the calculated "
                f"{money(annual)} with the pence dropped."
            )
        else:
            gap = seed_annual - annual
            said.append(
                f"The paper's annual figure, {money(seed_annual)}, is {money(abs(gap))} "
                f"{'more' if gap > 0 else 'less'} than the calculated {money(annual)}."
            )
    if seed_hourly is not None:
        if seed_hourly == hourly:
            said.append(f"The paper's hourly rate, {money(seed_hourly)}, is the calculated one")
        else:
            gap = seed_hourly - hourly
            said.append(
                f"The paper's hourly rate, {money(seed_hourly)}, is {money(abs(gap))} "
                f"{'more' if gap > 0 else 'less'} than the calculated {money(hourly)}"
            )
        if seed_annual is not None and line.basis == "salary":
            if pence(seed_annual / HOURS) == seed_hourly:
                said[-1] += ": it is the paper's annual figure over 1,950 hours, to the penny."
            else:
                said[-1] += "."
        else:
            said[-1] += "."
    return " ".join(said)


def above_or_below(gap: Decimal, what: str) -> str:
    if gap > 0:
        return f"{money(gap)} an hour above the {what}"
    if gap < 0:
        return f"{money(-gap)} an hour below the {what}"
    return f"the {what} itself"
