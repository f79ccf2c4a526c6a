from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "devolution.core"
    label = "core"
    verbose_name = "Core: people, sources and audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import on_signed_in

        user_logged_in.connect(on_signed_in, dispatch_uid="devolution-session-start")
