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

        from devolution.core.links import item_offer, links_offer, reports_offer

        from . import assurance_offers
        from .bid_page import bid_section
        from .selectors import assurance as assurance_selectors

        # The Mayor's six assurances (SPEC §11): under the agenda item where a proposal is
        # decided, on a bid's page, on the reports index and in the staff's navigation.
        item_offer(assurance_offers.item_assurance, assurance_selectors.ITEM_COLUMNS)
        bid_section("funding/_bid_assurance.jinja", assurance_offers.bid_assurance)
        reports_offer(assurance_offers.assurance_reports)
        links_offer("your-work", assurance_offers.assurance_your_work)
