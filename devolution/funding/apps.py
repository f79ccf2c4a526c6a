from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "devolution.funding"
    label = "funding"
    verbose_name = "Funds, bids, assurance, allocations and contributions"

    def ready(self) -> None:
        from devolution.core.links import reports_offer

        from . import events, offers

        # An allocation is a board's decision: meetings records it and announces it, and
        # this area writes its effect (ADR 5). It takes over governance's provisional
        # registration of the kind.
        events.register()
        reports_offer(offers.funds_reports)
