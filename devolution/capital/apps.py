from django.apps import AppConfig


class CapitalConfig(AppConfig):
    name = "devolution.capital"
    label = "capital"
    verbose_name = "Estates: capital business cases, disposals, receipts and the capital plan"

    def ready(self) -> None:
        from devolution.core.links import links_offer, reports_offer

        from . import events
        from .offers import capital_reports, estates_pages

        # Approving a capital business case is a board's decision: meetings records it and
        # announces it, and this area writes its effect (ADR 5). It takes over governance's
        # provisional registration of the kind.
        events.register()
        # The capital plan on the reports index.
        reports_offer(capital_reports)
        # Its pages among the estates pages' links.
        links_offer("estates", estates_pages)
