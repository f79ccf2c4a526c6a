from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "devolution.core"
    label = "core"
    verbose_name = "Core: people, sources and audit"
