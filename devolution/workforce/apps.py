from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "devolution.workforce"
    label = "workforce"
    verbose_name = "Workforce: the levy, pay supplements, living wages and indicators"
