"""`devolution send-digests`: the daily run of notifications (SPEC §15). Notices of the
actions coming due and of commitments stale before their board meets, then each person's
digest for the day, once per person and day however often it runs; and any immediate
notice left unsent (a worker that died mid-send) is sent. From the hour NOTIFY_DIGEST_HOUR
(London time) on, unless a day is named; run it hourly (`make run` does) or from cron."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from devolution.notifications import sending
from devolution.notifications.tasks import send_digests, send_notice


class Command(BaseCommand):
    help = "Send the day's notification digests (once per person and day) and any unsent notices."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day", help="The day, YYYY-MM-DD (default today, from the digest hour)"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the work to the task worker instead"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.localtime()
        if options["day"]:
            try:
                day = dt.date.fromisoformat(options["day"])
            except ValueError as exc:
                raise CommandError(
                    f"--day: {options['day']!r} is not a date as YYYY-MM-DD."
                ) from exc
        elif now.hour < settings.NOTIFY_DIGEST_HOUR:
            day = None
        else:
            day = now.date()
        unsent = sending.pending_immediate()
        for pk in unsent:
            send_notice.enqueue(pk)
        if day is None:
            hour = settings.NOTIFY_DIGEST_HOUR
            self.stdout.write(f"{len(unsent)} unsent notices queued; digests from {hour}:00.")
            return
        if options["enqueue"]:
            send_digests.enqueue(day.isoformat())
            self.stdout.write(f"Digests for {day} queued.")
            return
        sending.actions_due(day)
        sending.commitments_stale(day)
        sent = sending.send_digests(day)
        self.stdout.write(f"{sent} digests sent for {day}; {len(unsent)} unsent notices queued.")
