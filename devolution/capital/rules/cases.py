"""A business case's states and who moves it between them (SPEC §12): its keepers submit
and withdraw it; only a board's decision advises on, approves or rejects it."""

SOURCE = "Devolution's rules for capital business cases (SPEC §12)"

# The moves a case's keepers make themselves.
KEEPER_MOVES = {
    "submit": ({"draft"}, "submitted"),
    "withdraw": ({"draft", "submitted", "advised"}, "withdrawn"),
}
# A board decides on a case that is submitted, or that it has advised on and may now
# decide itself (once its route is approval).
DECIDABLE = frozenset({"submitted", "advised"})
EDITABLE = frozenset({"draft"})


def move_refusal(state: str, move: str) -> str:
    if move not in KEEPER_MOVES:
        return "Choose submit or withdraw."
    allowed, _ = KEEPER_MOVES[move]
    if state not in allowed:
        return (
            f"A case that is {state} cannot be {'submitted' if move == 'submit' else 'withdrawn'}."
        )
    return ""
