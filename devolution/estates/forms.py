"""The asset register's forms: a site's facts, the register's filters, and the import."""

from decimal import Decimal
from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, choices_given, searchable

from .models import Condition, Status, Tenure
from .rules.utilisation import SURPLUS, UNDER_USED

FLAGS = {UNDER_USED: "Flagged as under-used", SURPLUS: "Flagged as possibly surplus"}


def _whole(label: str, help_text: str, unit: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=10**12,
        error_messages={
            "invalid": f"Enter the {unit} as a whole number, without commas.",
            "min_value": f"The {unit} cannot be below nought.",
            "max_value": f"Enter {unit} below a trillion.",
        },
    )


class SiteForm(CheckedForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    ref = forms.SlugField(
        label="Reference",
        help_text="The site's own reference, such as NCL-0042: letters, digits, '-' and '_'. "
        "It is the site's address in Devolution and cannot be changed later.",
        max_length=60,
        error_messages={
            "required": "Give the site a reference.",
            "invalid": "A reference is letters, digits, '-' and '_' only.",
        },
    )
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Give the site's name."}
    )
    owner = searchable(
        forms.TypedChoiceField(
            label="Owner organisation",
            coerce=int,
            error_messages={"required": "Choose the organisation that owns the site."},
        )
    )
    address = forms.CharField(label="Address", required=False, max_length=300)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    latitude = forms.DecimalField(
        label="Latitude",
        help_text="In degrees, such as 51.5450. With the longitude, it places the site on "
        "the map and gives its borough and STP where you do not choose them.",
        required=False,
        max_digits=9,
        decimal_places=6,
    )
    longitude = forms.DecimalField(
        label="Longitude",
        help_text="In degrees, such as -0.0553.",
        required=False,
        max_digits=9,
        decimal_places=6,
    )
    borough = searchable(
        forms.TypedChoiceField(
            label="Borough",
            help_text="Leave it to be found from the location.",
            coerce=int,
            required=False,
            empty_value=None,
        )
    )
    stp = forms.TypedChoiceField(
        label="STP",
        help_text="Leave it to be found from the borough.",
        coerce=int,
        required=False,
        empty_value=None,
    )
    tenure = forms.ChoiceField(label="Tenure", choices=Tenure.choices, initial=Tenure.UNKNOWN)
    floor_area = _whole("Floor area in square metres", "Gross internal area.", "floor area")
    use = forms.CharField(label="Use", required=False, max_length=200)
    utilisation = forms.DecimalField(
        label="Utilisation, per cent of the floor area in use",
        help_text="From 0 to 100. Or leave it empty and give the sessions below.",
        required=False,
        min_value=0,
        max_value=100,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "min_value": "Utilisation is from 0 to 100 per cent.",
            "max_value": "Utilisation is from 0 to 100 per cent.",
        },
    )
    sessions_used = _whole("Sessions used a week", "", "sessions used")
    sessions_available = _whole("Sessions available a week", "", "sessions available")
    condition = forms.ChoiceField(label="Condition", required=False)
    running_cost = _whole("Running cost a year in pounds", "Whole pounds.", "running cost")
    backlog = _whole("Backlog maintenance in pounds", "Whole pounds.", "backlog")
    status = forms.ChoiceField(label="Status", choices=Status.choices, initial=Status.OPERATIONAL)
    housing_units = _whole("Housing units possible", "", "housing units")
    shared_use = forms.BooleanField(
        label="Shared, or could be shared, with other public services", required=False
    )
    shared_use_note = forms.CharField(
        label="Which services share it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    one_public_estate = forms.BooleanField(label="In a One Public Estate programme", required=False)
    stp_priority = forms.BooleanField(label="Among its STP's priority sites", required=False)
    note = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[tuple[int, str]],
        boroughs: list[tuple[int, str]],
        stps: list[tuple[int, str]],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["owner"], "Choose the owner", organisations)
        choices_given(self.fields["borough"], "From the location", boroughs)
        choices_given(self.fields["stp"], "From the borough", stps)
        choices_given(self.fields["condition"], "Unknown", Condition.choices)
        if editing:
            del self.fields["ref"]

    def data_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        share = data.get("utilisation")
        return {
            "name": data["name"],
            "owner_id": data["owner"],
            "borough_id": data.get("borough"),
            "stp_id": data.get("stp"),
            "address": data.get("address") or "",
            "postcode": data.get("postcode") or "",
            "latitude": data.get("latitude"),
            "longitude": data.get("longitude"),
            "tenure": data.get("tenure") or Tenure.UNKNOWN,
            "floor_area": data.get("floor_area"),
            "use": data.get("use") or "",
            "utilisation": (share / 100).quantize(Decimal("0.0001")) if share is not None else None,
            "sessions_used": data.get("sessions_used"),
            "sessions_available": data.get("sessions_available"),
            "condition": data.get("condition") or "",
            "running_cost": data.get("running_cost"),
            "backlog": data.get("backlog"),
            "status": data.get("status") or Status.OPERATIONAL,
            "housing_units": data.get("housing_units"),
            "shared_use": bool(data.get("shared_use")),
            "shared_use_note": data.get("shared_use_note") or "",
            "one_public_estate": bool(data.get("one_public_estate")),
            "stp_priority": bool(data.get("stp_priority")),
            "note": data.get("note") or "",
        }


def site_initial(site: Any) -> dict[str, Any]:
    return {
        "version": site.version,
        "name": site.name,
        "owner": site.owner_id,
        "borough": site.borough_id,
        "stp": site.stp_id,
        "address": site.address,
        "postcode": site.postcode,
        "latitude": site.latitude,
        "longitude": site.longitude,
        "tenure": site.tenure,
        "floor_area": site.floor_area,
        "use": site.use,
        "utilisation": format((site.utilisation * 100).normalize(), "f")
        if site.utilisation is not None
        else None,
        "sessions_used": site.sessions_used,
        "sessions_available": site.sessions_available,
        "condition": site.condition,
        "running_cost": site.running_cost,
        "backlog": site.backlog,
        "status": site.status,
        "housing_units": site.housing_units,
        "shared_use": site.shared_use,
        "shared_use_note": site.shared_use_note,
        "one_public_estate": site.one_public_estate,
        "stp_priority": site.stp_priority,
        "note": site.note,
    }


class SiteFilter(CheckedForm):
    stp = forms.ChoiceField(label="STP", required=False)
    borough = forms.ChoiceField(label="Borough", required=False)
    status = forms.ChoiceField(label="Status", required=False)
    flag = forms.ChoiceField(label="Utilisation flag", required=False)

    def __init__(
        self,
        *args: Any,
        stps: list[tuple[str, str]],
        boroughs: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices_given(self.fields["stp"], "All STPs", stps)
        choices_given(self.fields["borough"], "All boroughs", boroughs)
        choices_given(self.fields["status"], "All statuses", Status.choices)
        choices_given(self.fields["flag"], "Flagged or not", FLAGS.items())


class ImportForm(CheckedForm):
    file = forms.FileField(
        label="The register as a CSV or Excel (.xlsx) file",
        error_messages={"required": "Choose a CSV or Excel file to import."},
    )
