from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "devolution.funding"
    label = "funding"
    verbose_name = "Funds, bids, assurance, allocations and contributions"

    def ready(self) -> None:
        from devolution.core.links import item_offer, links_offer, reports_offer

        from . import events
        from .bid_page import bid_section
        from .offers import assurance as assurance_offers
        from .offers import bids as bid_offers
        from .offers import funds as fund_offers
        from .offers import giving as giving_offers
        from .offers import places as place_offers
        from .selectors import assurance as assurance_selectors
        from .selectors.framework import bid_scores_section, board_framework_link
        from .views.allocations import bid_allocation_section

        # An allocation and the agreement of an investment framework are a board's
        # decisions: meetings records them and announces them, and this area writes their
        # effect (ADR 5). It takes over governance's provisional registration of the first.
        events.register()

        # Applicants' and assessors' bids and the proposals to assess in "Your work"; a
        # board's investment framework on its page; funding's reports on the reports index.
        links_offer("your-work", bid_offers.bids_your_work)
        links_offer("your-work", assurance_offers.assurance_your_work)
        links_offer("board", board_framework_link)
        reports_offer(fund_offers.funds_reports)
        reports_offer(assurance_offers.assurance_reports)
        reports_offer(place_offers.places_reports)
        reports_offer(giving_offers.giving_reports)

        # The Mayor's six assurances (SPEC §11) under the agenda item where a proposal is
        # decided.
        item_offer(assurance_offers.item_assurance, assurance_selectors.ITEM_COLUMNS)

        # What a bid's page shows beside the bid: its assurance, its scores against the
        # framework and where it stands with its board (its item, decision and allocation).
        bid_section("funding/_bid_assurance.jinja", assurance_offers.bid_assurance)
        bid_section("funding/_bid_scores.jinja", bid_scores_section)
        bid_section("funding/_bid_allocation.jinja", bid_allocation_section)
