"""The central register of interests and the declarations made at meetings (SPEC §9).

Models of the meetings app (label `meetings`, the same tables), kept with the rest of the
register; a declaration names its meeting and item by the app's model names, so this
module needs nothing of meetings/models.py, which re-exports these two."""

from typing import Any

from django.conf import settings
from django.db import models

from devolution.core.models import Versioned, next_number
from devolution.partners.models import Organisation, Partnership

PERSON = settings.AUTH_USER_MODEL


class Interest(Versioned):
    """The central register of interests: a member's declared interest (SPEC §9)."""

    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="interests")
    # The entry's stable key within its person's register (1, 2, 3 … in the order they
    # were declared): the API addresses it as /interests/<person's email>/<number>.
    number = models.PositiveIntegerField(blank=True, editable=False)
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
        constraints = [
            models.UniqueConstraint(
                fields=["person", "number"], name="interest_number_unique_per_person"
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new entry takes the next number of its person's register; the services
        # declare with the person's row locked, so two never take the same.
        if self.number is None:
            self.number = next_number(Interest.objects.filter(person_id=self.person_id))
        super().save(*args, **kwargs)


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
