"""The pure rules shared by every area: no Django here."""

from .base import Verdict, VerdictReason
from .parameters import DatedValue, at
from .sessions import SessionState, session_end_reason

__all__ = ["DatedValue", "SessionState", "Verdict", "VerdictReason", "at", "session_end_reason"]
