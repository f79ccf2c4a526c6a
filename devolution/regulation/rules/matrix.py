"""The regulator matrix (seed 001): which regulator covers which activity and which kinds
of body. A kind of body is covered by a regulator when the regulated-body column that
stands for its organisation type is ticked; the seed's qualification goes with it."""

from dataclasses import dataclass

SOURCE = "seed 001, Regulation: 'The current landscape is complex given that most health and care organisations are held accountable by multiple bodies'"  # noqa: E501


@dataclass(frozen=True)
class CellFact:
    regulator: str
    regulator_name: str
    column_label: str
    organisation_types: frozenset[str]
    covered: bool
    qualification: str


@dataclass(frozen=True)
class Cover:
    regulator: str
    regulator_name: str
    column_label: str
    qualification: str


def regulators_covering(organisation_type: str, cells: list[CellFact]) -> list[Cover]:
    """The regulators that cover a body of this type, in the matrix's order, with the
    column it falls in and the seed's qualification (empty when the tick is unqualified)."""
    return [
        Cover(c.regulator, c.regulator_name, c.column_label, c.qualification)
        for c in cells
        if c.covered and organisation_type in c.organisation_types
    ]


def cell_words(covered: bool, qualification: str) -> str:
    """A cell in words, so that a screen reader and a spreadsheet say what the tick says."""
    words = "\N{CHECK MARK} Covered" if covered else "\N{BALLOT X} Not covered"
    return f"{words} ({qualification})" if qualification else words
