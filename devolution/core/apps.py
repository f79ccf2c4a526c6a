from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "devolution.core"
    label = "core"
    verbose_name = "Core: people, sources and audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started

        from . import checks  # noqa: F401 - registers the deployment checks
        from .logs import request_id_forget
        from .middleware import on_signed_in
        from .observability import sentry_start
        from .parameters import forget_parameters

        sentry_start()

        user_logged_in.connect(on_signed_in, dispatch_uid="devolution-session-start")
        # A request reads each parameter once, however many rows use it.
        request_started.connect(forget_parameters, dispatch_uid="devolution-parameters-start")
        request_finished.connect(forget_parameters, dispatch_uid="devolution-parameters-end")
        request_finished.connect(request_id_forget, dispatch_uid="devolution-request-id-end")
