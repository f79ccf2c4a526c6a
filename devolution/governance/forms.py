"""The governance pages' forms, and the words people see for the data's keys."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, blank_choice
from devolution.partners.models import Level, OrganisationType

from .legal import framework
from .models import Board
from .rules.decision_power import POWER_LABELS
from .rules.legal import FORMS, FUNCTIONS, HOLDS, SERVICES, Party, Proposal

# Readable names for the legal forms of rules/legal.py (and the few more the data's
# joint-working matrix names); any other key is shown with its underscores as spaces.
FORM_LABELS = {
    "seat_at_table": "Seat at the table",
    "co_commissioning": "Co-commissioning (joint decision-making)",
    "joint_committee": "Joint committee",
    "committees_in_common": "Committees in common",
    "delegation": "Delegation",
    "internal_delegation": "Internal delegation",
    "transfer": "Transfer of functions (s.105A order)",
    "s75_pooled_budget": "Section 75 pooled budget",
    "s75_partnership": "Section 75 partnership arrangement",
    "s102_joint_committee": "Section 102 joint committee (local authorities)",
    "combined_authority_joint_committee": "CCG and combined authority joint committee",
    "merger": "Merger",
    "joint_appointment": "Joint appointment",
    "contractual_joint_venture": "Contractual joint venture",
    "corporate_joint_venture": "Corporate joint venture",
    "strategic_partnership_board": "Strategic partnership board",
    "lead_commissioning": "Lead commissioning",
    "buddying": "Buddying",
    "leadership_forum": "Leadership forum",
    "commissioning_support": "Commissioning support (by the local authority)",
    "partnership_meeting": "Meeting in partnership, each taking its own decisions",
    "combined_authority": "Combined authority",
    "programme_board": "Programme board",
    "health_and_wellbeing_board": "Health and wellbeing board",
}
HOLDS_LABELS = {"original": "Holds it originally", "delegated": "Holds it by delegation"}
REGIONS = [("london", "London"), ("other", "Outside London")]
PARTY_ROWS = 4


def words(key: str | None) -> str:
    """A data key as words, for keys no label names."""
    return (key or "").replace("_", " ").capitalize()


def form_label(key: str | None) -> str:
    return FORM_LABELS.get(key or "", words(key))


def power_label(key: str) -> str:
    return POWER_LABELS.get(key, words(key))


def type_label(key: str | None) -> str:
    return dict(OrganisationType.choices).get(key or "", words(key))


def function_label(key: str) -> str:
    facts = framework().functions.get(key)
    return facts.name if facts else words(key)


class BoardFilter(CheckedForm):
    status = forms.ChoiceField(
        label="Status", required=False, choices=blank_choice("All statuses", Board.Status.choices)
    )


class ArrangementCheckForm(CheckedForm):
    """A proposed arrangement, for the legal framework to judge (SPEC §5)."""

    form = forms.ChoiceField(
        label="Form of the arrangement",
        choices=blank_choice("Choose a form", [(f, form_label(f)) for f in FORMS]),
        error_messages={
            "required": "Choose the form of the arrangement",
            "invalid_choice": "Choose one of the forms listed",
        },
    )
    function = forms.ChoiceField(
        label="Function (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose one of the functions listed"},
    )
    services = forms.MultipleChoiceField(
        label="Services it covers (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(s, words(s)) for s in SERVICES],
        error_messages={"invalid_choice": "Choose services from the list"},
    )
    decision_making = forms.BooleanField(
        label="The parties will take binding decisions together", required=False
    )
    region = forms.ChoiceField(
        label="Region",
        choices=REGIONS,
        initial="london",
        error_messages={
            "required": "Choose the region",
            "invalid_choice": "Choose London or outside London",
        },
    )
    level = forms.ChoiceField(
        label="Spatial level (optional)",
        required=False,
        error_messages={"invalid_choice": "Choose one of the levels listed"},
    )
    case_for_level = forms.CharField(
        label="The case for this level (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a London-level arrangement: why doing it once for all is better",
        error_messages={"max_length": "The case must be 2000 characters or fewer"},
    )
    all_parties_agree = forms.BooleanField(
        label="All relevant parties have agreed to this level", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        function: Any = self.fields["function"]
        function.choices = blank_choice("None given", [(f, function_label(f)) for f in FUNCTIONS])
        level: Any = self.fields["level"]
        level.choices = blank_choice("None given", list(Level.objects.values_list("key", "name")))
        for n in range(1, PARTY_ROWS + 1):
            self.fields[f"party_{n}_type"] = forms.ChoiceField(
                label="Organisation type",
                required=False,
                choices=blank_choice("—", list(OrganisationType.choices)),
                error_messages={"invalid_choice": f"Choose a type for party {n} from the list"},
            )
            self.fields[f"party_{n}_holds"] = forms.ChoiceField(
                label="Holds the function",
                required=False,
                choices=blank_choice("—", [(h, HOLDS_LABELS[h]) for h in HOLDS]),
                error_messages={"invalid_choice": f"Choose how party {n} holds the function"},
            )

    def party_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (n, self[f"party_{n}_type"], self[f"party_{n}_holds"]) for n in range(1, PARTY_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parties = []
        for n in range(1, PARTY_ROWS + 1):
            type_, holds = data.get(f"party_{n}_type"), data.get(f"party_{n}_holds")
            if holds and not type_:
                self.add_error(
                    f"party_{n}_type",
                    f"Choose the organisation type of party {n}, or set how it holds the "
                    "function back to —",
                )
            elif type_:
                parties.append(Party(type_, holds or None))
        if not parties and not any(
            self.has_error(f"party_{n}_type") for n in range(1, PARTY_ROWS + 1)
        ):
            self.add_error("party_1_type", "Choose the organisation type of at least one party")
        data["parties"] = tuple(parties)
        return data

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        return Proposal(
            form=data["form"],
            function=data.get("function") or None,
            parties=data["parties"],
            services=tuple(data.get("services") or ()),
            decision_making=bool(data.get("decision_making")),
            region=data["region"],
            level=data.get("level") or None,
            case_for_level=data.get("case_for_level") or None,
            all_parties_agree=bool(data.get("all_parties_agree")),
        )
