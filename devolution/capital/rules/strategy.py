"""The estates strategy's figures over time (SPEC §12, seed 004 5.13): each financial
year's additions and the running totals, from completed disposals and reinvestments."""

from collections.abc import Iterable
from dataclasses import dataclass

# (key, label, unit) of each figure, in the order the pages show them.
MEASURES = (
    ("floor_area", "Surplus floor area released", "m²"),
    ("housing_units", "Housing units enabled", "units"),
    ("reinvested", "Receipts reinvested", "£"),
    ("backlog", "Backlog maintenance removed", "£"),
)
COUNTING = (
    "A completed disposal releases its site's floor area, enables the housing units the "
    "register gives for the site and removes its backlog maintenance from the estate, in "
    "the financial year its sale completes; a receipt counts as reinvested in the year "
    "of each reinvestment. A site whose register entry does not give a figure adds "
    "nothing to it, and is counted as unknown."
)


@dataclass(frozen=True)
class YearFigures:
    year: str
    added: dict[str, int]
    total: dict[str, int]


def running(years: Iterable[tuple[str, dict[str, int]]]) -> list[YearFigures]:
    """Each year's additions (in any order) and the running totals, years in order."""
    keys = [k for k, _, _ in MEASURES]
    merged: dict[str, dict[str, int]] = {}
    for year, added in years:
        into = merged.setdefault(year, dict.fromkeys(keys, 0))
        for k in keys:
            into[k] += added.get(k, 0)
    total = dict.fromkeys(keys, 0)
    out = []
    for year in sorted(merged):
        for k in keys:
            total[k] += merged[year][k]
        out.append(YearFigures(year, dict(merged[year]), dict(total)))
    return out
