"""`devolution search-rebuild`: write the whole search index again."""

from typing import Any

from django.core.management.base import BaseCommand

from devolution.search.services import rebuild
from devolution.search.sources import SOURCES


class Command(BaseCommand):
    help = "Write the search index again from every register and paper (SPEC §15)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--kind", action="append", choices=sorted(SOURCES), default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rebuild(options["kind"])
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} entries")
        self.stdout.write(f"The search index holds {sum(counts.values())} entries.")
