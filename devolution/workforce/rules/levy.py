"""The apprenticeship levy (seed 001): 0.5% of the annual pay bill less a £15,000
allowance a year; employers with a pay bill over £3 million pay it; connected companies
or charities share one allowance, public bodies each have their own; unused allowance
does not carry over; up to 10% of the funds entering a levy-paying employer's account may
be transferred to other employers or apprenticeship training agencies (from 2018).

Money is in pounds and pence (exact decimals). A connected group's levy is worked to the
penny on the group's whole pay bill, then shared among its employers in proportion to
their pay bills by largest remainder, so the employers' levies add up to the group's; its
one allowance is shared the same way."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .money import money, pence, pence_down, percent, shared

# The most employers one calculation takes (a partnership's, or England's NHS and councils
# several times over).
MOST_EMPLOYERS = 5000
SOURCE = "seed-001"


@dataclass(frozen=True)
class Employer:
    name: str
    pay_bill: Decimal | None  # pounds a year; None: unknown, not counted
    connected_group: str | None = None
    public_body: bool = False


@dataclass(frozen=True)
class LevyRates:
    rate: Decimal  # per cent of the pay bill
    allowance: Decimal
    threshold: Decimal
    transfer_share: Decimal | None  # per cent; None before transfers are allowed
    transfer_from: dt.date | None = None  # the day the share takes effect, if known


@dataclass(frozen=True)
class Issue:
    """Input the calculator cannot use: which employer (its place, from 0) and field."""

    index: int | None
    field: str
    message: str


@dataclass(frozen=True)
class EmployerLevy:
    name: str
    pay_bill: Decimal | None
    connected_group: str | None
    public_body: bool
    counted: bool  # False: pay bill unknown, not counted
    unit: str  # who shares the allowance: the group's name, or the employer's own
    unit_pay_bill: Decimal | None
    allowance: Decimal | None  # this employer's share of its allowance
    levy: Decimal | None
    allowance_unused: Decimal | None  # lapses at the tax year's end
    transferable: Decimal | None
    pays: bool
    why: str


@dataclass(frozen=True)
class LevyResult:
    date: dt.date
    rates: LevyRates
    employers: tuple[EmployerLevy, ...]
    total_levy: Decimal
    total_allowance_unused: Decimal
    total_transferable: Decimal
    recipients: tuple[str, ...]  # the employers here that pay no levy: who could receive
    tax_year_ends: dt.date
    notes: tuple[str, ...] = field(default=())

    @property
    def uncounted(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.employers if not e.counted)


def tax_year_end(on: dt.date) -> dt.date:
    """The last day (5 April) of the tax year `on` falls in."""
    year = on.year if on < dt.date(on.year, 4, 6) else on.year + 1
    return dt.date(year, 4, 5)


def issues(employers: Sequence[Employer]) -> list[Issue]:
    """What stops a calculation: each problem naming the employer and field."""
    found: list[Issue] = []
    if not employers:
        found.append(Issue(None, "employers", "give at least one employer"))
    if len(employers) > MOST_EMPLOYERS:
        found.append(
            Issue(
                None,
                "employers",
                f"at most {MOST_EMPLOYERS:,} employers in one calculation, not {len(employers):,}",
            )
        )
        return found
    seen: dict[str, int] = {}
    for n, e in enumerate(employers):
        name = e.name.strip()
        if not name:
            found.append(Issue(n, "name", "give the employer's name"))
        elif name.casefold() in seen:
            found.append(
                Issue(
                    n,
                    "name",
                    f"'{name}' is named twice (also employer {seen[name.casefold()] + 1})",
                )
            )
        else:
            seen[name.casefold()] = n
        if e.pay_bill is not None and e.pay_bill < 0:
            found.append(Issue(n, "pay_bill", "a pay bill cannot be below nought"))
        if e.pay_bill is not None and e.pay_bill != e.pay_bill.quantize(Decimal("0.01")):
            found.append(Issue(n, "pay_bill", "give the pay bill in pounds and pence"))
        if e.public_body and e.connected_group:
            found.append(
                Issue(
                    n,
                    "connected_group",
                    "a public body is not connected to other employers for the levy: "
                    "each has its own allowance (the Integration technical pack, December "
                    "2017: 'Public bodies each get a full "
                    "allowance as they aren't considered to be connected companies'); "
                    "leave its group empty",
                )
            )
    return found


def _unit_of(e: Employer) -> str:
    group = (e.connected_group or "").strip()
    return f"group:{group}" if group and not e.public_body else f"employer:{e.name.strip()}"


def levy(employers: Sequence[Employer], rates: LevyRates, on: dt.date) -> LevyResult:
    """The levy each employer pays for the year `on` falls in. The caller has checked
    `issues()` is empty."""
    units: dict[str, list[int]] = {}
    for n, e in enumerate(employers):
        if e.pay_bill is not None:
            units.setdefault(_unit_of(e), []).append(n)
    share = rates.rate / 100
    results: dict[int, EmployerLevy] = {}
    for unit, members in units.items():
        bills = [employers[n].pay_bill or Decimal(0) for n in members]
        total = sum(bills, Decimal(0))
        over = total > rates.threshold
        unit_levy = pence(max(Decimal(0), total * share - rates.allowance)) if over else Decimal(0)
        unused = pence(max(Decimal(0), rates.allowance - total * share))
        allowances = shared(rates.allowance, bills)
        levies = shared(unit_levy, bills)
        unused_shares = shared(unused, bills)
        grouped = unit.startswith("group:")
        group_name = unit.removeprefix("group:") if grouped else None
        for k, n in enumerate(members):
            e = employers[n]
            transferable = (
                pence_down(levies[k] * rates.transfer_share / 100)
                if rates.transfer_share is not None
                else Decimal(0)
            )
            results[n] = EmployerLevy(
                name=e.name.strip(),
                pay_bill=e.pay_bill,
                connected_group=group_name,
                public_body=e.public_body,
                counted=True,
                unit=group_name or e.name.strip(),
                unit_pay_bill=total,
                allowance=allowances[k],
                levy=levies[k],
                allowance_unused=unused_shares[k],
                transferable=transferable,
                pays=levies[k] > 0,
                why=_why(e, total, over, unit_levy, allowances[k], rates, grouped, len(members)),
            )
    out = []
    for n, e in enumerate(employers):
        if n in results:
            out.append(results[n])
            continue
        out.append(
            EmployerLevy(
                name=e.name.strip(),
                pay_bill=None,
                connected_group=(e.connected_group or "").strip() or None,
                public_body=e.public_body,
                counted=False,
                unit="",
                unit_pay_bill=None,
                allowance=None,
                levy=None,
                allowance_unused=None,
                transferable=None,
                pays=False,
                why="Pay bill unknown: not counted.",
            )
        )
    counted = [r for r in out if r.counted]
    return LevyResult(
        date=on,
        rates=rates,
        employers=tuple(out),
        total_levy=sum((r.levy or Decimal(0) for r in counted), Decimal(0)),
        total_allowance_unused=sum((r.allowance_unused or Decimal(0) for r in counted), Decimal(0)),
        total_transferable=sum((r.transferable or Decimal(0) for r in counted), Decimal(0)),
        recipients=tuple(r.name for r in counted if not r.pays),
        tax_year_ends=tax_year_end(on),
        notes=_notes(rates, on),
    )


def _why(
    e: Employer,
    total: Decimal,
    over: bool,
    unit_levy: Decimal,
    allowance: Decimal,
    rates: LevyRates,
    grouped: bool,
    size: int,
) -> str:
    rate = percent(rates.rate)
    if grouped and size == 1:
        who = (
            f"The only employer here of group '{(e.connected_group or '').strip()}': the "
            f"group's one {money(rates.allowance)} allowance is its own here."
        )
    elif grouped:
        who = (
            f"Connected to {size - 1} other employer{'s' if size != 2 else ''} here "
            f"(group '{(e.connected_group or '').strip()}', pay bill {money(total)} in all): "
            f"they share one {money(rates.allowance)} allowance, in proportion to pay bill, "
            f"so this employer's share is {money(allowance)}."
        )
    elif e.public_body:
        who = f"A public body: its own {money(rates.allowance)} allowance."
    else:
        who = f"Not connected to another employer here: its own {money(rates.allowance)} allowance."
    if not over:
        what = f"The pay bill, {money(total)}, is not over {money(rates.threshold)}: no levy."
    else:
        what = (
            f"{rate} of {money(total)} is {money(pence(total * rates.rate / 100))}, less the "
            f"{money(rates.allowance)} allowance: {money(unit_levy)}"
            + (" for the group, shared in proportion to pay bill." if grouped else ".")
        )
    return f"{who} {what}"


def _notes(rates: LevyRates, on: dt.date) -> tuple[str, ...]:
    notes = [
        f"Unused allowance cannot be carried over: it lapses at the tax year's end, "
        f"{tax_year_end(on):%-d %B %Y}.",
    ]
    if rates.transfer_share is None:
        notes.append(
            "No transfer is allowed on this date: the 10% takes effect in 2018 "
            "(taken from 6 April 2018)."
        )
    else:
        notes.append(
            f"A levy-paying employer may transfer up to {percent(rates.transfer_share)} of the "
            "funds entering its account, taken here as the levy it pays: the board paper names no "
            "government top-up, so none is added. It may transfer to other employers (here, "
            "those that pay no levy) or to apprenticeship training agencies."
        )
    return tuple(notes)
