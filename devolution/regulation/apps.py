from django.apps import AppConfig


class RegulationConfig(AppConfig):
    name = "devolution.regulation"
    label = "regulation"
    verbose_name = "Regulation: the regulator matrix, returns and reporting calendars"
