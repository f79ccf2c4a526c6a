"""The forms of the bid pages: a bid's draft (made and edited), the list's filter, a
document's upload and a change of state. The service checks what matters (the rules,
the records named); these forms only read what was sent."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, choices_given, searchable

from ..rules import bids as rules
from ..selectors import bids as selectors
from ..services.bids import BidData, MeasureData
from .assurance import BedFactsForm, bed_facts_initial

MEASURE_ROWS = 3
STATE_LABELS = {
    "draft": "Draft",
    "submitted": "Submitted",
    "assessed": "Assessed",
    "recommended": "Recommended",
    "allocated": "Allocated",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
}


class BidFilter(CheckedForm):
    state = forms.ChoiceField(label="State", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["state"], "All states", STATE_LABELS.items())


class BidForm(BedFactsForm):
    """A bid's draft: who makes it, what it asks of which fund's category at which level,
    for what and for whom, what it does to hospital beds, its measures and its evidence
    on each assurance."""

    field_order = (
        "applicant",
        "title",
        "category",
        "level",
        "places",
        "purpose",
        "outcomes",
        "beds_change",
        "independent_review",
        "conditions",
    )

    applicant = forms.ChoiceField(
        label="Who is making the bid",
        help_text="Your organisation, or a partnership it is a member of.",
    )
    title = forms.CharField(label="Title", max_length=300)
    category = forms.ChoiceField(
        label="Fund and category",
        help_text="Only the categories open to bids are offered.",
    )
    level = forms.ChoiceField(
        label="Spatial level",
        help_text="Local (a locality, a borough or several boroughs), sub-regional (a "
        "sustainability and transformation partnership, STP) or pan-London.",
    )
    places = searchable(
        forms.MultipleChoiceField(
            label="Places the bid serves",
            required=False,
            help_text="Places at the bid's spatial level. Needed before you submit.",
        )
    )
    purpose = forms.CharField(
        label="Purpose",
        required=False,
        widget=forms.Textarea,
        help_text="What the money is for. Needed before you submit.",
    )
    outcomes = forms.CharField(
        label="Outcomes",
        required=False,
        widget=forms.Textarea,
        help_text="What will be better, and for whom. Needed before you submit.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, person: Any, measure_rows: int = MEASURE_ROWS, **kw: Any):
        super().__init__(*args, **kw)
        choices_given(
            self.fields["applicant"],
            "Choose who is making the bid",
            selectors.applicants_for(person),
        )
        categories = selectors.categories_open()
        choices_given(
            self.fields["category"],
            "Choose a category",
            [(f"{c.fund.key}/{c.key}", f"{c.fund.name}: {c.name}") for c in categories],
        )
        choices_given(
            self.fields["level"],
            "Choose a level",
            [
                (lv.key, f"{rules.level_group(lv.key)}: {lv.name}")
                for lv in selectors.levels_offered()
            ],
        )
        places: Any = self.fields["places"]
        places.choices = selectors.places_offered()
        self.years = sorted({y.year for c in categories for y in c.years.all()})
        for year in self.years:
            self.fields[f"amount_{year}"] = forms.IntegerField(
                label=f"Amount asked for {year}, in whole pounds",
                required=False,
                min_value=0,
                max_value=10**12,
            )
        self.measure_rows = measure_rows
        for n in range(1, measure_rows + 1):
            self.fields[f"measure_{n}_name"] = forms.CharField(
                label=f"Measure {n}", max_length=300, required=False
            )
            self.fields[f"measure_{n}_unit"] = forms.CharField(
                label=f"Measure {n}: unit", max_length=60, required=False
            )
            self.fields[f"measure_{n}_baseline"] = forms.CharField(
                label=f"Measure {n}: baseline", max_length=30, required=False
            )
            self.fields[f"measure_{n}_target"] = forms.CharField(
                label=f"Measure {n}: target", max_length=30, required=False
            )
        partnerships = {c.fund.partnership_id for c in categories}
        seen: set[str] = set()
        self.assurances = []
        for assurance in selectors.assurances_of(None):
            if assurance.partnership_id in partnerships and assurance.key not in seen:
                seen.add(assurance.key)
                self.assurances.append(assurance)
                self.fields[f"evidence_{assurance.key}"] = forms.CharField(
                    label=f"Evidence: {assurance.title}",
                    help_text=assurance.words,
                    required=False,
                    widget=forms.Textarea,
                )

    def bid_data(self) -> BidData:
        data = self.cleaned_data
        return BidData(
            title=data["title"],
            category=data["category"],
            level=data["level"],
            applicant=data["applicant"],
            purpose=data.get("purpose") or "",
            outcomes=data.get("outcomes") or "",
            places=list(data.get("places") or []),
            amounts={year: data.get(f"amount_{year}") for year in self.years},
            measures=[
                MeasureData(
                    name=data.get(f"measure_{n}_name") or "",
                    unit=data.get(f"measure_{n}_unit") or "",
                    baseline=data.get(f"measure_{n}_baseline") or None,
                    target=data.get(f"measure_{n}_target") or None,
                )
                for n in range(1, self.measure_rows + 1)
            ],
            evidence={a.key: data.get(f"evidence_{a.key}") or "" for a in self.assurances},
            beds_change=data.get("beds_change"),
            independent_review=self.review(),
            conditions=list(data.get("conditions") or []),
        )


def bid_initial(bid: Any) -> dict[str, Any]:
    """A draft's form as it is saved."""
    proposal = bid.proposal
    initial: dict[str, Any] = {
        "applicant": (
            f"organisation:{proposal.organisation.key}"
            if proposal.organisation
            else f"partnership:{proposal.proposer_partnership.key}"
            if proposal.proposer_partnership
            else ""
        ),
        "title": proposal.title,
        "category": f"{bid.fund.key}/{bid.category.key}",
        "level": bid.level.key,
        "places": [p.code for p in proposal.places.all()],
        "purpose": proposal.summary,
        "outcomes": bid.outcomes,
        **bed_facts_initial(proposal),
        "version": bid.version,
    }
    for amount in bid.amounts.all():
        initial[f"amount_{amount.year}"] = amount.amount
    for n, measure in enumerate(bid.measures.all(), start=1):
        initial[f"measure_{n}_name"] = measure.name
        initial[f"measure_{n}_unit"] = measure.unit
        initial[f"measure_{n}_baseline"] = measure.baseline
        initial[f"measure_{n}_target"] = measure.target
    for assessment in proposal.assessments.all():
        initial[f"evidence_{assessment.assurance.key}"] = assessment.evidence
    return initial


class DocumentForm(CheckedForm):
    title = forms.CharField(label="Document title", max_length=300)
    file = forms.FileField(
        label="File",
        required=False,
        help_text="A PDF, Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) document.",
    )


class MoveForm(CheckedForm):
    """A change of state: the version the person saw, and a note for the history."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label="Note (optional)", required=False, max_length=2000)
