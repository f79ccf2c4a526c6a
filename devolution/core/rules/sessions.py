"""When a signed-in session ends (QUALITY S3)."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SessionState:
    signed_in_at: datetime
    last_seen_at: datetime


def session_end_reason(
    state: SessionState, now: datetime, *, idle: timedelta, absolute: timedelta
) -> str | None:
    """Why the session must end now, or None while it may go on.

    A session ends after `idle` without a request, and `absolute` after sign-in
    whatever the activity.
    """
    if now - state.signed_in_at >= absolute:
        return "absolute"
    if now - state.last_seen_at >= idle:
        return "idle"
    return None
