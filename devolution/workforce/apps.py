from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "devolution.workforce"
    label = "workforce"
    verbose_name = "Workforce: the levy, pay supplements, living wages and indicators"

    def ready(self) -> None:
        from devolution.core.links import links_offer, reports_offer

        from .offers import organisation_figures, workforce_reports

        # Its reports on the reports index.
        reports_offer(workforce_reports)
        # Its figures on each organisation's page.
        links_offer("organisation", organisation_figures)
