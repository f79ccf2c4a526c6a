"""Notifications (SPEC §15): what each person chose, each notice (on the site, and the
outbox row its e-mail is sent from, once), the digests sent, and calendar feed tokens."""

import secrets

from django.conf import settings
from django.db import models

from .rules.kinds import KINDS, MODES

PERSON = settings.AUTH_USER_MODEL
KIND_CHOICES = [(k.key, k.label) for k in KINDS]


class Preference(models.Model):
    """A person's choice for one kind; a kind without a row goes as its default."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    mode = models.CharField(max_length=10, choices=[(m, m) for m in MODES])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="notify_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.mode}"


class Digest(models.Model):
    """One day's digest for one person: made once, the notices it carried marked in the
    same transaction as its row."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="notify_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.day}"


class Notice(models.Model):
    """A notice to one person, once per (person, key): shown on the site, and the outbox
    row its e-mail is sent from. `email` moves pending -> sent in the transaction that
    sends it, so a worker that dies mid-send leaves it pending, never sent twice by a
    worker that restarts after the mark."""

    class Email(models.TextChoices):
        PENDING = "pending", "To send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Given up"

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="notices")
    key = models.CharField(max_length=120)  # e.g. agenda_published:meeting-key
    kind = models.CharField(max_length=30, choices=KIND_CHOICES)
    mode = models.CharField(max_length=10)  # immediate | digest, as chosen when made
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=10, choices=Email.choices, default=Email.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        Digest, null=True, blank=True, on_delete=models.SET_NULL, related_name="notices"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="notify_notice_once")]
        indexes = [
            models.Index(fields=["email", "mode"], name="notify_outbox_idx"),
            # A person's notices newest first, a page at a time, and their unread count:
            # read from the index, not by sorting or counting every notice of everyone.
            models.Index(
                "person",
                models.F("created_at").desc(),
                models.F("id").desc(),
                name="notify_person_idx",
            ),
            models.Index(fields=["person", "read_at"], name="notify_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in a person's calendar feed address; revoked, the address is a 404."""

    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.person}'s calendar ({'revoked' if self.revoked_at else 'live'})"
