"""Sending once: a worker that dies between the claim and the send leaves the notice to
send; a worker restarted after the mark sends nothing again; a digest is one per person
and day however often the run is repeated or cut short; the database queue's worker,
run twice, sends each e-mail once."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from devolution.meetings.models import Action
from devolution.notifications import sending
from devolution.notifications.models import Digest, Notice
from devolution.notifications.services import notify
from devolution.notifications.tasks import send_notice

from .conftest import DAY


class Crash(Exception):
    pass


def immediate(person, key="k1"):
    (notice,) = notify("ruling_needed", key, [person], f"A ruling needed {key}", "/meetings/")
    return notice


def digest_notice(person, key):
    (notice,) = notify("paper_added", key, [person], f"A paper added {key}", "/meetings/")
    assert notice.mode == "digest"
    return notice


def test_a_crash_between_claim_and_send_leaves_it_to_send(seated):
    notice = immediate(seated)
    with (
        mock.patch.object(EmailMultiAlternatives, "send", side_effect=Crash),
        pytest.raises(Crash),
    ):
        sending.send_one(notice.pk)
    notice.refresh_from_db()
    assert notice.email == "pending"  # the claim went back with the failed send
    assert mail.outbox == []
    assert sending.send_one(notice.pk) == "sent"
    # A restarted worker, or the sweep, handed the same notice: nothing more.
    assert sending.send_one(notice.pk) == "already"
    send_notice.enqueue(notice.pk)
    assert len(mail.outbox) == 1
    notice.refresh_from_db()
    assert notice.email == "sent" and notice.sent_at is not None


def test_a_failing_send_is_retried_then_given_up(seated, settings):
    settings.NOTIFY_ATTEMPTS = 3
    notice = immediate(seated)
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=Crash) as sent:
        result = send_notice.enqueue(notice.pk)
    assert sent.call_count == 3  # tried, and tried again (the immediate backend runs retries now)
    assert result.return_value == "retry"  # the first try; the last one gave up
    notice.refresh_from_db()
    assert notice.email == "failed" and notice.attempts == 3
    assert mail.outbox == []


def test_one_notice_per_person_and_key(seated):
    immediate(seated, "same")
    assert notify("ruling_needed", "same", [seated, seated], "Again", "") == []
    assert Notice.objects.filter(person=seated).count() == 1


def test_digests_are_grouped_by_person_and_sent_once_under_a_crash(seated, bob):
    for key in ("a", "b", "c"):
        digest_notice(seated, key)
    digest_notice(bob, "d")
    with (
        mock.patch.object(EmailMultiAlternatives, "send", side_effect=Crash),
        pytest.raises(Crash),
    ):
        sending.send_digests(DAY)
    # The crash took back the digest row and every mark with it.
    assert not Digest.objects.exists()
    assert Notice.objects.filter(email="pending").count() == 4
    assert sending.send_digests(DAY) == 2
    assert sending.send_digests(DAY) == 0  # the worker restarted: nothing again
    assert len(mail.outbox) == 2
    (alices,) = [m for m in mail.outbox if seated.email in m.to]
    for key in ("a", "b", "c"):
        assert f"A paper added {key}" in alices.body
    assert "A paper added d" not in alices.body
    assert Digest.objects.get(person=seated, day=DAY).count == 3


def test_a_notice_after_the_days_digest_waits_for_the_next(seated):
    digest_notice(seated, "a")
    assert sending.send_digests(DAY) == 1
    digest_notice(seated, "b")
    assert sending.send_digests(DAY) == 0
    assert sending.send_digests(DAY + dt.timedelta(days=1)) == 1
    assert "A paper added b" in mail.outbox[1].body
    assert "A paper added a" not in mail.outbox[1].body


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_database_queue_worker_run_twice_sends_once(seated, django_capture_on_commit_callbacks):
    with override_settings(TASKS=DATABASE_QUEUE):
        with django_capture_on_commit_callbacks(execute=True):
            notice = immediate(seated)
        assert DBTaskResult.objects.count() == 1  # queued, not sent
        assert mail.outbox == []
        # The same task queued twice (the sweep after a restart), and the worker run twice.
        send_notice.enqueue(notice.pk)
        # The worker closes "old" connections between tasks; inside the test's transaction
        # on PostgreSQL that would close the test's own (a real worker holds none).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            for _ in range(2):
                call_command(
                    "db_worker", batch=True, startup_delay=False, reload=False, verbosity=0
                )
        assert len(mail.outbox) == 1
        assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_an_action_given_to_an_organisation_tells_its_people(seated, meeting, reader):
    Action.objects.create(
        item=meeting.items.get(),
        text="Share the site list",
        owner_organisation=seated.memberships.get().organisation,
    )
    told = set(
        Notice.objects.filter(kind="action_assigned").values_list("person__email", flat=True)
    )
    assert told == {seated.email, reader.email}


REDIS_QUEUE_URL = "redis://127.0.0.1:6379/7"


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_QUEUE_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="Redis does not answer on 127.0.0.1:6379")
def test_the_redis_queue_worker_run_twice_sends_once(seated, django_capture_on_commit_callbacks):
    """The queue of a deployment of several machines (TASKS_BACKEND=rq): the task goes to
    Redis, and a worker (rq's, in this process, as `devolution rqworker` runs it) sends
    the e-mail once though the task is queued twice and the worker run twice."""
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    rq_queue = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=rq_queue, RQ_QUEUES={"default": {"URL": REDIS_QUEUE_URL}}):
        queue = django_rq.get_queue("default", job_class=Job)
        queue.connection.flushdb()
        with django_capture_on_commit_callbacks(execute=True):
            notice = immediate(seated)
        assert queue.count == 1 and mail.outbox == []  # queued in Redis, not sent
        send_notice.enqueue(notice.pk)
        for _ in range(2):
            SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
        assert len(mail.outbox) == 1
        assert queue.count == 0
        queue.connection.flushdb()
