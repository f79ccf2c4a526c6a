from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "devolution.search"
    label = "search"
    verbose_name = "Search across the registers and papers"

    def ready(self) -> None:
        from .services import connect

        connect()
