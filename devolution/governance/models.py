"""Boards, seats, phases and gateways; functions and arrangements (SPEC §3, §4, §5)."""

from django.conf import settings
from django.db import models

from devolution.core.models import Source, Versioned
from devolution.partners.models import Level, Organisation, Partnership, Place

from .rules.legal import FORMS

FORM_CHOICES = [(f, f.replace("_", " ").capitalize()) for f in FORMS]


class PhaseModel(models.Model):
    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """What a board may do in it: its powers (advise, recommend, shadow_decide, decide...)."""

    model = models.ForeignKey(PhaseModel, on_delete=models.CASCADE, related_name="phases")
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField()
    powers = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["model", "order"]
        constraints = [
            models.UniqueConstraint(fields=["model", "key"], name="phase_key_unique"),
            models.UniqueConstraint(fields=["model", "order"], name="phase_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class GatewayCriterion(Versioned):
    """A criterion a board must meet to enter `phase`."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ONGOING = "ongoing", "Ongoing"
        MET = "met", "Met"

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices)
    # The status in the source's own words ("Ongoing. To be signed off at SPB."), shown
    # beside the normalised `status` that the gateway's logic reads.
    status_text = models.CharField(max_length=300, blank=True)
    # A status the data set reads into the sources rather than finds in them: shown as
    # inferred with its reasoning, never as met, and not counted as met by the gateway
    # until a resolution of the board says so.
    inferred = models.BooleanField(default=False)
    inferred_reason = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True)
    evidence = models.TextField(blank=True)
    note = models.TextField(blank=True)
    external_event = models.BooleanField(default=False)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["phase", "order"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "key"], name="criterion_key_unique")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_met(self) -> bool:
        """Met as the sources (or a resolution) state it: an inferred status is not."""
        return self.status == self.Status.MET and not self.inferred

    @property
    def status_label(self) -> str:
        """The normalised status as a page shows it: an inferred one says so."""
        if self.inferred:
            return "Inferred, not stated in the sources"
        return str(self.get_status_display())


class Board(Versioned):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PLANNED = "planned", "Planned"
        SHADOW = "shadow", "Shadow"
        CLOSED = "closed", "Closed"

    class Cadence(models.TextChoices):
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        SIX_WEEKLY = "six_weekly", "Six-weekly"
        BI_MONTHLY = "bi_monthly", "Bi-monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    footprint = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="boards"
    )
    # The partnership whose governance this board is part of: pages about one
    # partnership's boards (the organogram, the list, the reports) show its boards.
    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="boards"
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="sub_boards"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    legal_form = models.CharField(max_length=60, blank=True)
    cadence = models.CharField(max_length=12, choices=Cadence.choices, blank=True)
    cadence_note = models.TextField(blank=True)
    phase_model = models.ForeignKey(
        PhaseModel, null=True, blank=True, on_delete=models.PROTECT, related_name="boards"
    )
    current_phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    terms_of_reference = models.JSONField(default=list, blank=True)
    # What the data set reads into the sources rather than finds in them: a list of
    # {"field": "reports_to" | "status" | "legal_form", "reason": ...}, shown as inferred.
    inferred = models.JSONField(default=list, blank=True)
    # Where the terms of reference come from, when not from the board's own source.
    terms_of_reference_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BoardChair(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        CO_CHAIR = "co_chair", "Co-chair"
        DEPUTY = "deputy", "Deputy chair"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="chairs")
    title = models.CharField(max_length=300)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["board", "id"]

    def __str__(self) -> str:
        return self.title


class SeatRule(models.Model):
    """How many seats, of which organisation type (or which organisation), per which place."""

    class Occupancy(models.TextChoices):
        """What is known of a seat's places that no member recorded here fills."""

        # A board kept in Devolution records its members: a place no one fills is vacant.
        VACANT = "vacant", "Vacant"
        # A source says the seat is filled but names no one.
        FILLED_UNNAMED = "filled_unnamed", "Filled, name not in the sources"
        # The sources say nothing of who fills it.
        UNKNOWN = "unknown", "Not in the sources"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="seat_rules")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(max_length=300)
    count = models.PositiveSmallIntegerField(null=True, blank=True)
    organisation_types = models.JSONField(default=list, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    per_level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occupancy = models.CharField(max_length=16, choices=Occupancy.choices, default=Occupancy.VACANT)
    # Where a source says the seat is filled (or vacant): the source, where in it, its words.
    occupancy_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occupancy_location = models.CharField(max_length=300, blank=True)
    occupancy_quote = models.TextField(blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["board", "order"]

    def __str__(self) -> str:
        return self.label


class BoardMember(models.Model):
    """A person filling a seat, for an organisation (and, for per-place seats, a place).

    Either a person with an account, or someone a source names who has none: their name
    and title as the source gives them, with the source and where in it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    seat_rule = models.ForeignKey(
        SeatRule, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="board_seats",
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=300, blank=True)
    # Null where the body the member speaks for is not an organisation of the data (a
    # partnership such as the Cavendish Square Group).
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    office = models.CharField(
        max_length=10,
        choices=BoardChair.Role.choices,
        blank=True,
        default="",
        help_text="Chair, co-chair or deputy chair: who chairs is what the seats say.",
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    location = models.CharField(max_length=300, blank=True)  # the slide, page or section
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["board", "seat_rule", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | ~models.Q(name=""),
                name="board_member_person_or_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.holder} ({self.organisation or self.title})"

    @property
    def holder(self) -> str:
        """Who holds the seat: the person's account, or the name the source gives."""
        return str(self.person) if self.person_id else self.name


class PhaseMove(models.Model):
    """A board's move between phases, by resolution; the board's history."""

    class Direction(models.TextChoices):
        INITIAL = "initial", "Entered"
        FORWARD = "forward", "Moved forward"
        BACK = "back", "Moved back"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="phase_moves")
    from_phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=8, choices=Direction.choices)
    resolution_date = models.DateField()
    date_precision = models.CharField(max_length=5, default="day")
    resolution = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["board", "resolution_date", "id"]

    def __str__(self) -> str:
        return f"{self.board}: {self.to_phase} ({self.resolution_date})"


class Function(models.Model):
    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    original_holder_type = models.CharField(max_length=30, blank=True)
    original_holder = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.TextField(blank=True)
    budget_amount = models.DecimalField(max_digits=16, decimal_places=0, null=True, blank=True)
    budget_note = models.CharField(max_length=300, blank=True)
    delegable = models.BooleanField(null=True, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Arrangement(Versioned):
    """A function placed somewhere on NHS England's devolution spectrum."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PENDING = "pending", "Pending"
        EXPLORING = "exploring", "To explore"
        PROPOSED = "proposed", "Proposed"

    class Step(models.TextChoices):
        SEAT_AT_TABLE = "seat_at_table", "Seat at the table"
        CO_COMMISSIONING = "co_commissioning", "Co-commissioning / joint decision-making"
        DELEGATED = "delegated_commissioning", "Delegated commissioning"
        TRANSFER = "transfer", "Fully devolved (transfer of functions)"

    key = models.SlugField(max_length=80, unique=True)
    function = models.ForeignKey(Function, on_delete=models.PROTECT, related_name="arrangements")
    from_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organisation_types = models.JSONField(default=list, blank=True)
    to_organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    to_board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="arrangements"
    )
    form = models.CharField(max_length=40, choices=FORM_CHOICES, blank=True)
    spectrum_step = models.CharField(max_length=30, choices=Step.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT)
    all_parties_agree = models.BooleanField(default=False)
    case_for_level = models.TextField(blank=True)
    # Fields the data set infers: a list of {"field": "form" | "spectrum_step", "reason"}.
    inferred = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["function__name", "key"]

    def __str__(self) -> str:
        return self.key


class ArrangementEvidence(Versioned):
    """Evidence against one criterion of the arrangement's step on the spectrum (seed 001)."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.TextField()
    evidence = models.TextField(blank=True)
    met = models.BooleanField(default=False)

    class Meta:
        ordering = ["arrangement", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "criterion"], name="arrangement_criterion_unique"
            )
        ]

    def __str__(self) -> str:
        return self.criterion[:80]
