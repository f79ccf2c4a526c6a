"""The fair-share guide (SPEC §10): each place's population-weighted share of a fund.

A place's share is its population times its weight, over the sum of every place's
population times weight, times the amount, in whole pounds. Rounding each share down
leaves a few pounds over; they go one each to the places whose shares lost the most in
rounding (the largest remainder), so the shares add up to the amount exactly.

The guide is only as good as its figures: when the amount or any place's population is
not known, no place's share is known (a share of an unknown whole, or of a whole missing a
place, would be a made-up number), and the guide says which places lack a population.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

Weight = int | Decimal | Fraction


@dataclass(frozen=True)
class Claimant:
    """A place the fund is shared between: its key (a code), its name, its population
    (None where not known) and its weight (1 unless the data says otherwise)."""

    key: str
    name: str
    population: int | None
    weight: Weight = 1


@dataclass(frozen=True)
class Guide:
    """Each place's share in whole pounds, by key (None for every place when unknown),
    and why it is unknown: the amount is not known, or these places lack a population."""

    shares: dict[str, int | None]
    amount_unknown: bool = False
    missing: tuple[str, ...] = ()  # names of the places with no population
    nothing_to_share_by: bool = False  # every population times weight is nought

    @property
    def known(self) -> bool:
        return not (self.amount_unknown or self.missing or self.nothing_to_share_by)

    def reason(self) -> str:
        """Why no share is known, in words; empty when they are."""
        parts = []
        if self.amount_unknown:
            parts.append("the fund's amount is not known")
        if self.missing:
            names = ", ".join(self.missing)
            places = "place has" if len(self.missing) == 1 else "places have"
            parts.append(f"{len(self.missing)} {places} no population recorded: {names}")
        if self.nothing_to_share_by:
            parts.append("no place has a population and weight above nought to share by")
        return "; ".join(parts)


def fair_shares(amount: int | None, places: Sequence[Claimant]) -> Guide:
    """The fair-share guide of `amount` between `places` (see the module's words)."""
    for place in places:
        if place.weight < 0:
            raise ValueError(f"{place.name}'s weight is below nought")
        if place.population is not None and place.population < 0:
            raise ValueError(f"{place.name}'s population is below nought")
    if amount is not None and amount < 0:
        raise ValueError("the amount is below nought")
    unknown = dict.fromkeys((p.key for p in places), None)
    missing = tuple(p.name for p in places if p.population is None)
    if amount is None or missing:
        return Guide(unknown, amount_unknown=amount is None, missing=missing)
    weighted = [Fraction(p.population or 0) * Fraction(p.weight) for p in places]
    total = sum(weighted, Fraction(0))
    if not places:
        return Guide({})
    if total == 0:
        return Guide(unknown, nothing_to_share_by=True)
    exact = [w * amount / total for w in weighted]
    floors = [int(e) for e in exact]  # exact shares are never negative: int() rounds down
    left = amount - sum(floors)
    # The places that lost most in rounding down get a pound each; ties go to the place
    # listed first, so the same figures always give the same shares.
    order = sorted(range(len(places)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return Guide({p.key: share for p, share in zip(places, floors, strict=True)})
