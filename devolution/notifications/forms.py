"""The preferences form: for each kind of notification, how it reaches the person."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm

from .rules.kinds import KINDS, MODE_LABELS


class PreferencesForm(CheckedForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS:
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=list(MODE_LABELS.items()),
                widget=forms.Select,
                error_messages={
                    "required": f"Choose how you are told of this: {kind.label.lower()}.",
                    "invalid_choice": f"Choose one of the ways offered for: {kind.label.lower()}.",
                },
            )
