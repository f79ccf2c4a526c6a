"""`devolution check-config`: is the environment fit for production? (core.deployment)"""

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from devolution.core.deployment import config_report


class Command(BaseCommand):
    help = (
        "Reads the environment as the production settings would and names every missing "
        "or unsafe setting; exits non-zero when any is an error."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        if config_report(os.environ, self.stdout):
            raise CommandError("The configuration is not fit for production.", returncode=1)
