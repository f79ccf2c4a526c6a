"""The session rule, with no database: idle and absolute expiry (QUALITY S3)."""

from datetime import UTC, datetime, timedelta

import pytest

from devolution.core.rules import SessionState, session_end_reason

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
IDLE = timedelta(minutes=30)
ABSOLUTE = timedelta(hours=10)


@pytest.mark.parametrize(
    ("signed_in", "last_seen", "now", "reason"),
    [
        (T0, T0, T0 + timedelta(minutes=29), None),
        (T0, T0, T0 + timedelta(minutes=30), "idle"),
        (T0, T0 + timedelta(hours=9, minutes=50), T0 + timedelta(hours=9, minutes=59), None),
        (T0, T0 + timedelta(hours=9, minutes=59), T0 + timedelta(hours=10), "absolute"),
        (T0, T0 + timedelta(hours=9), T0 + timedelta(hours=11), "absolute"),
    ],
)
def test_session_ends_when_idle_or_too_old(signed_in, last_seen, now, reason):
    state = SessionState(signed_in_at=signed_in, last_seen_at=last_seen)
    assert session_end_reason(state, now, idle=IDLE, absolute=ABSOLUTE) == reason
