"""The estate a partnership's members hold (SPEC §12): its sites, each change to them, the
utilisation policy that flags sites as under-used or surplus, and the criteria and weights
that rank them.

Money is in whole pounds and areas in whole square metres. A figure the register does not
give is null and shows as unknown, never as nought.

A flag from the utilisation policy is advice (the London Estates Board issues its policy
as guidance or a collective recommendation, seed 000): it is computed when read and never
changes a site's status, which only the site's keepers change.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from devolution.core.models import Source, Versioned
from devolution.partners.models import Organisation, Partnership, Place

PERSON = settings.AUTH_USER_MODEL


class Tenure(models.TextChoices):
    FREEHOLD = "freehold", "Freehold"
    LEASEHOLD = "leasehold", "Leasehold"
    PFI_LIFT = "pfi_lift", "PFI or LIFT"
    UNKNOWN = "unknown", "Unknown"


class Condition(models.TextChoices):
    """The NHS estates physical condition categories (Estatecode): A as new, B sound and
    operationally safe, C operational but needing major repair soon, D unacceptable."""

    A = "A", "A: as new, expected to perform fully for its life"
    B = "B", "B: sound, operationally safe, minor deterioration"
    C = "C", "C: operational, major repair or replacement needed soon"
    D = "D", "D: runs a serious risk of imminent breakdown"


class Status(models.TextChoices):
    OPERATIONAL = "operational", "Operational"
    UNDER_USED = "under_used", "Under-used"
    SURPLUS = "surplus", "Surplus"
    FOR_DISPOSAL = "for_disposal", "For disposal"
    DISPOSED = "disposed", "Disposed"


class Site(Versioned):
    """One site of the estate: a building or piece of land an organisation holds."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # The site's reference, stable and unique in its partnership: its address on the
    # pages and the key an import matches it by.
    ref = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Given, or derived from the point location (the borough whose boundary holds it)
    # and the borough's parent (its STP).
    borough = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stp = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    tenure = models.CharField(max_length=10, choices=Tenure.choices, default=Tenure.UNKNOWN)
    floor_area = models.PositiveIntegerField(null=True, blank=True)  # gross internal, m²
    use = models.CharField(max_length=200, blank=True)
    # The share of the floor area in use (0 to 1); or, where the site counts sessions,
    # the sessions used of those available, and the share is read from them.
    utilisation = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    sessions_used = models.PositiveIntegerField(null=True, blank=True)
    sessions_available = models.PositiveIntegerField(null=True, blank=True)
    condition = models.CharField(max_length=1, choices=Condition.choices, blank=True)
    running_cost = models.PositiveBigIntegerField(null=True, blank=True)  # £ a year
    backlog = models.PositiveBigIntegerField(null=True, blank=True)  # £ backlog maintenance
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPERATIONAL)
    # Opportunities: housing units the site could give, shared use with other public
    # services, and whether it is in a One Public Estate programme.
    housing_units = models.PositiveIntegerField(null=True, blank=True)
    shared_use = models.BooleanField(default=False)
    shared_use_note = models.TextField(blank=True)
    one_public_estate = models.BooleanField(default=False)
    # Named by its STP among the sites it would bring forward first.
    stp_priority = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    # Invented to show the pages working: every page and export showing it says so.
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "name", "ref"]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["partnership", "stp", "borough"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ref"], name="site_ref_unique"),
            models.CheckConstraint(
                condition=models.Q(utilisation__isnull=True)
                | models.Q(utilisation__gte=0, utilisation__lte=1),
                name="site_utilisation_share",
            ),
            models.CheckConstraint(
                condition=models.Q(sessions_used__isnull=True)
                | models.Q(sessions_available__isnull=True)
                | models.Q(sessions_used__lte=models.F("sessions_available")),
                name="site_sessions_within_available",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SiteEvent(models.Model):
    """A site's history: every change, with who made it, how (a form, the API, an import)
    and each field's value before and after."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        EDITED = "edited", "Edited"
        IMPORTED = "imported", "Imported"

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # {field: [before, after]} as the field's stored value; a new site's before is null.
    changes = models.JSONField(default=dict)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["site", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.site}: {self.action} {self.at:%Y-%m-%d}"


class UtilisationPolicy(models.Model):
    """A partnership's utilisation thresholds from the day they take effect: a site whose
    utilisation is below `under_used_below` is flagged as under-used, below
    `surplus_below` as possibly surplus. A new policy is a new dated row, never an edit."""

    class IssuedAs(models.TextChoices):
        GUIDANCE = "guidance", "guidance"
        RECOMMENDATION = "recommendation", "a collective recommendation"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    under_used_below = models.DecimalField(
        max_digits=5, decimal_places=4, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    surplus_below = models.DecimalField(
        max_digits=5, decimal_places=4, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    issued_as = models.CharField(max_length=14, choices=IssuedAs.choices)
    # The board that issued it (the London Estates Board), by name as its papers give it.
    board = models.ForeignKey(
        "governance.Board", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.CharField(max_length=200)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["partnership", "-valid_from"]
        verbose_name_plural = "utilisation policies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "valid_from"], name="utilisation_policy_date_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(surplus_below__lte=models.F("under_used_below")),
                name="utilisation_policy_surplus_below_under_use",
            ),
        ]

    def __str__(self) -> str:
        return f"Utilisation policy from {self.valid_from:%d %B %Y}"


class RankingCriterion(models.Model):
    """One criterion of a partnership's prioritised site list, with its weight, from the
    day it takes effect: a new weighting is a new set of dated rows, never an edit."""

    class Reads(models.TextChoices):
        SURPLUS_FLOOR_AREA = "surplus_floor_area", "Floor area not in use (m²)"
        HOUSING_UNITS = "housing_units", "Housing units possible"
        BACKLOG = "backlog", "Backlog maintenance cost (£)"
        SHARED_USE = "shared_use", "Shared use with other public services"
        STP_PRIORITY = "stp_priority", "In an STP's priority list"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    key = models.SlugField(max_length=60)
    name = models.CharField(max_length=200)
    reads = models.CharField(max_length=20, choices=Reads.choices)
    weight = models.PositiveSmallIntegerField()  # relative: a share of the criteria's sum
    order = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["partnership", "-valid_from", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "valid_from", "key"], name="ranking_criterion_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="ranking_criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name
