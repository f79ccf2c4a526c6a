"""The kinds of notification a person may choose, and how each reaches them (pure)."""

from dataclasses import dataclass

IMMEDIATE = "immediate"
DIGEST = "digest"
OFF = "off"
MODES = (IMMEDIATE, DIGEST, OFF)
MODE_LABELS = {
    IMMEDIATE: "An e-mail straight away",
    DIGEST: "One e-mail a day, with the rest",
    OFF: "Nothing",
}


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    default: str  # immediate | digest


KINDS = (
    Kind("agenda_published", "An agenda published for a board you sit on", IMMEDIATE),
    Kind("paper_added", "A paper added to a meeting of a board you sit on", DIGEST),
    Kind("declaration_review", "A declaration of interests you must review", IMMEDIATE),
    Kind("action_assigned", "An action given to you or your organisation", IMMEDIATE),
    Kind("action_due", "An action of yours or your organisation's coming due", DIGEST),
    Kind(
        "commitment_stale",
        "A commitment of yours whose update is stale before its board meets",
        DIGEST,
    ),
    Kind("bid_state", "A bid's state changing", IMMEDIATE),
    Kind("ruling_needed", "A ruling needed from you as chair", IMMEDIATE),
)
KIND_KEYS = tuple(k.key for k in KINDS)
BY_KEY = {k.key: k for k in KINDS}


def mode_for(kind: str, chosen: dict[str, str]) -> str:
    """How a notice of `kind` reaches a person who chose `chosen` (kind -> mode); a kind
    they never chose goes as its default."""
    if kind not in BY_KEY:
        raise ValueError(f"unknown kind {kind!r}")
    return chosen.get(kind, BY_KEY[kind].default)


def due_soon(days_left: int, window: int) -> bool:
    """An open action is coming due from `window` days before its due day to the day."""
    return 0 <= days_left <= window
