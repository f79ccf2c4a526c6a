"""What kind of decision a board took, in the register's four words (SPEC §15), and the
licence the public record is published under. Pure: the facts come from the decision's
own fields (its registered kind, and whether its item names a phase to move to)."""

PHASE_MOVE = "phase_move"
ALLOCATION = "allocation"
BUSINESS_CASE = "business_case"
OTHER = "other"

KINDS: dict[str, str] = {
    PHASE_MOVE: "Phase move",
    ALLOCATION: "Funding allocation",
    BUSINESS_CASE: "Capital business case",
    OTHER: "Other",
}

# The decision kinds the areas register (core.events) that fall under each word; a
# decision of another kind is "other" unless its item names a phase to move to.
REGISTERED: dict[str, tuple[str, ...]] = {
    PHASE_MOVE: ("phase_move",),
    ALLOCATION: ("allocate_funding",),
    BUSINESS_CASE: ("approve_capital_business_case",),
}

BINDING = {"binding": True, "recommendation": False}
BINDING_WORDS = {True: "Binding", False: "Recommendation", None: "Unknown"}

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def decision_kind(registered: str, names_phase: bool) -> str:
    """The register's kind of a decision of `registered` kind, whose item names a phase
    to move to or not: a phase named makes it a phase move, as the London data records
    the SPB's move to shadow decision-making (a decision of the default kind)."""
    if names_phase:
        return PHASE_MOVE
    for kind, keys in REGISTERED.items():
        if registered in keys:
            return kind
    return OTHER
