"""MoU commitments, their progress, implementation plans and boards' work programmes
(SPEC §6, §7)."""

from typing import Any

from django.conf import settings
from django.db import models

from devolution.core.models import Source, Versioned, next_number
from devolution.governance.models import Board, GatewayCriterion, Phase
from devolution.partners.models import Level, Organisation, Partnership


class Event(models.Model):
    """An external event commitments may wait on (e.g. the MoU's signature)."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=300)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "key"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Commitment(Versioned):
    class Kind(models.TextChoices):
        DEVOLVE = "devolve", "Devolve"
        DELEGATE = "delegate", "Delegate"
        COLLABORATE = "collaborate", "Collaborate"
        EXPLORE = "explore", "Explore"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ONGOING = "ongoing", "Ongoing"
        COMPLETE = "complete", "Complete"
        BLOCKED = "blocked", "Blocked"

    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    reference = models.CharField(max_length=60, unique=True)
    text = models.TextField()
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    lead_owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supporting = models.ManyToManyField(Organisation, blank=True, related_name="+")
    # The partnership whose agreement this is: pages about one partnership's
    # commitments (the list, the dashboard, the reports) show its commitments.
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="commitments"
    )
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=12, choices=Kind.choices, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    rag = models.CharField(max_length=5, choices=Rag.choices, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference} {self.text[:60]}"


class Dependency(models.Model):
    class Kind(models.TextChoices):
        COMMITMENT = "commitment", "Another commitment"
        BOARD_PHASE = "board_phase", "A board reaching a phase"
        EVENT = "event", "An external event"

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="dependencies"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    on_commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.PROTECT)
    phase = models.ForeignKey(Phase, null=True, blank=True, on_delete=models.PROTECT)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.PROTECT)
    note = models.TextField(blank=True)
    # The seed that says the commitment waits (its own, or else the commitment's).
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["commitment", "id"]

    def __str__(self) -> str:
        return f"{self.commitment.reference} waits on {self.kind}"


class Milestone(Versioned):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ONGOING = "ongoing", "Ongoing"
        COMPLETE = "complete", "Complete"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    # The milestone's stable key within its commitment (1, 2, 3 … in the order they were
    # added): the API addresses it as /commitments/<reference>/milestones/<number>.
    number = models.PositiveIntegerField(blank=True, editable=False)
    title = models.TextField()
    due = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, default="day")
    # A seed that calls a milestone done gives its day, its month or nothing: a complete
    # milestone may have no completed_on, and is complete all the same.
    completed_on = models.DateField(null=True, blank=True)
    completed_precision = models.CharField(max_length=5, default="day")
    # A due date the data set reads into the sources rather than finds in them (e.g. the
    # end of a period of activity): shown as inferred, with the reasoning.
    due_inferred = models.BooleanField(default=False)
    due_inferred_reason = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    class Meta:
        # Undated (complete, dated by completion) first on every database: SQLite puts a
        # null first, PostgreSQL last.
        ordering = ["commitment", models.F("due").asc(nulls_first=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "number"], name="milestone_number_unique_per_commitment"
            )
        ]

    def __str__(self) -> str:
        return self.title[:80]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A new milestone takes the next number of its commitment; the services add
        # milestones with the commitment's row locked, so two never take the same.
        if self.number is None:
            self.number = next_number(Milestone.objects.filter(commitment_id=self.commitment_id))
        super().save(*args, **kwargs)

    @property
    def is_complete(self) -> bool:
        return self.status == self.Status.COMPLETE or self.completed_on is not None


class StatusChange(models.Model):
    """The history of a commitment's status and rating."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="status_history"
    )
    at = models.DateTimeField()
    status = models.CharField(max_length=12, blank=True)
    rag = models.CharField(max_length=5, blank=True)
    # What it held just before, so the register can be read as at any day, even one
    # before its first recorded change (a seed's status, later changed by a person).
    # None where that was not recorded (changes made before it was kept).
    status_before = models.CharField(max_length=12, null=True, blank=True)
    rag_before = models.CharField(max_length=5, null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["commitment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.commitment_id} {self.status} {self.rag} at {self.at:%Y-%m-%d}"


class ProgressUpdate(models.Model):
    """Seed 000's three columns. Updates are never overwritten: each is a new row."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    progress_to_date = models.TextField()
    next_steps = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["commitment", "-date", "-id"]
        # A commitment's latest update is found by this index, one lookup whatever its
        # history (selectors.latest_updates).
        indexes = [models.Index(fields=["commitment", "-date", "-id"], name="update_latest")]

    def __str__(self) -> str:
        return f"{self.commitment.reference} {self.date}"


class ImplementationPlan(models.Model):
    reference = models.CharField(max_length=60, unique=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="plans")
    name = models.CharField(max_length=300)
    owners = models.ManyToManyField(Organisation, blank=True, related_name="+")
    board = models.ForeignKey(Board, null=True, blank=True, on_delete=models.PROTECT)
    proposed_on = models.DateField(null=True, blank=True)
    agreed_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["theme__order"]

    def __str__(self) -> str:
        return self.name


class WorkProgramme(models.Model):
    board = models.OneToOneField(Board, on_delete=models.CASCADE, related_name="work_programme")
    presented_to = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    presented_on = models.DateField(null=True, blank=True)
    areas = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.board} work programme"


class PlannedMeeting(models.Model):
    """A meeting of the board that the forward plan schedules items against."""

    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="meetings")
    key = models.CharField(max_length=20)
    label = models.CharField(max_length=40)
    date = models.DateField()
    date_precision = models.CharField(max_length=5, default="day")

    class Meta:
        ordering = ["programme", "date"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="planned_meeting_unique")
        ]

    def __str__(self) -> str:
        return self.label


class WorkItem(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DONE = "done", "Taken at the meeting"
        CARRIED_FORWARD = "carried_forward", "Carried forward"

    programme = models.ForeignKey(WorkProgramme, on_delete=models.CASCADE, related_name="items")
    reference = models.CharField(max_length=80, unique=True)
    meeting = models.ForeignKey(PlannedMeeting, on_delete=models.PROTECT, related_name="items")
    area = models.CharField(max_length=60)
    theme = models.ForeignKey(Theme, null=True, blank=True, on_delete=models.PROTECT)
    title = models.TextField()
    kind = models.CharField(max_length=20, blank=True)
    board_link = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.ForeignKey(
        Commitment, null=True, blank=True, on_delete=models.PROTECT, related_name="work_items"
    )
    gateway_criterion = models.ForeignKey(
        GatewayCriterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PLANNED)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    note = models.TextField(blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["meeting__date", "area", "id"]

    def __str__(self) -> str:
        return self.title[:80]
