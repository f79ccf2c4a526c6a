"""Places, organisations, partnerships and the people who belong to them (SPEC §2)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

from devolution.core.models import Source, Versioned

ods_code = RegexValidator(r"^[A-Z0-9]{3,6}$", "An ODS code is 3 to 6 capital letters or digits")
gss_code = RegexValidator(r"^[EWSNK]\d{8}$", "A GSS code is a letter and 8 digits, like E09000001")
companies_house = RegexValidator(
    r"^[A-Z0-9]{8}$", "A company number is 8 characters, like 01234567"
)
charity_number = RegexValidator(r"^\d{6,8}(-\d{1,2})?$", "A charity number is 6 to 8 digits")


class Level(models.Model):
    """A spatial level: locality < borough < multi-borough < STP < region < national."""

    key = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class Place(Versioned):
    """A place in the tree (region → STP → borough → locality); a multi-borough place
    is also a named set of boroughs (`comprises`)."""

    class Scheme(models.TextChoices):
        GSS = "gss", "ONS GSS code"
        ODS = "ods", "NHS ODS code"
        LOCAL = "local", "Devolution's own code"

    code = models.CharField(max_length=40, unique=True)
    scheme = models.CharField(max_length=5, choices=Scheme.choices)
    name = models.CharField(max_length=200)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="places")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    comprises = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="part_of"
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    population_note = models.CharField(max_length=100, blank=True)
    population_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["level__rank", "name"]
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return self.name


class OrganisationType(models.TextChoices):
    NHS_ENGLAND = "nhs_england", "NHS England"
    NHS_IMPROVEMENT = "nhs_improvement", "NHS Improvement"
    CQC = "cqc", "Care Quality Commission"
    HEE = "hee", "Health Education England"
    PHE = "phe", "Public Health England"
    DEPARTMENT_OF_HEALTH = "department_of_health", "Department of Health"
    GLA = "gla", "Greater London Authority"
    LONDON_COUNCILS = "london_councils", "London Councils"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CCG = "ccg", "Clinical commissioning group"
    NHS_TRUST = "nhs_trust", "NHS trust"
    FOUNDATION_TRUST = "foundation_trust", "NHS foundation trust"
    OTHER_PROVIDER = "other_provider", "Other provider"
    VOLUNTARY_SECTOR = "voluntary_sector", "Voluntary and community sector"
    HEALTHWATCH = "healthwatch", "Healthwatch"
    EDUCATION_BODY = "education_body", "Education and skills body"
    # Not a statutory body: a programme its partners run together (Healthy London
    # Partnership), never counted as any one of them.
    PARTNERSHIP_PROGRAMME = "partnership_programme", "Partnership programme"


class Organisation(Versioned):
    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    type = models.CharField(max_length=30, choices=OrganisationType.choices)
    ods_code = models.CharField(max_length=6, blank=True, validators=[ods_code])
    gss_code = models.CharField(max_length=9, blank=True, validators=[gss_code])
    companies_house = models.CharField(max_length=8, blank=True, validators=[companies_house])
    charity_number = models.CharField(max_length=11, blank=True, validators=[charity_number])
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    note = models.TextField(blank=True)
    serves = models.ManyToManyField(Place, blank=True, related_name="organisations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["type", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["ods_code"],
                condition=~models.Q(ods_code=""),
                name="organisation_ods_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(Versioned):
    """A named grouping of organisations that is not a legal entity."""

    class Kind(models.TextChoices):
        STP = "stp", "Sustainability and transformation partnership"
        DEVOLUTION_PILOT = "devolution_pilot", "Devolution pilot"
        INTEGRATION = "integration", "Integration partnership"
        ALLIANCE = "alliance", "Alliance"
        VANGUARD = "vanguard", "Vanguard"
        OTHER = "other", "Other partnership"

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    footprint = models.ManyToManyField(Place, blank=True, related_name="partnerships")
    members = models.ManyToManyField(Organisation, blank=True, related_name="partnerships")
    # The partnership shown where a page is about one partnership's boards, commitments
    # and meetings and none is chosen: the one this deployment runs (at most one).
    is_default = models.BooleanField(default=False)
    # The day the data set describes the partnership as at (the date of its latest
    # paper): its pages open as at that day (partners.as_at), so "stale" and "overdue"
    # are read then, not against today's clock. None: pages open as at today.
    describes = models.DateField(null=True, blank=True)
    describes_source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_partnership",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "Secretariat officer"
    CHAIR = "chair", "Chair or co-chair"
    BOARD_MEMBER = "board_member", "Board member"
    COMMITMENT_OWNER = "commitment_owner", "Commitment owner"
    APPLICANT = "applicant", "Applicant"
    ASSESSOR = "assessor", "Bid assessor"
    ESTATES_LEAD = "estates_lead", "Estates lead"
    READ_ONLY = "read_only", "Read only"


class Membership(models.Model):
    """A person's place in an organisation, and the role they hold there."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}, {self.organisation}"


class GlossaryTerm(models.Model):
    """An abbreviation the partnership's papers use, with what it stands for, what it means
    in plain words and where it is used or spelt out (the glossary page, and the pages that
    mark it where it appears)."""

    key = models.SlugField(max_length=40, unique=True)  # the anchor on the glossary page
    abbreviation = models.CharField(max_length=20, unique=True)
    expansion = models.CharField(max_length=200)
    meaning = models.TextField()
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=200)  # where in the source: slide, page, section
    quote = models.TextField(blank=True)  # the source's own words, where it spells it out
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["abbreviation"]

    def __str__(self) -> str:
        return f"{self.abbreviation} ({self.expansion})"
