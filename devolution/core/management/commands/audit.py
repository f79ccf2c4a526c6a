from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.core.services import audit_verify


class Command(BaseCommand):
    help = (
        "The audit record. `audit verify` recomputes the keyed hash chain end to end and "
        "holds its head against the signed checkpoint."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.intact:
            raise CommandError(f"The audit chain is broken: {report.problem}.")
        held = (
            f"; its head is held by the checkpoint at event {report.checkpoint.event_id}"
            if report.checkpoint is not None
            else "; no checkpoint yet (one is written with the next change)"
        )
        self.stdout.write(f"The audit chain is intact: {report.events} events verified{held}.")
