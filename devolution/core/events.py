"""Board decisions as events (ADR 5): a decision recorded at a meeting is announced as a
typed, frozen `DecisionTaken`, and the app that owns the decision's effect handles it
in the same transaction.

Apps register the kinds of decision they own (a key, a label a person reads, and the
handler of the effect) in their AppConfig.ready(). `meetings` records decisions and
knows no kind's effect: a phase move is governance's, an allocation will be funding's.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from .models import User


@dataclass(frozen=True)
class DecisionTaken:
    """A decision just recorded on an agenda item, as the handlers of its kind see it."""

    decision_id: int
    item_id: int
    item_title: str
    meeting_key: str
    meeting_date: dt.date
    board_key: str
    kind: str
    outcome: str  # agreed | not_agreed | deferred
    binding: bool | None  # None: no function is named, so no power is derived
    recommendation_to: str  # whom a recommendation goes to, when not binding
    resolution: str  # the resolution as minuted
    subject: Mapping[str, str]  # what the item names, e.g. {"gateway_phase": "decision_making"}
    actor: User  # who recorded it

    def __post_init__(self) -> None:
        object.__setattr__(self, "subject", MappingProxyType(dict(self.subject)))

    @property
    def agreed(self) -> bool:
        return self.outcome == "agreed"


Handler = Callable[[DecisionTaken], None]


@dataclass(frozen=True)
class DecisionKind:
    key: str
    label: str  # what a person reads, e.g. "Moving the board to the phase the item names"
    handler: Handler | None = None  # None: a decision with no effect beyond its record
    provisional: bool = False  # held for the area that will own its effect, which takes it over


_KINDS: dict[str, DecisionKind] = {}


def register_decision_kind(
    key: str, label: str, handler: Handler | None = None, *, provisional: bool = False
) -> None:
    """Called by the app that owns the kind, from its AppConfig.ready(); a key is
    registered once (a second app claiming it is a configuration error), except that a
    provisional kind (recorded before the area owning its effect exists) is taken over by
    that area's registration."""
    kind = DecisionKind(key, label, handler, provisional)
    existing = _KINDS.get(key)
    if existing is not None and existing.provisional and not provisional:
        _KINDS[key] = kind
        return
    if existing is not None and kind.provisional and not existing.provisional:
        return
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"The decision kind {key!r} is registered twice.")
    _KINDS[key] = kind


def decision_kinds() -> tuple[DecisionKind, ...]:
    """Every registered kind, in the order the apps registered them."""
    return tuple(_KINDS.values())


def decision_kind(key: str) -> DecisionKind | None:
    return _KINDS.get(key)


def decision_taken(event: DecisionTaken) -> None:
    """Run the handler of the event's kind. It must run inside the transaction that
    recorded the decision, so that a handler's refusal takes the decision back with it."""
    if not connection.in_atomic_block:
        raise RuntimeError("decision_taken must run inside the transaction of the decision")
    kind = _KINDS.get(event.kind)
    if kind is None:
        raise ImproperlyConfigured(f"No app registers the decision kind {event.kind!r}.")
    if kind.handler is not None:
        kind.handler(event)
