"""Regulation's writes that more than one writer shares. The register itself is written by
its import (transfer.register_import), the demo register (demo) and the bench's England
register; each ends with data_items_recount."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from .models import DataItem, Return


def data_items_recount() -> None:
    """Keep each data item's count of the regulators asking it (DataItem.regulators): one
    UPDATE over the items, run in the writer's transaction after it has written returns
    or their items, so a page reading the items asked twice never counts the register."""
    asking = (
        Return.items.through.objects.filter(dataitem_id=OuterRef("pk"))
        .order_by()
        .values("dataitem_id")
        .annotate(n=Count("return__regulator_id", distinct=True))
        .values("n")  # type: ignore[misc]  # django-stubs cannot see an annotation here
    )
    DataItem.objects.update(regulators=Coalesce(Subquery(asking), 0))
