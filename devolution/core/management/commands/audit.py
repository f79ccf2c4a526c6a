from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from devolution.core.services import audit_verify


class Command(BaseCommand):
    help = "The audit record. `audit verify` checks the hash chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.intact:
            raise CommandError(
                f"The audit chain is broken at event {report.first_broken_id}: {report.problem}."
            )
        self.stdout.write(f"The audit chain is intact: {report.events} events verified.")
