"""The central register of interests and the declarations made at meetings (SPEC §9).

Models of the meetings app (label `meetings`, the same tables), kept with the rest of the
register; a declaration names its meeting and item by the app's model names, so this
module needs nothing of meetings/models.py, which re-exports these two."""

from django.conf import settings
from django.db import models

from devolution.core.models import Versioned
from devolution.partners.models import Organisation, Partnership

PERSON = settings.AUTH_USER_MODEL


class Interest(Versioned):
    """The central register of interests: a member's declared interest (SPEC §9)."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="interests")
    kind = models.CharField(max_length=60)  # e.g. employment, directorship, pecuniary
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(blank=True)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["person", "start"]


class Declaration(models.Model):
    """A declaration made at the start of a meeting, recorded against the register."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="declarations"
    )
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT)
    interest = models.ForeignKey(Interest, null=True, blank=True, on_delete=models.PROTECT)
    text = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:60]}"
