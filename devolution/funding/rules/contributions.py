"""Partners' contributions against the programme's planned costs (SPEC §10, seed 003), as
pure functions of plain values."""

from .allocations import pounds


def thousands(amount: int | None) -> str:
    """An amount as seed 003 prints its rows, in thousands where it is whole thousands
    (£1,528k), else in pounds; unknown where not given."""
    if amount is None:
        return "unknown"
    if amount and amount % 1000 == 0:
        return f"£{amount // 1000:,}k"
    return pounds(amount)


def cash_total(amounts: list[int | None]) -> int | None:
    """The rows' cash summed; unknown if any row's cash is unknown."""
    if any(a is None for a in amounts):
        return None
    return sum(a for a in amounts if a is not None)


def shortfall(*, planned: int | None, total: int | None) -> int | None:
    """What the contributions fall short of the planned costs by (0 when they cover
    them); unknown while either is."""
    if planned is None or total is None:
        return None
    return max(planned - total, 0)


def contribution_text(amount: int | None, in_kind: str) -> str:
    """A contribution as a person reads it, where the paper's own words no longer
    describe the record: its cash in thousands, with what it gives in kind."""
    cash = "" if amount is None else thousands(amount)
    if in_kind and cash:
        return f"{cash} + {in_kind}"
    return cash or in_kind or "unknown"
