"""Decision power is derived, not typed in (SPEC §5).

Seed 001: members decide 'to the extent that the functions fall within the statutory
functions of their organisation'. A decision taken at a board is binding only if the
board's current phase allows binding decisions of that kind and the function is held
(originally or by lawful delegation) by the organisations whose representatives take it.
Otherwise it is a recommendation to the function's holder.
"""

from dataclasses import dataclass

SOURCE = (
    "“Integration: Technical pack” (December 2017), Governance: members decide 'to the "
    "extent that the functions fall within the statutory functions of their organisation'"
)

# Which phase power makes a decision of each kind binding.
BINDING_POWER = {
    "decide": "decide",
    "allocate_funding": "decide",
    "approve_capital_business_case": "approve_capital_business_cases",
}


# What a board may do in a phase, in words (the phases' data keys them).
POWER_LABELS = {
    "advise": "Advise",
    "recommend": "Make recommendations",
    "shadow_decide": "Take shadow decisions",
    "decide": "Take binding decisions",
    "approve_capital_business_cases": "Approve capital business cases",
    "capital_plan": "Develop a capital plan",
    "broker": "Broker discussions with national bodies",
    "oversee_utilisation": "Oversee the use of the estate",
    "hold_asset_register": "Keep an asset register",
    "prioritise_sites": "Prioritise sites",
}


def power_words(key: str) -> str:
    """A power as a sentence names it: "take shadow decisions"."""
    return POWER_LABELS.get(key, key.replace("_", " ")).lower()


@dataclass(frozen=True)
class DecidingOrganisation:
    name: str
    type: str
    holds: str | None  # "original", "delegated" or None for this function


@dataclass(frozen=True)
class DecisionPower:
    binding: bool
    recommendation_to: str | None
    reasons: tuple[str, ...]
    source: str = SOURCE


def decision_power(
    *,
    phase_name: str,
    phase_powers: frozenset[str],
    decision_kind: str,
    function_name: str,
    function_holder: str,
    deciders: tuple[DecidingOrganisation, ...],
) -> DecisionPower:
    """Binding, or a recommendation to `function_holder`, and why."""
    reasons = []
    needed = BINDING_POWER.get(decision_kind, decision_kind)
    phase_allows = needed in phase_powers
    if phase_allows:
        reasons.append(
            f"In its {phase_name} phase the board may take binding decisions of this kind."
        )
    else:
        may = "; ".join(power_words(p) for p in sorted(phase_powers)) or "nothing"
        reasons.append(
            f"In its {phase_name} phase the board cannot take binding decisions of "
            f"this kind (it may: {may})."
        )
    holders = [d for d in deciders if d.holds in ("original", "delegated")]
    if holders:
        reasons.append(
            f"{function_name} is held by "
            + ", ".join(f"{d.name} ({d.holds})" for d in holders)
            + ", taking part."
        )
    else:
        reasons.append(
            f"None of the organisations taking the decision holds {function_name.lower()}"
            f"; it is held by {function_holder}."
        )
    binding = phase_allows and bool(holders)
    return DecisionPower(binding, None if binding else function_holder, tuple(reasons))
