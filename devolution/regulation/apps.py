from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "devolution.regulation"
    label = "regulation"
    verbose_name = "Regulation: the regulator matrix, returns and reporting calendars"

    def ready(self) -> None:
        from devolution.core.links import links_offer, reports_offer

        from .offers import organisation_calendar, regulation_reports

        # Its reports on the reports index.
        reports_offer(regulation_reports)
        # Its reporting calendar on each organisation's page.
        links_offer("organisation", organisation_calendar)
