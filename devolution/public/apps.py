from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "devolution.public"
    label = "public"
    verbose_name = "The public record: decisions, open data and the public site"

    def ready(self) -> None:
        from devolution.core.links import home_offer

        from . import offers

        home_offer("everyone", offers.public_record_home)
