from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "devolution.commitments"
    label = "commitments"
    verbose_name = "MoU commitments, progress and work programme"

    def ready(self) -> None:
        from devolution.core.links import links_offer, reports_offer

        from . import offers
        from .selectors import board_work_programme_link

        links_offer("board", board_work_programme_link)
        links_offer("your-work", offers.commitments_your_work)
        reports_offer(offers.commitments_reports)
