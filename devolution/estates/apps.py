from django.apps import AppConfig


class EstatesConfig(AppConfig):
    name = "devolution.estates"
    label = "estates"
    verbose_name = "Estates: the asset register, utilisation and prioritised sites"
