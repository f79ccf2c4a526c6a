"""Meetings, agenda items, the register of interests, conflict flags, rulings and
decisions (SPEC §8, §9)."""

from typing import Any

from django.conf import settings
from django.db import models

from devolution.commitments.models import Commitment
from devolution.core.models import Source, Versioned, next_number
from devolution.governance.models import Board, Function, GatewayCriterion, Phase
from devolution.partners.models import Organisation, Partnership, Place

from .visibility import AgendaItemQuerySet, PaperQuerySet

PERSON = settings.AUTH_USER_MODEL


class Meeting(Versioned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_DRAFTED = "minutes_drafted", "Minutes drafted"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    key = models.SlugField(max_length=80, unique=True)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    date_precision = models.CharField(max_length=5, default="day")
    # When it starts and ends that day, in London's time; unknown (empty) for every meeting
    # of the seeds, which give no times.
    starts_at = models.TimeField(null=True, blank=True)
    ends_at = models.TimeField(null=True, blank=True)
    place = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    quorum = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["board", "date"]

    def __str__(self) -> str:
        return f"{self.board.short_name or self.board.name} {self.date:%d %B %Y}"


class Attendance(models.Model):
    """A row of the roll-call: a seat's holder (present, apologies, represented by a
    deputy, absent), or someone else in attendance, named as the secretariat writes them."""

    class Kind(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        DEPUTY = "deputy", "Apologies, represented by a deputy"
        ABSENT = "absent", "Absent"
        IN_ATTENDANCE = "in_attendance", "In attendance"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    # A seat's holder; empty for someone in attendance, who is named instead.
    person = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    name = models.CharField(max_length=200, blank=True)
    organisation_name = models.CharField(max_length=300, blank=True)
    deputy_name = models.CharField(max_length=200, blank=True)
    is_chair = models.BooleanField(default=False)
    is_deputy = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person or self.name} ({self.get_kind_display()})"


class AgendaItem(Versioned):
    class Standard(models.TextChoices):
        """The items every agenda opens with, and any other business, which closes it."""

        APOLOGIES = "apologies", "Apologies for absence"
        DECLARATIONS = "declarations", "Declarations of interest"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"
        MATTERS_ARISING = "matters_arising", "Matters arising"
        AOB = "aob", "Any other business"

    class Purpose(models.TextChoices):
        AGREE = "agree", "Agree"
        NOTE = "note", "Note"
        CONSIDER = "consider", "Consider"
        DISCUSS = "discuss", "Discuss"
        DECIDE = "decide", "Decide"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=10, choices=Purpose.choices, blank=True)
    recommendation = models.TextField(blank=True)  # what the board is asked to do
    note = models.TextField(blank=True)
    presenter = models.CharField(max_length=200, blank=True)
    public = models.BooleanField(default=True)
    # Why a confidential item is withheld: an exemption's key (data/exemptions.yaml).
    exemption = models.CharField(max_length=40, blank=True)
    standard = models.CharField(max_length=20, choices=Standard.choices, blank=True)
    # The earlier meeting whose minutes this item approves (its "minutes of the previous
    # meeting").
    minutes_of = models.ForeignKey(
        "Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commitments = models.ManyToManyField(Commitment, blank=True, related_name="+")
    function = models.ForeignKey(Function, null=True, blank=True, on_delete=models.PROTECT)
    gateway_phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A gateway criterion the board resolves on (met, ongoing): the subject of governance's
    # criterion decisions, as gateway_phase is of its phase moves.
    gateway_criterion = models.ForeignKey(
        GatewayCriterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="+")
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    # What the public, staff and a board's members see of items: visibility.py.
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "key"], name="agenda_item_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ItemParty(models.Model):
    """An organisation or partnership an item names as applicant, recipient or affected."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        RECIPIENT = "recipient", "Recipient"
        AFFECTED = "affected", "Affected"

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                ^ models.Q(partnership__isnull=False),
                name="item_party_one_of",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation or self.partnership} ({self.get_role_display()})"


class ConflictFlag(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="flags")
    person = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    reasons = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="flag_unique")]

    def __str__(self) -> str:
        return f"{self.person} on {self.item}"


class Ruling(models.Model):
    class Outcome(models.TextChoices):
        FULL_PART = "full_part", "Takes full part"
        DISCUSSION_ONLY = "discussion_only", "Takes part in discussion but not the decision"
        WITHDRAW = "withdraw", "Withdraws"

    flag = models.OneToOneField(ConflictFlag, on_delete=models.PROTECT, related_name="ruling")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    reason = models.TextField()
    ruled_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    ruled_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.flag}: {self.get_outcome_display()}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreed"
        NOT_AGREED = "not_agreed", "Not agreed"
        DEFERRED = "deferred", "Deferred"

    class How(models.TextChoices):
        CONSENSUS = "consensus", "Consensus"
        VOTE = "vote", "Vote"

    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    # A kind registered by the app that owns its effect (core.events; ADR 5).
    kind = models.CharField(max_length=60, default="decide")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    how = models.CharField(max_length=10, choices=How.choices, blank=True)
    text = models.TextField(blank=True)
    binding = models.BooleanField(null=True)
    recommendation_to = models.CharField(max_length=200, blank=True)
    power_reasons = models.JSONField(default=list, blank=True)
    taking_part: models.ManyToManyField = models.ManyToManyField(  # type: ignore[type-arg]
        PERSON, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.item}: {self.get_outcome_display()}"


class Paper(models.Model):
    """A paper for an item, with seed 003's cover sheet; the file is PDF, DOCX, XLSX or ODT,
    checked by its content (see papers.py)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    author = models.CharField(max_length=200, blank=True)
    date_completed = models.DateField(null=True, blank=True)
    purpose = models.CharField(max_length=300, blank=True)
    executive_summary = models.TextField(blank=True)
    action_required = models.TextField(blank=True)
    file = models.FileField(upload_to="papers/%Y/%m/", blank=True)
    file_type = models.CharField(max_length=10, blank=True)  # pdf | docx | xlsx | odt
    file_size = models.PositiveIntegerField(null=True, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    # The words of the file, read at upload (papers.paper_text) for search to find.
    text = models.TextField(blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    objects = PaperQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title


class Minutes(Versioned):
    """Drafted from the record, edited, approved at the next meeting; then frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField()
    # The minutes of the confidential items, withheld from the public.
    confidential_text = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    # The audit chain's head when approved, printed on the minutes: a later rewrite of the
    # chain no longer matches the paper (QUALITY R3).
    audit_head = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"


class Action(Versioned):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    # The action's stable key within its item (1, 2, 3 … in the order they were recorded):
    # the API addresses it as /meetings/<key>/items/<item>/actions/<number>.
    number = models.PositiveIntegerField(blank=True, editable=False)
    text = models.TextField()
    owner = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    owner_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="action_number_unique_per_item")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new action takes the next number of its item; the services record actions
        # with the meeting's row locked, so two never take the same.
        if self.number is None:
            self.number = next_number(Action.objects.filter(item_id=self.item_id))
        super().save(*args, **kwargs)


# The register of interests is its own sub-app (interests/); its models stay in this app,
# under the same label and tables, and are importable from here as before.
from .interests.models import Declaration as Declaration  # noqa: E402
from .interests.models import Interest as Interest  # noqa: E402
