from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The speed bars of QUALITY.md, measured by `devolution bench`; no models of its own."""

    name = "devolution.bench"
    label = "bench"
    verbose_name = "Bench"
