from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "devolution.governance"
    label = "governance"
    verbose_name = "Governance: boards, phases, functions and the legal framework"

    def ready(self) -> None:
        from . import events

        events.register()
