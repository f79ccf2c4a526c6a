"""What every rule gives back: a verdict with the reasons, each naming its rule and source."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class VerdictReason:
    rule_id: str
    message: str
    source: str


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reasons: tuple[VerdictReason, ...] = field(default_factory=tuple)

    @classmethod
    def allow(cls, *reasons: VerdictReason) -> "Verdict":
        return cls(True, tuple(reasons))

    @classmethod
    def refuse(cls, *reasons: VerdictReason) -> "Verdict":
        return cls(False, tuple(reasons))
