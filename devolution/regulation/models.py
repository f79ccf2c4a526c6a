"""Regulation (SPEC §14): the regulator matrix of seed 001 (which regulator covers which
activity and which kinds of body), the dated timeline of the move to system-based
regulation, and the reporting-requirements register (each return a regulator asks for,
when it is due, which data items it asks and which kinds of body submit it), from which
each organisation's reporting calendar and the data items asked for twice are read.

The matrix and the timeline are seed 001's, cell by cell and entry by entry, each with the
seed's words. The seeds name no return, so London's register is empty: a partnership
imports its own, and the demo accounts get an invented one marked as such.
"""

from django.db import models

from devolution.core.models import Source, Versioned
from devolution.partners.models import Organisation


class Regulator(models.Model):
    """A regulatory body or party of seed 001's matrix, linked to its organisation."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MatrixColumn(models.Model):
    """A column of one of the matrix's two tables: an activity category, or a kind of
    regulated body (with the organisation types it stands for)."""

    class Table(models.TextChoices):
        ACTIVITY = "activity", "Regulatory and oversight activity category"
        BODY = "body", "Regulated body"

    key = models.SlugField(max_length=60, unique=True)
    table = models.CharField(max_length=10, choices=Table.choices)
    label = models.CharField(max_length=200)  # the seed's heading, as the seed gives it
    organisation_types = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.label


class MatrixCell(models.Model):
    """Whether a regulator covers a column (✓ or X in the seed), with the seed's
    qualification kept word for word."""

    regulator = models.ForeignKey(Regulator, on_delete=models.CASCADE, related_name="cells")
    column = models.ForeignKey(MatrixColumn, on_delete=models.CASCADE, related_name="cells")
    covered = models.BooleanField()
    qualification = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["regulator", "column"]
        constraints = [
            models.UniqueConstraint(fields=["regulator", "column"], name="matrix_cell_unique")
        ]

    def __str__(self) -> str:
        return f"{self.regulator_id}/{self.column_id}"


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class TimelineEntry(models.Model):
    """A dated step towards system-based regulation, as seed 001 tells it: a month where
    the seed gives only a month (stored as its first day, shown as the month)."""

    key = models.SlugField(max_length=80, unique=True)
    date = models.DateField()
    date_precision = models.CharField(max_length=5, choices=Precision.choices)
    title = models.CharField(max_length=200)
    regulators = models.ManyToManyField(Regulator, blank=True, related_name="+")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField()  # the seed's words
    cites = models.CharField(max_length=300, blank=True)  # what the seed cites for it

    class Meta:
        ordering = ["date", "key"]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return self.title


class DataItem(models.Model):
    """A data item a return asks for, by a stable key, so that the same item asked by two
    regulators is matched."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    # How many regulators' returns ask for it, kept by services.data_items_recount after
    # every write of the register: the items asked twice (more than one) are then found by
    # an index, not by counting the whole register's asks on every page.
    regulators = models.PositiveSmallIntegerField(default=0, db_index=True)

    class Meta:
        ordering = ["name", "key"]

    def __str__(self) -> str:
        return self.name


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"
    LISTED = "listed", "On listed dates"


class DueRule(models.TextChoices):
    """How a return's due dates are found (rules/due.py): a day of a month after each
    period ends, one date each year, or a list of dates."""

    AFTER_PERIOD = "after_period", "A day of a month after each period ends"
    ANNUAL_DATE = "annual_date", "The same date each year"
    LISTED_DATES = "listed_dates", "Listed dates"


class Return(Versioned):
    """A return a regulator asks for: what it is, when it is due, what it asks, and which
    kinds of body submit it."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    regulator = models.ForeignKey(Regulator, on_delete=models.PROTECT, related_name="returns")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    due_rule = models.CharField(max_length=15, choices=DueRule.choices)
    due_day = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 to 31; 31: last day
    months_after = models.PositiveSmallIntegerField(null=True, blank=True)  # after period end
    due_month = models.PositiveSmallIntegerField(null=True, blank=True)  # annual date's month
    due_dates = models.JSONField(default=list, blank=True)  # ISO dates, for listed dates
    items = models.ManyToManyField(DataItem, blank=True, related_name="returns")
    submitted_by = models.JSONField(default=list)  # organisation types
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    # Invented to show the pages working: every page and export showing it says so.
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["regulator", "name", "key"]

    def __str__(self) -> str:
        return self.name
