"""An organisation's consolidated reporting calendar and the data items asked for twice
(SPEC §14): seed 001's "opportunity to reduce the administrative burden on providers by
way of greater alignment of reporting requirements and sharing of data".

An organisation submits a return when its kind of body is among those the return names.
Its calendar is every time each such return is due in the range, from every regulator,
merged in date order. A data item is a duplicate when returns of more than one regulator
ask for it (matched by the item's key); the same regulator asking it twice is not counted,
as that is one regulator's own matter to align.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .due import DueRuleFact, due_between

SOURCE = (
    "seed 001, Regulation: 'There is an opportunity to reduce the administrative burden on "
    "providers by way of greater alignment of reporting requirements and sharing of data.'"
)


@dataclass(frozen=True)
class ItemFact:
    key: str
    name: str


@dataclass(frozen=True)
class ReturnFact:
    key: str
    name: str
    regulator: str  # the regulator's key
    regulator_name: str
    rule: DueRuleFact
    items: tuple[ItemFact, ...]
    submitted_by: frozenset[str]  # organisation types
    is_demo: bool = False


@dataclass(frozen=True)
class Asker:
    regulator: str
    regulator_name: str
    return_key: str
    return_name: str


@dataclass(frozen=True)
class Duplicate:
    """A data item asked for by more than one regulator, and every return asking it."""

    item: ItemFact
    askers: tuple[Asker, ...]

    @property
    def regulators(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.regulator_name for a in self.askers))


@dataclass(frozen=True)
class CalendarItem:
    item: ItemFact
    # The other regulators asking for the same item of this organisation: a duplicate
    # when there is any.
    also_asked_by: tuple[str, ...]

    @property
    def duplicate(self) -> bool:
        return bool(self.also_asked_by)


@dataclass(frozen=True)
class CalendarEntry:
    due: dt.date
    period: str
    ret: ReturnFact
    items: tuple[CalendarItem, ...]

    @property
    def duplicates(self) -> int:
        return sum(1 for i in self.items if i.duplicate)


def submitted_by(organisation_type: str, returns: Iterable[ReturnFact]) -> list[ReturnFact]:
    """The returns this kind of body submits."""
    return [r for r in returns if organisation_type in r.submitted_by]


def duplicates(returns: Iterable[ReturnFact]) -> list[Duplicate]:
    """The data items asked for by more than one regulator, by item name, each with every
    return asking it (by regulator, then return)."""
    askers: dict[str, list[Asker]] = {}
    items: dict[str, ItemFact] = {}
    for r in returns:
        for item in r.items:
            items.setdefault(item.key, item)
            askers.setdefault(item.key, []).append(
                Asker(r.regulator, r.regulator_name, r.key, r.name)
            )
    found = [
        Duplicate(items[key], tuple(sorted(asked, key=lambda a: (a.regulator_name, a.return_name))))
        for key, asked in askers.items()
        if len({a.regulator for a in asked}) > 1
    ]
    return sorted(found, key=lambda d: (d.item.name.lower(), d.item.key))


def calendar(
    organisation_type: str, returns: Iterable[ReturnFact], start: dt.date, end: dt.date
) -> list[CalendarEntry]:
    """Every return due from a body of this type from `start` to `end`, from every
    regulator, in date order (then regulator and return), each data item flagged where
    another regulator asks it of the same body."""
    mine = submitted_by(organisation_type, returns)
    regulators_of: dict[str, dict[str, str]] = {}
    for r in mine:
        for item in r.items:
            regulators_of.setdefault(item.key, {})[r.regulator] = r.regulator_name
    entries = []
    for r in mine:
        flagged = tuple(
            CalendarItem(
                item,
                tuple(sorted(n for k, n in regulators_of[item.key].items() if k != r.regulator)),
            )
            for item in r.items
        )
        for due in due_between(r.rule, start, end):
            entries.append(CalendarEntry(due.due, due.period, r, flagged))
    return sorted(entries, key=lambda e: (e.due, e.ret.regulator_name, e.ret.name, e.ret.key))
