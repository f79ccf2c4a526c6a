"""Each organisation's workforce, period by period (SPEC §13), for the London Workforce
Board: staff in post, vacancies, leavers, agency spend, the pay bill and, where known, the
age profile.

Counts are full-time equivalents and money is in whole pounds. A figure a return does not
give is null and shows as unknown, never as nought. Rates are worked out from the counts
where both are given; where a source gives only a rate (a seed's "24% of Healthcare
Assistant positions ... are vacant"), the rate is kept as given.

The rates of pay and of the levy are not here: they are dated, cited parameters
(core.Parameter), read for the day a calculation is for.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from devolution.core.models import Source, Versioned
from devolution.partners.models import Organisation, Place

PERSON = settings.AUTH_USER_MODEL
PERCENT = (MinValueValidator(0), MaxValueValidator(100))
NOT_NEGATIVE = (MinValueValidator(0),)


class Indicator(Versioned):
    """One organisation's (or, where a source gives figures for a place, one place's)
    workforce in one staff group over one period."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Blank: all staff.
    staff_group = models.CharField(max_length=120, blank=True)
    # The period the figures describe; the end is the day counts are "as at". A source
    # that gives no period leaves both empty (shown as unknown).
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    staff_in_post = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    vacancies = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    vacancy_rate = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    leavers = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    turnover_rate = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT
    )
    agency_spend = models.PositiveBigIntegerField(null=True, blank=True)
    pay_bill = models.PositiveBigIntegerField(null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # Invented figures of the demo accounts' fill (workforce/demo.py): every page showing
    # one says so.
    is_demo = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["period_end", "pk"]
        indexes = [
            models.Index(fields=["organisation", "period_end"]),
            models.Index(fields=["period_end"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, place__isnull=True)
                | models.Q(organisation__isnull=True, place__isnull=False),
                name="indicator_one_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="indicator_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        subject = self.organisation or self.place
        return f"{subject} {self.staff_group or 'all staff'} to {self.period_end or 'unknown'}"


class AgeShare(models.Model):
    """The share of an indicator's staff in one age band (e.g. "60 and over": from 60, no
    upper age), where the return gives it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="ages")
    from_age = models.PositiveSmallIntegerField(null=True, blank=True)
    to_age = models.PositiveSmallIntegerField(null=True, blank=True)
    share = models.DecimalField(max_digits=5, decimal_places=2, validators=PERCENT)

    class Meta:
        ordering = ["indicator", "from_age"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "from_age", "to_age"], name="age_share_band_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_age or 0} to {self.to_age or 'any age'}: {self.share}%"


class PlaceZone(Versioned):
    """Which high cost area zone (Agenda for Change) a place is in, as the secretariat
    sets it. The seeds name the zones but not the places in them, and no public source at
    hand lists London's boroughs by zone (the zones follow the NHS's own boundaries, the
    terms and conditions handbook's Annex 8): so none is loaded, a place with no record is
    in an unknown zone, and the supplement calculator then asks for the zone."""

    class Zone(models.TextChoices):
        INNER = "inner", "Inner London"
        OUTER = "outer", "Outer London"
        FRINGE = "fringe", "Fringe"

    place = models.OneToOneField(Place, on_delete=models.PROTECT, related_name="+")
    zone = models.CharField(max_length=6, choices=Zone.choices)
    note = models.TextField(blank=True)  # where the zone was read from
    set_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["place__name"]

    def __str__(self) -> str:
        return f"{self.place}: {self.get_zone_display()}"
