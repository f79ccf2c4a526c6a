"""The errors a service raises. Pages show them beside the field; the API returns them as JSON."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from devolution.core.rules import Verdict


class DevolutionError(Exception):
    """Base for every error a person is meant to read."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"message": self.message}
        if self.field:
            body["field"] = self.field
        return body


class RuleViolation(DevolutionError):
    """A rule of SPEC.md refused the change; carries the rule's id and its source."""

    status = 409

    def __init__(
        self, rule_id: str, message: str, source: str, *, field: str | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.rule_id = rule_id
        self.source = source

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "rule_id": self.rule_id, "source": self.source}

    @classmethod
    def refusing(cls, verdict: "Verdict", *, field: str | None = None) -> "RuleViolation":
        """The refusal of a pure rule's verdict, with its first reason's id and source."""
        reason = verdict.reasons[0]
        return cls(reason.rule_id, reason.message, reason.source, field=field)


class InvalidInput(DevolutionError):
    """Input that cannot be used, with every problem found, each naming where it is."""

    status = 400

    def __init__(self, problems: list["Problem"]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.text() for p in problems), field=None)

    def as_dict(self) -> dict[str, object]:
        return {
            "message": self.message,
            "problems": [p.__dict__ for p in self.problems],
        }


@dataclass(frozen=True)
class Problem:
    message: str
    field: str | None = None
    row: int | None = None

    def text(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class NotAllowed(DevolutionError):
    """The person may not do this (QUALITY S1)."""

    status = 403


class NotFound(DevolutionError):
    status = 404


class StaleEdit(DevolutionError):
    """Someone else saved this record first; nothing was overwritten (QUALITY R2)."""

    status = 409
