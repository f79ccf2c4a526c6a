"""What every app's forms share: the base form that refuses control characters beside the
field (CheckedForm), a date given as the NHS.UK date input's three boxes, day, month and
year (shown by the date_field macro of core/_parts.jinja), a choice list led by an
empty choice, and a choice among many (organisations, places) that the page offers as
an accessible autocomplete."""

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from .rules.text import refusal, unsafe_character


class TextChecked:
    """Every page's form: text refused beside its box when it holds a control character
    (core.rules.text), and a line break in a box of one line (any but a Textarea).

    Whatever comes over HTTP has been checked already for control characters by
    core.middleware.RequestInputMiddleware, which cannot know a box of one line from a
    box of several; this form can, and also checks what is not sent over HTTP.
    """

    def full_clean(self: Any) -> None:
        super().full_clean()  # type: ignore[misc]
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            single_line = not isinstance(field.widget, forms.Textarea)
            found = unsafe_character(value, single_line=single_line)
            if found:
                self.add_error(name, refusal(str(field.label or name), found))


class CheckedForm(TextChecked, forms.Form):
    """The base of every page's form (a model's form takes TextChecked itself)."""


SEARCHABLE = "data-devolution-autocomplete"
F = TypeVar("F", bound=forms.Field)


def searchable(field: F) -> F:
    """A choice among many (organisations, places, partnerships): its select, one or
    several, is marked for core/static/core/autocomplete.js to offer as the accessible
    autocomplete (alphagov's, as GOV.UK and NHS.UK services use), typed to find; without
    JavaScript the select works as it is. core/_form.jinja writes the mark."""
    field.widget.attrs[SEARCHABLE] = ""
    return field


def is_optional(field: forms.Field) -> bool:
    """Whether a field shown with a label may be left empty: its label then says
    "(optional)" (core/_form.jinja, label_text). A checkbox is never said to be."""
    return not field.required and not isinstance(
        field.widget, forms.CheckboxInput | forms.HiddenInput
    )


def label_text(bound: forms.BoundField) -> str:
    """A field's label as every form shows it: "(optional)" after it when it is optional
    (is_optional), once, whether or not the form's own label says so already."""
    label = str(bound.label)
    if is_optional(bound.field) and not label.endswith("(optional)"):
        return f"{label} (optional)"
    return label


def blank_choice(label: str, choices: Iterable[tuple[Any, str]]) -> list[tuple[str, str]]:
    """`choices` led by an empty one saying what choosing none means ("All statuses",
    "Choose a phase"), each value as the text a form sends back."""
    return [("", label), *((str(value), text) for value, text in choices)]


def choices_given(field: forms.Field, label: str, choices: Iterable[tuple[Any, str]]) -> None:
    """Give a choice field `choices` (value and text pairs, no groups) led by the empty
    one, `label`. Django's setters would normalise the list twice, for the field and for
    its widget, to the very pairs blank_choice makes: for a select of a partnership's
    hundred bodies that costs more than the page's rows (QUALITY P2), so they are set as
    made."""
    given = blank_choice(label, choices)
    target: Any = field
    target._choices = given
    target.widget._choices = given


class DayMonthYear(forms.MultiWidget):
    """The three boxes of the NHS.UK date input: name_day, name_month, name_year."""

    def __init__(self) -> None:
        super().__init__(
            widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DayMonthYearField(forms.Field):
    """A date given as day, month and year, with the NHS.UK pattern's error messages.

    `error_parts` names the boxes at fault, so the page marks only those and the error
    summary links to the first of them.
    """

    widget = DayMonthYear
    PARTS = ("day", "month", "year")

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.what = what
        self.error_parts: tuple[str, ...] = ()

    def refused(self, message: str, parts: tuple[str, ...] = PARTS) -> ValidationError:
        """The error for a date refused, the boxes at fault marked (all of them unless
        named): for the field's own checks, and a form's (a date in the future)."""
        self.error_parts = parts
        return ValidationError(message)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        given = [str(v or "").strip() for v in (list(value or []) + [None] * 3)[:3]]
        what = self.what
        if not any(given):
            if self.required:
                raise self.refused(f"Enter {what}")
            return None
        missing = tuple(n for n, v in zip(self.PARTS, given, strict=True) if not v)
        if missing:
            raise self.refused(
                f"{what.capitalize()} must include a {' and a '.join(missing)}", missing
            )
        # ASCII digits only: str.isdigit also takes "²" and other digits int() refuses.
        not_numbers = tuple(
            n for n, v in zip(self.PARTS, given, strict=True) if not (v.isascii() and v.isdigit())
        )
        if not_numbers:
            raise self.refused(
                f"{what.capitalize()} must be in numbers, like 22 3 2018", not_numbers
            )
        day, month, year = (int(v) for v in given)
        if len(given[2]) != 4:
            raise self.refused("The year must be 4 numbers, like 2018", ("year",))
        try:
            return dt.date(year, month, day)
        except ValueError:
            wrong = ("month",) if not 1 <= month <= 12 else ("day",)
            raise self.refused(f"{what.capitalize()} must be a real date", wrong) from None

    def parts(self, bound_value: Any) -> dict[str, str]:
        """The day, month and year to show in the boxes again."""
        if isinstance(bound_value, dt.date):
            values: list[Any] = [bound_value.day, bound_value.month, bound_value.year]
        else:
            values = (list(bound_value or []) + [None] * 3)[:3]
        return {n: "" if v is None else str(v) for n, v in zip(self.PARTS, values, strict=True)}


def date_refused(form: forms.BaseForm, name: str, message: str) -> ValidationError:
    """A form's refusal of the date in its field `name`, every box of it marked."""
    field = form.fields[name]
    assert isinstance(field, DayMonthYearField)
    return field.refused(message)
