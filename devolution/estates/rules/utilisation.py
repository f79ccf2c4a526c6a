"""The utilisation policy's flags (SPEC §12, seed 000): a site whose utilisation is below
the policy's under-use threshold is flagged as under-used, below its surplus threshold as
possibly surplus. The policy is the London Estates Board's, "issued as guidance or a
collective LEB recommendation" (seed 000), so a flag is advice: it never changes a site's
status. Exactly at a threshold is not below it."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SOURCE = "seed 000, Utilisation: a clear utilisation policy for London, issued as guidance"
UNDER_USED = "under_used"
SURPLUS = "surplus"


@dataclass(frozen=True)
class PolicyFact:
    valid_from: dt.date
    under_used_below: Decimal
    surplus_below: Decimal
    issued_as: str  # in words: "guidance", "a collective recommendation"
    issued_by: str  # e.g. "the LEB"


@dataclass(frozen=True)
class Flag:
    kind: str  # UNDER_USED or SURPLUS
    label: str
    reason: str
    # The reason in brief, for a list that names the policy once above it.
    brief: str = ""


def share(
    utilisation: Decimal | None, sessions_used: int | None, sessions_available: int | None
) -> Decimal | None:
    """The share of the site in use: as recorded, else the sessions used of those
    available, else unknown."""
    if utilisation is not None:
        return utilisation
    if sessions_used is not None and sessions_available:
        return Decimal(sessions_used) / Decimal(sessions_available)
    return None


def percent(value: Decimal) -> str:
    """A share as a whole percentage where it is one, else to one decimal place."""
    hundred = value * 100
    whole = hundred.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if hundred == whole:
        return f"{whole}%"
    return f"{hundred.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def policy_in_force(policies: list[PolicyFact], on: dt.date) -> PolicyFact | None:
    """The policy taking effect last on or before the day."""
    taken = [p for p in policies if p.valid_from <= on]
    return max(taken, key=lambda p: p.valid_from) if taken else None


def site_flag(used: Decimal | None, policy: PolicyFact | None) -> Flag | None:
    """The flag the policy gives a site's utilisation, with its reason; none where the
    utilisation is unknown, no policy is recorded, or it is at or above the thresholds."""
    if used is None or policy is None:
        return None
    issued = (
        f"policy of {policy.valid_from.day} {policy.valid_from:%B %Y}, issued as "
        f"{policy.issued_as} by {policy.issued_by}"
    )
    if used < policy.surplus_below:
        return Flag(
            SURPLUS,
            "Possibly surplus",
            f"utilisation {percent(used)} is below the policy's "
            f"{percent(policy.surplus_below)} surplus threshold ({issued})",
            f"{percent(used)} in use, below {percent(policy.surplus_below)}",
        )
    if used < policy.under_used_below:
        return Flag(
            UNDER_USED,
            "Under-used",
            f"utilisation {percent(used)} is below the policy's "
            f"{percent(policy.under_used_below)} under-use threshold ({issued})",
            f"{percent(used)} in use, below {percent(policy.under_used_below)}",
        )
    return None
