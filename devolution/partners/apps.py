from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "devolution.partners"
    label = "partners"
    verbose_name = "Places and partners"
