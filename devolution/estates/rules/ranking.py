"""The prioritised site list (SPEC §12, seed 000: "an up-to-date asset register and list
of prioritised sites"): each criterion reads one fact of a site, normalised to 0..1 over
the sites ranked (the largest scores 1), times the criterion's share of the weights; a
site's score is the sum. A fact the register does not hold scores nought, and says so."""

from dataclasses import dataclass
from decimal import Decimal

YES_NO = frozenset({"shared_use", "stp_priority"})
# How a fact reads: (before the number, after it).
UNITS = {"backlog": ("£", ""), "surplus_floor_area": ("", " m²")}


@dataclass(frozen=True)
class CriterionFact:
    key: str
    name: str
    reads: str
    weight: int


@dataclass(frozen=True)
class SiteFact:
    ref: str
    name: str
    facts: dict[str, Decimal | None]  # by what a criterion reads; None: unknown


@dataclass(frozen=True)
class Part:
    criterion: str
    name: str
    value: Decimal | None
    normalised: Decimal
    weighted: Decimal
    why: str


@dataclass(frozen=True)
class Ranked:
    position: int
    ref: str
    name: str
    score: Decimal
    parts: tuple[Part, ...]

    @property
    def why(self) -> str:
        """The criteria that give the site most of its score, in words."""
        scoring = sorted((p for p in self.parts if p.weighted > 0), key=lambda p: -p.weighted)
        if not scoring:
            return "No criterion scores this site: its facts are nought or unknown."
        return "; ".join(p.why for p in scoring[:3])


PLACES = Decimal("0.0001")


def _why(
    criterion: CriterionFact, value: Decimal | None, normalised: Decimal, share: Decimal
) -> str:
    if value is None:
        return f"{criterion.name}: unknown, scores nought"
    if criterion.reads in YES_NO:
        said = "yes" if value else "no"
        return f"{criterion.name}: {said} (weight {share:.0%})"
    before, after = UNITS.get(criterion.reads, ("", ""))
    return (
        f"{criterion.name}: {before}{value:,.0f}{after}, {normalised:.0%} of the highest "
        f"(weight {share:.0%})"
    )


def rank(sites: list[SiteFact], criteria: list[CriterionFact]) -> list[Ranked]:
    """The sites in order of score, highest first (ties by reference), each with its
    score by criterion."""
    total_weight = sum(c.weight for c in criteria)
    if not criteria or total_weight <= 0:
        return []
    highest = {
        c.reads: max((s.facts.get(c.reads) or Decimal(0) for s in sites), default=Decimal(0))
        for c in criteria
    }
    scored = []
    for site in sites:
        parts = []
        for c in criteria:
            value = site.facts.get(c.reads)
            top = highest[c.reads]
            normalised = (
                (max(value, Decimal(0)) / top).quantize(PLACES)
                if value is not None and top > 0
                else Decimal(0)
            )
            share = Decimal(c.weight) / Decimal(total_weight)
            weighted = (normalised * share).quantize(PLACES)
            parts.append(
                Part(c.key, c.name, value, normalised, weighted, _why(c, value, normalised, share))
            )
        score = sum((p.weighted for p in parts), Decimal(0))
        scored.append((site, score, tuple(parts)))
    scored.sort(key=lambda t: (-t[1], t[0].ref))
    return [
        Ranked(position, site.ref, site.name, score, parts)
        for position, (site, score, parts) in enumerate(scored, start=1)
    ]
