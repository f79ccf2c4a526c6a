"""People, the sources every figure cites, and the append-only audit record."""

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        if not email:
            raise ValueError("A person needs an email address to sign in.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in. What they may change follows from their memberships."""

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Source(models.Model):
    """Where a record or figure comes from: a seed paper or a public register."""

    class Kind(models.TextChoices):
        SEED = "seed", "Board paper"
        REGISTER = "register", "Public register"
        PUBLICATION = "publication", "Public document"
        ENTERED = "entered", "Entered by a user"

    key = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reference = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title

    @property
    def link(self) -> str:
        """Where a reader finds the source: its web address. A board paper's reference is
        the file the data's maintainers read it from, for them, never shown."""
        return self.reference if self.reference.startswith(("https://", "http://")) else ""


class AuditScheme(models.TextChoices):
    """How an event's hash is made (ADR 2). Events written before the chain was keyed keep
    their plain SHA-256; every event since is keyed, and none unkeyed may follow them."""

    SHA256 = "sha256", "SHA-256, written before the chain was keyed"
    HMAC_SHA256 = "hmac-sha256", "HMAC-SHA256 with the audit key"


class AuditEvent(models.Model):
    """One change, chained to the one before by its hash.

    The database refuses UPDATE and DELETE on this table (see migration 0002), and
    `audit_verify` recomputes the chain with the audit key, which the database does not
    hold, and compares its head with the signed checkpoint, so an edit made around the
    triggers is found, and so is a deleted tail.
    """

    at = models.DateTimeField()
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    actor_label = models.CharField(max_length=254)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=60)
    object_label = models.CharField(max_length=300)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    scheme = models.CharField(max_length=12, choices=AuditScheme.choices)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"


def next_number(siblings: "models.QuerySet[Any]") -> int:
    """The next of a record's stable ordinals among its siblings (its commitment's
    milestones, its item's actions, its person's register entries): one more than the
    highest, so a number once given is never given again while its record lasts. The
    caller holds the parent's row lock, so two writers never take the same number."""
    highest = siblings.aggregate(highest=models.Max("number"))["highest"]
    return int(highest or 0) + 1


class Versioned(models.Model):
    """A record edited by people: `version` guards against lost updates (QUALITY R2)."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Parameter(models.Model):
    """A value that takes effect on a date: a rate, threshold, cadence or percentage.

    Its values are dated and cited (ParameterValue); a new rate is a new dated value, never
    an edit of the old one (STYLE.md, 'Rules are data with sources').
    """

    key = models.SlugField(max_length=80, unique=True)
    label = models.CharField(max_length=200)
    unit = models.CharField(max_length=40)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.label


class ParameterValue(models.Model):
    """A parameter's value from the day it takes effect, with the source that gives it."""

    parameter = models.ForeignKey(Parameter, on_delete=models.CASCADE, related_name="values")
    effective_from = models.DateField()
    value = models.DecimalField(max_digits=20, decimal_places=6)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["parameter", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["parameter", "effective_from"], name="parameter_value_date_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parameter.key} from {self.effective_from:%Y-%m-%d}"


class SourceTable(models.Model):
    """A table as a source gives it (SPEC §15: every table in the seeds is a report): its
    heading and column headings in the source's words, and where in the source it is."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)  # the source's own heading
    columns = models.JSONField(default=list)  # the source's column headings, in order
    intro = models.TextField(blank=True)  # what the table is, in plain words
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=200)  # the slide, page or section
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.title


class SourceTableRow(models.Model):
    """One row of a source's table: each cell the source's own words, as one text or as
    lines (its bullets), or null where the source leaves the cell empty; cited by row."""

    table = models.ForeignKey(SourceTable, on_delete=models.CASCADE, related_name="rows")
    key = models.CharField(max_length=40)
    order = models.PositiveIntegerField()
    cells = models.JSONField(default=list)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=200)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["table", "order"]
        constraints = [
            models.UniqueConstraint(fields=["table", "key"], name="source_table_row_key_unique")
        ]

    def __str__(self) -> str:
        return f"{self.table.key} row {self.key}"


class Document(models.Model):
    """A download as it was made for one version of the data (core.documents): the bytes
    and the headers its view answered with, served again until the data changes. A row
    not yet `ready` is a claim: one request is making it, and the others wait for it.

    Not data but a copy of what the data gave, so it is written without the audit
    chain, and must be: an audit event would move the version it is kept under."""

    key = models.CharField(max_length=64)  # the address's SHA-256
    address = models.TextField()  # the scheme, host, path and sorted query it answers
    version = models.CharField(max_length=100)  # core.documents.document_version()
    ready = models.BooleanField(default=False)
    content = models.BinaryField(default=b"")
    headers = models.JSONField(default=list)  # [[name, value], ...] as the view set them
    made_at = models.DateTimeField()  # when claimed, then when made

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="document_key_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.address} at {self.version}"


class AuthenticatorReset(models.Model):
    """A person's request to set up a new authenticator app, the old one lost.

    The secretariat approves it (partners.services.authenticator_reset_approve), which
    removes the old app, so the person sets up a new one at their next sign-in: a password
    alone never replaces the second factor. Or it declines it (authenticator_reset_decline)
    when the request cannot be confirmed as the person's own: their app stays, and they may
    ask again. A request is decided once, one way.
    """

    # A request neither approved nor declined: at most one a person.
    OPEN = models.Q(approved_at__isnull=True, declined_at__isnull=True)

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["asked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(approved_at__isnull=True, declined_at__isnull=True),
                name="one_open_authenticator_reset",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_at__isnull=True) | models.Q(declined_at__isnull=True),
                name="authenticator_reset_decided_once",
            ),
        ]

    def __str__(self) -> str:
        return f"New authenticator app for {self.person}"
