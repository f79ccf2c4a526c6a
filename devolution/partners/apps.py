from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _glossary_changed(**kwargs: Any) -> None:
    from devolution.core.words import glossary_forget

    glossary_forget()


class PartnersConfig(AppConfig):
    name = "devolution.partners"
    label = "partners"
    verbose_name = "Places and partners"

    def ready(self) -> None:
        """The secretariat's "Your work" link to the authenticator apps asked for. The
        pages mark the glossary's abbreviations from the terms read once; a term stored or
        removed (a load of the glossary) makes them read again."""
        from devolution.core.links import links_offer

        from .models import GlossaryTerm
        from .offers import partners_your_work

        links_offer("your-work", partners_your_work)
        post_save.connect(_glossary_changed, sender=GlossaryTerm, dispatch_uid="glossary-save")
        post_delete.connect(_glossary_changed, sender=GlossaryTerm, dispatch_uid="glossary-delete")
