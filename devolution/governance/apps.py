from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "devolution.governance"
    label = "governance"
    verbose_name = "Governance: boards, phases, functions and the legal framework"

    def ready(self) -> None:
        from devolution.core.links import links_offer, reports_offer

        from . import events, offers

        events.register()
        links_offer("board", offers.board_reports)
        links_offer("your-work", offers.governance_your_work)
        reports_offer(offers.governance_reports)
