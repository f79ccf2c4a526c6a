from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "devolution.funding"
    label = "funding"
    verbose_name = "Funds, bids, assurance, allocations and contributions"

    def ready(self) -> None:
        from devolution.core.links import links_offer, reports_offer

        from . import events
        from .bid_page import bid_section
        from .offers import bids as bid_offers
        from .offers import giving as giving_offers
        from .offers import places as place_offers
        from .selectors.framework import bid_scores_section, board_framework_link
        from .views.allocations import bid_allocation_section

        # An allocation and the agreement of an investment framework are a board's
        # decisions: meetings records them and announces them, and this area writes their
        # effect (ADR 5). It takes over governance's provisional registration of the first.
        events.register()

        # Applicants' and assessors' bids in "Your work"; a board's investment framework
        # on its page; funding's reports on the reports index.
        links_offer("your-work", bid_offers.bids_your_work)
        links_offer("board", board_framework_link)
        reports_offer(place_offers.places_reports)
        reports_offer(giving_offers.giving_reports)

        # What a bid's page shows beside the bid: its scores against the framework and
        # where it stands with its board (its item, decision and allocation).
        bid_section("funding/_bid_scores.jinja", bid_scores_section)
        bid_section("funding/_bid_allocation.jinja", bid_allocation_section)
