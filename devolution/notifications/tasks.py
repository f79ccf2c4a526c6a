"""The background tasks (Django's task framework, the django-tasks backport): sending one
notice's e-mail, with retries, and the daily digests."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import sending

RETRY_AFTER = dt.timedelta(minutes=5)


@task()
def send_notice(notice_id: int) -> str:
    """Send one notice's e-mail once; a failure is tried again later, up to NOTIFY_ATTEMPTS."""
    try:
        return sending.send_one(notice_id)
    except Exception:
        if sending.failed(notice_id):
            later = send_notice
            if later.get_backend().supports_defer:
                later = later.using(run_after=timezone.now() + RETRY_AFTER)
            later.enqueue(notice_id)
            return "retry"
        return "given up"


@task()
def send_digests(day: str) -> int:
    """The day's notices of actions coming due, then every person's digest for the day."""
    on = dt.date.fromisoformat(day)
    sending.actions_due(on)
    sending.commitments_stale(on)
    return sending.send_digests(on)
