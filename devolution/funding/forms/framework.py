"""The investment framework's forms: a draft's title, scale and criteria (a row each, with
empty rows to add more), bringing a draft to a meeting, and an assessor's scores of a bid."""

from typing import Any

from django import forms

from devolution.core.fields import CheckedForm, blank_choice

from ..rules import framework as rules

EMPTY_ROWS = 3  # rows offered to add criteria


class DraftForm(CheckedForm):
    """A draft's title and scale, and a row (key, text, weight) for each criterion; a row
    left wholly empty is no criterion, so a row emptied removes one."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Give the framework a title",
            "max_length": "The title is 200 characters or fewer",
        },
    )
    scale_max = forms.IntegerField(
        label="Top of the scoring scale",
        help_text="Assessors score each criterion from 0 to this whole number, e.g. 5",
        min_value=1,
        max_value=rules.SCALE_LIMIT,
        error_messages={
            "required": "Give the top of the scale, e.g. 5",
            "invalid": "The top of the scale is a whole number, e.g. 5",
            "min_value": f"The top of the scale is a whole number from 1 to {rules.SCALE_LIMIT}",
            "max_value": f"The top of the scale is a whole number from 1 to {rules.SCALE_LIMIT}",
        },
    )

    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_count = rows
        for n in range(1, rows + 1):
            self.fields[f"c{n}_key"] = forms.CharField(
                label=f"Criterion {n}: key",
                help_text="A short name in lower case, e.g. value-for-money",
                required=False,
                max_length=rules.KEY_LIMIT,
            )
            self.fields[f"c{n}_text"] = forms.CharField(
                label=f"Criterion {n}: what it asks",
                required=False,
                max_length=rules.TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"c{n}_weight"] = forms.IntegerField(
                label=f"Criterion {n}: weight",
                help_text="A whole number, 1 or more: its share is its weight over all the weights",
                required=False,
                error_messages={"invalid": "A weight is a whole number, 1 or more"},
            )

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"c{n}_key"], self[f"c{n}_text"], self[f"c{n}_weight"])
            for n in range(1, self.row_count + 1)
        ]

    def criteria(self) -> tuple[list[rules.CriterionLine], list[int]]:
        """The criteria given, in order, and the form row each came from (to show a
        problem the service names by its line beside that row)."""
        lines, where = [], []
        for n in range(1, self.row_count + 1):
            key = self.cleaned_data.get(f"c{n}_key") or ""
            text = self.cleaned_data.get(f"c{n}_text") or ""
            weight = self.cleaned_data.get(f"c{n}_weight")
            if not key.strip() and not text.strip() and weight is None:
                continue
            lines.append(rules.CriterionLine(key, text, weight if weight is not None else 0))
            where.append(n)
        return lines, where


def draft_initial(framework: Any) -> tuple[dict[str, Any], int]:
    """The form's initial values from the draft, and how many rows to show."""
    criteria = list(framework.criteria.all())
    initial: dict[str, Any] = {
        "revision": framework.revision,
        "title": framework.title,
        "scale_max": framework.scale_max,
    }
    for n, c in enumerate(criteria, start=1):
        initial |= {f"c{n}_key": c.key, f"c{n}_text": c.text, f"c{n}_weight": c.weight}
    return initial, len(criteria) + EMPTY_ROWS


class BringForm(CheckedForm):
    meeting = forms.ChoiceField(
        label="Meeting",
        help_text="One of the board's meetings whose agenda is still open",
        error_messages={
            "required": "Choose the meeting to agree it at",
            "invalid_choice": "Choose one of the meetings listed",
        },
    )

    def __init__(self, *args: Any, meetings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["meeting"]
        field.choices = blank_choice("Choose a meeting", meetings)


class ScoreForm(CheckedForm):
    """An assessor's scores of a bid: for each criterion of the agreed framework a score
    (or none yet) and a comment."""

    def __init__(
        self, *args: Any, criteria: list[tuple[str, str]], scale_max: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [key for key, _ in criteria]
        choices = [("", "Not scored")] + [(str(n), str(n)) for n in range(scale_max + 1)]
        for key, text in criteria:
            self.fields[f"score_{key}"] = forms.ChoiceField(
                label=f"Score for “{text[:120]}”",
                help_text=f"From 0 to {scale_max}",
                choices=choices,
                required=False,
                error_messages={
                    "invalid_choice": f"A score is a whole number from 0 to {scale_max}"
                },
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label="Comment",
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> list[tuple[str, int, str]]:
        given = []
        for key in self.keys:
            value = self.cleaned_data.get(f"score_{key}") or ""
            if value != "":
                given.append((key, int(value), self.cleaned_data.get(f"comment_{key}") or ""))
        return given
