from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "devolution.public"
    label = "public"
    verbose_name = "The public record: decisions, open data and the public site"
