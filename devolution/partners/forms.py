"""Filters for the lists and the organisation edit form."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, TextChecked, blank_choice

from .models import Level, Organisation, OrganisationType, Partnership


class PlaceFilter(CheckedForm):
    level = forms.ChoiceField(label="Level", required=False)
    q = forms.CharField(label="Name or code", required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level: Any = self.fields["level"]
        level.choices = blank_choice("All levels", list(Level.objects.values_list("key", "name")))


class OrganisationFilter(CheckedForm):
    type = forms.ChoiceField(
        label="Type", required=False, choices=blank_choice("All types", OrganisationType.choices)
    )
    place = forms.CharField(
        label="Serves place (code)",
        required=False,
        max_length=40,
        help_text="A GSS or ODS code, like E09000012 or QMF",
    )
    q = forms.CharField(label="Name or code", required=False, max_length=100)


class PartnershipFilter(CheckedForm):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=blank_choice("All kinds", Partnership.Kind.choices)
    )
    q = forms.CharField(label="Name", required=False, max_length=100)


class OrganisationForm(TextChecked, forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput)
    website = forms.URLField(label="Website", required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "short_name",
            "website",
            "description",
            "ods_code",
            "companies_house",
            "charity_number",
        ]
        labels = {
            "short_name": "Short name",
            "ods_code": "NHS ODS code",
            "companies_house": "Companies House number",
            "charity_number": "Charity number",
        }
