"""Capital business cases, surplus sites' disposals, their capital receipts and where the
receipts are reinvested (SPEC §12, issue 14 points 5 to 7).

Money is in whole pounds. A case's approval route is never stored: it is derived when read
from its board's current phase and the delegations governance holds (rules/route.py); what
is stored is what happened to the case (its state and history) and the board decision that
did it.
"""

from django.conf import settings
from django.db import models

from devolution.core.models import Source, Versioned
from devolution.estates.models import Site
from devolution.partners.models import Organisation, Partnership

PERSON = settings.AUTH_USER_MODEL


class RetentionWindow(models.Model):
    """The Department of Health's rule that a surplus asset's capital receipt is retained
    locally when the asset is sold within a window (seed 000: 'capital retention from
    surplus assets sold within 2 years'), from the day it takes effect: the window's length
    and the day it runs from. A new rule is a new dated row, never an edit."""

    class RunsFrom(models.TextChoices):
        DECLARED_SURPLUS = "declared_surplus", "the day the site is declared surplus"
        MARKETED = "marketed", "the day the site is put on the market"

    valid_from = models.DateField(unique=True)
    months = models.PositiveSmallIntegerField()
    runs_from = models.CharField(max_length=20, choices=RunsFrom.choices)
    note = models.TextField(blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    quote = models.TextField(blank=True)

    class Meta:
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=1), name="retention_window_months_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.months} months from {self.get_runs_from_display()}"


class BusinessCase(Versioned):
    class Stage(models.TextChoices):
        STRATEGIC_OUTLINE = "strategic_outline", "Strategic outline case"
        OUTLINE = "outline", "Outline business case"
        FULL = "full", "Full business case"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ADVISED = "advised", "Advised on"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    # The case's reference, its address on the pages and in the API.
    ref = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=300)
    sponsor = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    sites = models.ManyToManyField(Site, blank=True, related_name="+")
    value = models.PositiveBigIntegerField()  # £, the whole case
    stage = models.CharField(max_length=20, choices=Stage.choices)
    benefits = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    # The agenda item that brings it to its board, and the decision taken on it there.
    item = models.ForeignKey(
        "meetings.AgendaItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the board advised rather than decided: to whom, and whether it supported it.
    advised_to = models.CharField(max_length=200, blank=True)
    advice_supports = models.BooleanField(null=True, blank=True)
    # Invented to show the pages working: every page and export showing it says so.
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partnership", "ref"]
        indexes = [models.Index(fields=["partnership", "state"])]

    def __str__(self) -> str:
        return self.title


class FundingSource(models.Model):
    """Where part of a case's money comes from, in a financial year."""

    class Kind(models.TextChoices):
        CAPITAL_RECEIPTS = "capital_receipts", "Capital receipts"
        NATIONAL_CAPITAL = "national_capital", "National capital"
        LOCAL = "local", "Local"
        OTHER = "other", "Other"

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="funding")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    year = models.CharField(max_length=7)  # financial year, e.g. 2018-19
    amount = models.PositiveBigIntegerField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["case", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="funding_source_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: £{self.amount:,}"


class CaseEvent(models.Model):
    """A case's history: each change of its state, by whom and, for a board's decision,
    which decision."""

    case = models.ForeignKey(BusinessCase, on_delete=models.CASCADE, related_name="events")
    state_from = models.CharField(max_length=10, blank=True)
    state_to = models.CharField(max_length=10)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "meetings.Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.case}: {self.state_from or 'new'} to {self.state_to}"


class Disposal(Versioned):
    """A surplus site's sale: its dates, who receives it, its price and the capital receipt
    (what the seller keeps, after costs). `reinvested` is the sum of its reinvestments,
    written with them, never above the receipt."""

    ref = models.SlugField(max_length=80, unique=True)  # its address: the pages, the API
    site = models.OneToOneField(Site, on_delete=models.PROTECT, related_name="+")
    declared_surplus = models.DateField()
    marketed = models.DateField(null=True, blank=True)
    exchanged = models.DateField(null=True, blank=True)
    completed = models.DateField(null=True, blank=True)
    receiving_party = models.CharField(max_length=200, blank=True)
    price = models.PositiveBigIntegerField(null=True, blank=True)
    receipt = models.PositiveBigIntegerField(null=True, blank=True)
    reinvested = models.PositiveBigIntegerField(default=0)
    note = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-declared_surplus", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(receipt__isnull=True, reinvested=0)
                | models.Q(reinvested__lte=models.F("receipt")),
                name="disposal_reinvested_within_receipt",
            ),
            models.CheckConstraint(
                condition=models.Q(marketed__isnull=True)
                | models.Q(marketed__gte=models.F("declared_surplus")),
                name="disposal_marketed_after_surplus",
            ),
            models.CheckConstraint(
                condition=models.Q(completed__isnull=True)
                | models.Q(completed__gte=models.F("declared_surplus")),
                name="disposal_completed_after_surplus",
            ),
        ]

    def __str__(self) -> str:
        return f"Disposal of {self.site}"


class Reinvestment(models.Model):
    """Part of a disposal's receipt put into a business case (or another named scheme)
    of the same partnership: receipts stay where they arose (seed 002: 'London receipts
    stay in London')."""

    disposal = models.ForeignKey(Disposal, on_delete=models.PROTECT, related_name="reinvestments")
    number = models.PositiveIntegerField()
    case = models.ForeignKey(
        BusinessCase, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.CharField(max_length=300, blank=True)  # when not a case held here
    amount = models.PositiveBigIntegerField()
    on = models.DateField()
    by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["disposal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["disposal", "number"], name="reinvestment_number"),
            models.CheckConstraint(
                condition=models.Q(amount__gte=1), name="reinvestment_amount_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(case__isnull=True, scheme=""),
                name="reinvestment_names_what_it_funds",
            ),
        ]

    def __str__(self) -> str:
        return f"£{self.amount:,} from {self.disposal}"
