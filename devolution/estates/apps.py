from django.apps import AppConfig


class EstatesConfig(AppConfig):
    name = "devolution.estates"
    label = "estates"
    verbose_name = "Estates: the asset register, utilisation and prioritised sites"

    def ready(self) -> None:
        from devolution.core.links import links_offer

        from .offers import estates_your_work

        # The register, its import and the ranked sites in an estates lead's "Your work".
        links_offer("your-work", estates_your_work)
