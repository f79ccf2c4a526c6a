"""Phases and gateways (SPEC §4): a board moves forward one phase at a time, only when
every criterion of that phase's gateway is met; it may move back; both by resolution."""

import datetime as dt
from dataclasses import dataclass

from devolution.core.rules import Verdict, VerdictReason

SOURCE = (
    "Paragraph 6.1 of the Strategic Partnership Board paper of 22 March 2018 (gateways "
    "'to ensure that governance and accountability mechanisms are sufficiently robust to "
    "proceed to the next phase')"
)
MET = "met"


@dataclass(frozen=True)
class CriterionFact:
    key: str
    text: str
    status: str
    # Read into the sources by the data set, not stated in them: not met until resolved.
    inferred: bool = False

    @property
    def met(self) -> bool:
        return self.status == MET and not self.inferred

    @property
    def shown(self) -> str:
        return "inferred, not stated in the sources" if self.inferred else self.status


def phase_move_verdict(
    current_order: int | None, target_order: int, gateway: tuple[CriterionFact, ...]
) -> Verdict:
    """May the board move from the phase at `current_order` to the one at `target_order`?"""
    if current_order == target_order:
        return Verdict.refuse(
            VerdictReason("GOV-PHASE-SAME", "The board is already in this phase.", SOURCE)
        )
    if current_order is not None and target_order < current_order:
        return Verdict.allow(
            VerdictReason(
                "GOV-PHASE-BACK", "A board may move back to an earlier phase by resolution.", SOURCE
            )
        )
    if current_order is not None and target_order > current_order + 1:
        return Verdict.refuse(
            VerdictReason(
                "GOV-PHASE-ONE-AT-A-TIME",
                "A board enters phases one at a time: move to the next phase first.",
                SOURCE,
            )
        )
    unmet = [c for c in gateway if not c.met]
    if unmet:
        listed = "; ".join(f"{c.text} ({c.shown.replace('_', ' ')})" for c in unmet)
        return Verdict.refuse(
            VerdictReason(
                "GOV-GATEWAY-UNMET",
                f"{len(unmet)} of the {len(gateway)} gateway criteria are not met: {listed}.",
                SOURCE,
            )
        )
    return Verdict.allow(
        VerdictReason("GOV-GATEWAY-MET", "Every criterion of the gateway is met.", SOURCE)
    )


@dataclass(frozen=True)
class Resolution:
    """A resolution of a board's meeting: what moves a phase or a gateway criterion."""

    meeting_key: str
    board_key: str  # the board whose meeting resolved it
    date: dt.date
    text: str


BY_RESOLUTION_SOURCE = (
    "Devolution's rules for phases: a board moves to the next phase only by a resolution at "
    "one of its meetings; a role elsewhere gives no power over this board"
)


def resolution_verdict(board_key: str, resolution: Resolution) -> Verdict:
    """Only a resolution of the board's own meeting changes its phase or its gateway."""
    if resolution.board_key != board_key:
        return Verdict.refuse(
            VerdictReason(
                "GOV-RESOLUTION-OTHER-BOARD",
                "Only a resolution of this board's own meeting changes its phase or its "
                "gateway criteria; the resolution named is another board's.",
                BY_RESOLUTION_SOURCE,
            )
        )
    if not resolution.text.strip():
        return Verdict.refuse(
            VerdictReason(
                "GOV-RESOLUTION-TEXT",
                "Give the resolution that decided it: what the board resolved.",
                BY_RESOLUTION_SOURCE,
            )
        )
    return Verdict.allow(
        VerdictReason("GOV-RESOLUTION", "Resolved at a meeting of the board.", BY_RESOLUTION_SOURCE)
    )
