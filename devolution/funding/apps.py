from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "devolution.funding"
    label = "funding"
    verbose_name = "Funds, bids, assurance, allocations and contributions"

    def ready(self) -> None:
        from . import events

        # An allocation is a board's decision: meetings records it and announces it, and
        # this area writes its effect (ADR 5). It takes over governance's provisional
        # registration of the kind.
        events.register()

        from .bid_page import bid_section
        from .views.allocations import bid_allocation_section

        # Where the bid stands with its board: its item, decision and allocation.
        bid_section("funding/_bid_allocation.jinja", bid_allocation_section)
