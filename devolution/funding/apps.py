from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "devolution.funding"
    label = "funding"
    verbose_name = "Funds, bids, assurance, allocations and contributions"

    def ready(self) -> None:
        from devolution.core.links import links_offer

        from . import events
        from .offers import bids_your_work

        # An allocation is a board's decision: meetings records it and announces it, and
        # this area writes its effect (ADR 5). It takes over governance's provisional
        # registration of the kind.
        events.register()
        links_offer("your-work", bids_your_work)

        from .bid_page import bid_section
        from .views.allocations import bid_allocation_section

        # Where the bid stands with its board: its item, decision and allocation.
        bid_section("funding/_bid_allocation.jinja", bid_allocation_section)

        from devolution.core.links import links_offer

        from . import bid_page
        from .selectors.framework import bid_scores_section, board_framework_link

        links_offer("board", board_framework_link)
        bid_page.bid_section("funding/_bid_scores.jinja", bid_scores_section)
