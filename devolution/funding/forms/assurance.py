"""The forms of proposals and their assessment against the Mayor's six assurances."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, blank_choice, choices_given, searchable

from ..selectors import assurance as selectors

REVIEW_CHOICES = [("yes", "Yes"), ("no", "No"), ("", "Not stated")]


class BedFactsForm(CheckedForm):
    """What a proposal (a service change, a plan, a bid) does to hospital beds, for the
    bed rule of the Mayor's assurances."""

    beds_change = forms.IntegerField(
        label="Change in hospital beds",
        required=False,
        min_value=-100_000,
        max_value=100_000,
        help_text="How many beds it adds, or takes away as a negative number (for example -20). "
        "Leave it empty if the proposal does not say",
        error_messages={"invalid": "Enter a whole number of beds, for example -20 or 15"},
    )
    independent_review = forms.ChoiceField(
        label="Has an independent review looked at the change in beds?",
        required=False,
        choices=REVIEW_CHOICES,
        widget=forms.RadioSelect,
    )
    conditions = forms.MultipleChoiceField(
        label="Which of NHS England's conditions for closing beds does it meet?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose conditions from the list"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        conditions: Any = self.fields["conditions"]
        conditions.choices = selectors.condition_choices()

    def review(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("independent_review") or "")


def bed_facts_initial(proposal: Any) -> dict[str, Any]:
    return {
        "beds_change": proposal.beds_change,
        "independent_review": {True: "yes", False: "no"}.get(proposal.independent_review, ""),
        "conditions": [c.key for c in proposal.bed_conditions.all()],
    }


class ProposalForm(BedFactsForm):
    """A service change or a plan: what it is, who proposes it, the places it touches and
    what it does to hospital beds."""

    field_order = (
        "kind",
        "title",
        "summary",
        "proposer",
        "places",
        "beds_change",
        "independent_review",
        "conditions",
        "item",
    )

    kind = forms.ChoiceField(
        label="What kind of proposal is it?",
        error_messages={
            "required": "Choose a service change or a plan",
            "invalid_choice": "Choose a service change or a plan",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Give the proposal a title"},
    )
    summary = forms.CharField(
        label="Summary", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposer = searchable(
        forms.ChoiceField(
            label="Who proposes it",
            required=False,
            help_text="One organisation or one partnership",
            error_messages={"invalid_choice": "Choose an organisation or a partnership listed"},
        )
    )
    places = searchable(
        forms.MultipleChoiceField(
            label="Places it affects",
            required=False,
            error_messages={"invalid_choice": "Choose places from the list"},
        )
    )
    item = searchable(
        forms.ChoiceField(
            label="The agenda item where a board decides it",
            required=False,
            help_text="Its assurance is then shown on the item, its decision and the public agenda",
            error_messages={"invalid_choice": "Choose an agenda item listed"},
        )
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        partnership: Any = None,
        proposal: Any = None,
        **kwargs: Any,
    ) -> None:
        """`partnership`: the one whose business the proposal is (selectors.home_partnership),
        which bounds the choices; `proposal`: the one changed, whose values stay offered."""
        super().__init__(*args, **kwargs)
        current_item = proposal.item_id if proposal is not None else None
        choices_given(
            self.fields["item"], "None yet", selectors.item_choices(partnership, current_item)
        )
        kind: Any = self.fields["kind"]
        kind.choices = blank_choice("Choose a kind", selectors.KIND_CHOICES)
        choices_given(
            self.fields["proposer"], "Not named", selectors.proposer_choices(partnership, proposal)
        )
        places: Any = self.fields["places"]
        places.choices = selectors.place_choices(partnership, proposal)

    def proposer_keys(self) -> tuple[str, str]:
        """(organisation key, partnership key): one of them, or neither."""
        value = self.cleaned_data.get("proposer") or ""
        kind, _, key = value.partition(":")
        return (key, "") if kind == "org" else ("", key) if kind == "partnership" else ("", "")


def proposal_initial(proposal: Any) -> dict[str, Any]:
    proposer = (
        f"org:{proposal.organisation.key}"
        if proposal.organisation_id
        else f"partnership:{proposal.proposer_partnership.key}"
        if proposal.proposer_partnership_id
        else ""
    )
    return {
        "kind": proposal.kind,
        "title": proposal.title,
        "summary": proposal.summary,
        "proposer": proposer,
        "places": [p.code for p in proposal.places.all()],
        **bed_facts_initial(proposal),
        "item": str(proposal.item_id) if proposal.item_id else "",
        "version": proposal.version,
    }


class AssessmentForm(CheckedForm):
    """A proposal's assessment on one assurance."""

    rating = forms.ChoiceField(
        label="Is the assurance met?",
        choices=selectors.RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose met, partly met or not met",
            "invalid_choice": "Choose met, partly met or not met",
        },
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the proposal shows for this assurance, and where",
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the assurance is not met or only partly met",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
