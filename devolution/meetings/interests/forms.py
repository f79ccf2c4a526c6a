"""The register of interests' forms: declaring an interest, ending one, the register's
filter, and recording a declaration made at a meeting (SPEC §9).

Whether an entry names one organisation or one partnership, and whether it ends before
it starts, the service decides, so the page and the API say it in the same words."""

from typing import Any

from django import forms

from devolution.core.fields import (
    CheckedForm,
    DayMonthYearField,
    blank_choice,
    choices_given,
    searchable,
)

from .services import INTEREST_KINDS

DESCRIPTION_LIMIT = 4000
EMAIL_ERRORS = {
    "required": "Enter the member's email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
}


def _choose(field: forms.Field, label: str, choices: list[tuple[Any, str]]) -> None:
    choices_given(field, label, choices)


class InterestForm(CheckedForm):
    person_email = forms.EmailField(
        label="Email address of the member (optional)",
        required=False,
        max_length=254,
        help_text="The address they sign in with. Leave it empty for your own entry",
        error_messages=EMAIL_ERRORS,
    )
    kind = forms.ChoiceField(
        label="Kind of interest",
        choices=blank_choice("Choose a kind", INTEREST_KINDS),
        error_messages={
            "required": "Choose the kind of interest",
            "invalid_choice": "Choose one of the kinds listed",
        },
    )
    organisation = searchable(
        forms.ChoiceField(
            label="Organisation concerned",
            required=False,
            help_text="Name an organisation or a partnership, not both",
            error_messages={"invalid_choice": "Choose one of the organisations listed"},
        )
    )
    partnership = searchable(
        forms.ChoiceField(
            label="Or the partnership concerned",
            required=False,
            error_messages={"invalid_choice": "Choose one of the partnerships listed"},
        )
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DESCRIPTION_LIMIT,
        help_text="For example the post held, or the family member's role",
        error_messages={
            "max_length": f"The description must be {DESCRIPTION_LIMIT} characters or fewer"
        },
    )
    start = DayMonthYearField(
        what="the date it started",
        label="From (optional)",
        required=False,
        help_text="For example 1 4 2017",
    )
    end = DayMonthYearField(
        what="the date it ended",
        label="To (optional)",
        required=False,
        help_text="Leave it empty while the interest continues",
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[str, str]],
        partnerships: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        # Its ids its own (declare-organisation...): the register page shows it beside its
        # filter, whose organisation select would otherwise share an id with this one.
        kwargs.setdefault("auto_id", "declare-%s")
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], "None", organisations)
        _choose(self.fields["partnership"], "None", partnerships)


class InterestEndForm(CheckedForm):
    """One on the page for each current entry, each with its own prefix."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": "The form is out of date: reload the page and try again."},
    )
    end = DayMonthYearField(what="the date it ended", label="Date it ended")


class InterestFilter(CheckedForm):
    """The register's filter. `partnership` (a key: empty for the default) is whose
    register is listed (its people's entries and those naming its bodies) and whose
    organisations the organisation filter and the declare form offer; a member's email
    address finds their whole register, whatever their partnership. A page at a time
    (PAGE_SIZE)."""

    partnership = forms.CharField(
        label="Partnership (optional)",
        required=False,
        max_length=100,
        help_text="Its key, as in the address of its page: its register, and its organisations "
        "to choose from. Leave it empty for the default",
        error_messages={"max_length": "A partnership's key is 100 characters or fewer"},
    )
    person = forms.CharField(
        label="Member's email address",
        required=False,
        max_length=254,
        error_messages={"max_length": "An email address is 254 characters or fewer"},
    )
    organisation = searchable(
        forms.ChoiceField(
            label="Organisation",
            required=False,
            error_messages={"invalid_choice": "Choose one of the organisations listed"},
        )
    )

    def __init__(self, *args: Any, organisations: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["organisation"], "All organisations", organisations)


class DeclarationForm(CheckedForm):
    person_email = forms.EmailField(
        label="Email address of the member",
        max_length=254,
        help_text="The address they sign in with",
        error_messages=EMAIL_ERRORS,
    )
    item = forms.TypedChoiceField(
        label="On an item (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Leave it at the whole meeting when the declaration is not about one item",
        error_messages={"invalid_choice": "Choose one of this meeting's items"},
    )
    interest = forms.TypedChoiceField(
        label="Register entry (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The entries in force on the day of those recorded at the meeting",
        error_messages={"invalid_choice": "Choose one of the register entries listed"},
    )
    text = forms.CharField(
        label="What was declared",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=DESCRIPTION_LIMIT,
        error_messages={
            "required": "Write what was declared",
            "max_length": f"The declaration must be {DESCRIPTION_LIMIT} characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        items: list[tuple[int, str]],
        interests: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["item"], "The whole meeting", items)
        _choose(self.fields["interest"], "None", interests)
