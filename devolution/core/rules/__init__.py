"""The pure rules shared by every area: no Django here."""

from .base import Verdict, VerdictReason
from .sessions import SessionState, session_end_reason

__all__ = ["SessionState", "Verdict", "VerdictReason", "session_end_reason"]
