"""What every register's import reports: how many rows its file had, which records it
made and changed, and how many it left as they were, in one sentence for the page."""

from dataclasses import dataclass, field
from typing import ClassVar


def import_summary(
    filename: str, rows: int, counts: tuple[int, int, int], things: str, every: str
) -> str:
    """The sentence an import's page shows. `counts` is (created, updated, unchanged);
    `things` names the records ("Sites"), `every` the rows when none changed ("every
    site in {filename} is already recorded as it says")."""
    if not rows:
        return f"{filename} has no rows below its header: nothing to import."
    created, updated, unchanged = counts
    if not created and not updated:
        return f"Nothing to change: {every.format(filename=filename)}."
    parts = [
        f"{n:,} {what}"
        for n, what in ((created, "created"), (updated, "updated"), (unchanged, "unchanged"))
        if n
    ]
    lines = f"{rows:,} row" + ("" if rows == 1 else "s")
    return f"Imported {filename} ({lines}). {things}: {', '.join(parts)}."


@dataclass
class KeyedImport:
    """An import's report naming the records it made and changed by their keys."""

    THINGS: ClassVar[str] = "Records"
    EVERY: ClassVar[str] = "every record in {filename} is already recorded as it says"

    filename: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        counts = (len(self.created), len(self.updated), self.unchanged)
        return import_summary(self.filename, self.rows, counts, self.THINGS, self.EVERY)
