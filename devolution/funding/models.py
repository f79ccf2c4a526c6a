"""Funds and their categories, bids, the investment framework and its scores, the Mayor's
six assurances, allocations with their spend and outcomes, the fair-share guide and the
partners' contributions (SPEC §10, §11).

Money is in whole pounds: the seeds give it in pounds, thousands or millions and no bid,
allocation or contribution needs pence. An amount the sources do not give is null and
shows as unknown, never as nought.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from devolution.core.models import Source, Versioned
from devolution.governance.models import Board, Function, GatewayCriterion
from devolution.meetings.models import AgendaItem, Decision
from devolution.partners.models import Level, Organisation, Partnership, Place

PERSON = settings.AUTH_USER_MODEL

financial_year = RegexValidator(
    r"^\d{4}-\d{2}$",
    "A financial year is written as its first year and the next's last two digits, e.g. 2018-19.",
)


def _cited(null: bool = True) -> tuple[models.ForeignKey, models.TextField]:  # type: ignore[type-arg]
    return (
        models.ForeignKey(
            Source, null=null, blank=null, on_delete=models.PROTECT, related_name="+"
        ),
        models.TextField(blank=True),
    )


# ------------------------------------------------------------------ funds


class Fund(Versioned):
    """Money a partnership allocates, or a figure recorded as context beside it (the
    national fund London's share comes from, another area's fair share)."""

    class Kind(models.TextChoices):
        ALLOCATED = "allocated", "Allocated by the partnership"
        CONTEXT = "context", "Context: recorded, not allocated here"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The board whose meetings decide allocations from it, and the function they exercise
    # (whose delegation makes a decision binding or a recommendation: SPEC §5).
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    function = models.ForeignKey(
        Function, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The whole over all its years, where the source gives only that (e.g. £2.1bn over
    # five years); each year's amount is on FundYear.
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    amount_note = models.CharField(max_length=300, blank=True)
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(blank=True)
    note = models.TextField(blank=True)
    source, quote = _cited(null=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class FundYear(models.Model):
    """A fund's amount for one financial year, and what has been allocated from it: the
    running total a conditional update raises, never above the amount (QUALITY R1)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="years")
    year = models.CharField(max_length=7, validators=[financial_year])
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    amount_note = models.CharField(max_length=300, blank=True)
    allocated = models.PositiveBigIntegerField(default=0)
    source, quote = _cited()

    class Meta:
        ordering = ["fund", "year"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "year"], name="fund_year_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True)
                | models.Q(allocated__lte=models.F("amount")),
                name="fund_year_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.year}"


class Category(Versioned):
    """A part of a fund with its own restrictions (seed 002: contracts already issued,
    purpose already defined, unallocated)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="categories")
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    restrictions = models.TextField(blank=True)
    # Whether bids may ask it for money: contracts already issued are not open to bids.
    open_to_bids = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    source, quote = _cited(null=False)

    class Meta:
        ordering = ["fund", "order"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "key"], name="category_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CategoryYear(models.Model):
    """A category's amount in one year and the running totals against it. The amount is
    null where the sources do not give it: then only the fund's year bounds it."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="years")
    year = models.CharField(max_length=7, validators=[financial_year])
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    amount_note = models.CharField(max_length=300, blank=True)
    restrictions = models.TextField(blank=True)
    allocated = models.PositiveBigIntegerField(default=0)
    source, quote = _cited()

    class Meta:
        ordering = ["category", "year"]
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="category_year_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True)
                | models.Q(allocated__lte=models.F("amount")),
                name="category_year_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.year}"


# ------------------------------------------------------------------ the six assurances


class Assurance(models.Model):
    """One of the assurances a partnership asks of every proposal (London: the Mayor's
    six, seed 002), in its source's words."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=120)
    words = models.TextField()  # the source's own words for what the assurance asks
    # The hard rule on reductions in hospital beds applies to this assurance.
    bed_rule = models.BooleanField(default=False)
    source, quote = _cited(null=False)

    class Meta:
        ordering = ["partnership", "order"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], name="assurance_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class BedCondition(models.Model):
    """One of NHS England's conditions a proposal closing beds must meet at least one of,
    cited to NHS England's own publication."""

    key = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    source, quote = _cited(null=False)

    class Meta:
        ordering = ["order"]

    def __str__(self) -> str:
        return self.text


class Proposal(Versioned):
    """Anything a board is asked to assure and decide: a bid, a service change, a plan."""

    class Kind(models.TextChoices):
        BID = "bid", "Bid for funding"
        SERVICE_CHANGE = "service_change", "Service change"
        PLAN = "plan", "Plan"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    ref = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    # Who proposes it: one organisation or one partnership.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposer_partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    places = models.ManyToManyField(Place, blank=True, related_name="+")
    # Beds: the change in hospital beds it proposes (negative: a reduction), whether an
    # independent review has looked at it, and which of NHS England's conditions it meets.
    beds_change = models.IntegerField(null=True, blank=True)
    independent_review = models.BooleanField(null=True, blank=True)
    bed_conditions = models.ManyToManyField(BedCondition, blank=True, related_name="+")
    # The agenda item where a board decides it.
    item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    created_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The summary of its assurances as last derived (services.assurance keeps it whenever
    # the proposal or an assessment changes): read with the agenda's own items, so that a
    # meeting's pages show it at no cost in queries (QUALITY P4). Empty: not yet derived.
    assurance = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "ref"]
        constraints = [
            models.CheckConstraint(
                condition=~(
                    models.Q(organisation__isnull=False)
                    & models.Q(proposer_partnership__isnull=False)
                ),
                name="proposal_one_proposer",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Assessment(Versioned):
    """A proposal's assessment on one assurance: the evidence, the rating and the reason.
    The rating the system derives (the bed rule) is `rating`; what the assessor judged is
    kept as `judged` beside it."""

    class Rating(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly_met", "Partly met"
        NOT_MET = "not_met", "Not met"

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assessments")
    assurance = models.ForeignKey(Assurance, on_delete=models.PROTECT, related_name="+")
    evidence = models.TextField(blank=True)
    judged = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    rating = models.CharField(max_length=12, choices=Rating.choices, blank=True)
    reason = models.TextField(blank=True)
    assessed_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal", "assurance__order"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "assurance"], name="assessment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.assurance}"


# ------------------------------------------------------------------ investment framework


class Framework(models.Model):
    """A board's investment framework, one version of it: criteria and weights bids are
    scored against. Agreed by a decision of the board's meeting; a new version is drafted,
    never an agreed one edited."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Superseded"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    scale_max = models.PositiveSmallIntegerField(default=5)  # each criterion scored 0..max
    agreed_on = models.DateField(null=True, blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    # The agenda item that brings this version to the board's meeting to agree.
    item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="framework"
    )
    # The draft's edits, counted: an edit made on a stale copy is refused, not saved over
    # another's (QUALITY R2). `version` numbers the framework's versions, not its edits.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["board", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["board", "version"], name="framework_unique"),
            # One agreed version of a board's framework at a time, and one draft.
            models.UniqueConstraint(
                fields=["board"],
                condition=models.Q(status="agreed"),
                name="framework_one_agreed",
            ),
            models.UniqueConstraint(
                fields=["board"],
                condition=models.Q(status="draft"),
                name="framework_one_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gte=1), name="framework_scale_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Criterion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    weight = models.PositiveSmallIntegerField()  # relative: a share of the criteria's sum

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "key"], name="criterion_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="criterion_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class FrameworkGateway(models.Model):
    """A gateway criterion a board's investment framework meets once the board agrees it:
    data, with its source (London: seed 004 names the Investment Framework as the place
    the SPB's decision-making processes and its delivery support are to be agreed)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey(GatewayCriterion, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    source, quote = _cited(null=False)

    class Meta:
        ordering = ["board", "order"]
        constraints = [
            models.UniqueConstraint(fields=["board", "criterion"], name="framework_gateway_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.board}: {self.criterion}"


# ------------------------------------------------------------------ bids


class Bid(Versioned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ASSESSED = "assessed", "Assessed"
        RECOMMENDED = "recommended", "Recommended"
        ALLOCATED = "allocated", "Allocated"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="bid")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="bids")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="bids")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    outcomes = models.TextField(blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["proposal__ref"]

    def __str__(self) -> str:
        return str(self.proposal)


class BidAmount(models.Model):
    """What a bid asks for in one financial year."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="amounts")
    year = models.CharField(max_length=7, validators=[financial_year])
    amount = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["bid", "year"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "year"], name="bid_amount_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: £{self.amount:,}"


class Measure(models.Model):
    """An outcome measure a bid commits to, with its baseline and target; the recipient
    reports against it (MeasureReport)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="measures")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=300)
    unit = models.CharField(max_length=60, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["bid", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "number"], name="measure_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class BidDocument(models.Model):
    """A document with a bid, checked like a board paper (meetings.papers)."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to="bids/%Y/%m/")
    file_type = models.CharField(max_length=10)
    file_size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class BidEvent(models.Model):
    """A bid's history: every change of state, with who and why."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, choices=Bid.State.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        PERSON, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["bid", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.bid}: {self.from_state or 'new'} to {self.to_state}"


class Score(models.Model):
    """A named assessor's score of a bid on one criterion of the framework."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    assessor = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["bid", "criterion__order", "assessor"]
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion", "assessor"], name="score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bid}: {self.criterion_id} {self.score}"


# ------------------------------------------------------------------ allocations


class Allocation(models.Model):
    """Money a board's decision gives a bid from a category's year, or recommends to the
    body that holds the power (SPEC §5): a recommendation is never counted as allocated."""

    class Status(models.TextChoices):
        RECOMMENDED = "recommended", "Recommended"
        ALLOCATED = "allocated", "Allocated"

    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="allocations")
    # Its stable number within its bid, its key (/bids/<ref>/allocations/<number>).
    number = models.PositiveIntegerField(editable=False)
    category_year = models.ForeignKey(
        CategoryYear, on_delete=models.PROTECT, related_name="allocations"
    )
    amount = models.PositiveBigIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices)
    recommended_to = models.CharField(max_length=200, blank=True)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    made_on = models.DateField()  # the meeting's date

    class Meta:
        ordering = ["made_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "category_year", "decision"], name="allocation_unique"
            ),
            models.UniqueConstraint(fields=["bid", "number"], name="allocation_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bid}: £{self.amount:,} ({self.get_status_display()})"


class SpendReport(models.Model):
    """The recipient's report of what an allocation has spent to date."""

    allocation = models.ForeignKey(
        Allocation, on_delete=models.CASCADE, related_name="spend_reports"
    )
    reported_on = models.DateField()
    spent_to_date = models.PositiveBigIntegerField()
    note = models.TextField(blank=True)
    reported_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["allocation", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"£{self.spent_to_date:,} spent by {self.reported_on}"


class MeasureReport(models.Model):
    """A reading of a bid's outcome measure, reported by the recipient."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    reported_by = models.ForeignKey(PERSON, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.reported_on}"


# ------------------------------------------------------------------ fair share


class FairShareBasis(models.Model):
    """How a fund's fair share is guided at one level: each place of the level weighted by
    its population times its weight (1 unless a FairShareWeight says otherwise)."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, related_name="fair_shares")
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(blank=True)
    source, quote = _cited(null=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fund", "level"], name="fair_share_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.fund} by {self.level}"


class FairShareWeight(models.Model):
    basis = models.ForeignKey(FairShareBasis, on_delete=models.CASCADE, related_name="weights")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(max_digits=8, decimal_places=4)
    source, quote = _cited(null=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["basis", "place"], name="fair_share_weight_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.place}: {self.weight}"


# ------------------------------------------------------------------ partner contributions


class ContributionYear(models.Model):
    """A partnership's contributions to its own programme in one financial year: what the
    paper states as the total (which may differ from its rows' sum), the programme's
    planned costs where known, and any later note on the figures."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")
    year = models.CharField(max_length=7, validators=[financial_year])
    title = models.CharField(max_length=300, blank=True)
    stated_total = models.PositiveBigIntegerField(null=True, blank=True)
    stated_total_text = models.CharField(max_length=60, blank=True)  # as the paper prints it
    planned_costs = models.PositiveBigIntegerField(null=True, blank=True)
    planned_costs_note = models.TextField(blank=True)
    later_note = models.TextField(blank=True)
    later_note_date = models.DateField(null=True, blank=True)
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    source, quote = _cited(null=False)

    class Meta:
        ordering = ["partnership", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"], name="contribution_year_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Contributions {self.year}"


class Contribution(Versioned):
    """One partner's contribution in a year: cash (null where not given) and what it gives
    in kind, in the paper's words, with its notes."""

    year = models.ForeignKey(
        ContributionYear, on_delete=models.CASCADE, related_name="contributions"
    )
    key = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    partner = models.CharField(max_length=200)  # as the paper names it
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    via = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(null=True, blank=True)
    amount_text = models.CharField(max_length=200, blank=True)  # as the paper prints it
    in_kind = models.TextField(blank=True)
    notes = models.TextField(blank=True)  # the paper's notes column
    prior_agreement = models.TextField(blank=True)
    note = models.TextField(blank=True)  # the data's own note on the row
    source, quote = _cited(null=False)

    class Meta:
        ordering = ["year", "order"]
        constraints = [
            models.UniqueConstraint(fields=["year", "key"], name="contribution_unique"),
        ]

    def __str__(self) -> str:
        return self.partner
