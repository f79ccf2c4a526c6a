from typing import Any

from django.core.management.base import BaseCommand

from devolution.estates.demo import demo_estates_fill


class Command(BaseCommand):
    help = (
        "Add the invented estates demo set (40 made-up sites, a made-up utilisation policy "
        "and ranking criteria), marked as demo data; running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for line in demo_estates_fill():
            self.stdout.write(line)
