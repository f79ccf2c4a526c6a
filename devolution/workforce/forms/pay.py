"""The calculators' forms: one employer's levy and a supplement (GET, so a result can be
linked), and a partnership's employers' levy (POST: its rows, pasted rows or a file).
Each works through the same selectors as the API, its refusals shown beside the field."""

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from devolution.commitments.transfer.reading import _rows as file_rows
from devolution.core.errors import InvalidInput
from devolution.core.fields import CheckedForm, DayMonthYearField

from ..rules.levy import MOST_EMPLOYERS, LevyResult
from ..rules.supplements import ZONES, Supplement
from ..selectors.pay import EmployerRow, ZoneRates, levy_result, supplement_result
from ..selectors.zones import place_choices

DATE_HELP = "For example, 1 6 2017. The rates in effect on this day are used."
TRUE = {"yes", "y", "true", "1", "on", "public", "public body"}
FALSE = {"", "no", "n", "false", "0", "off"}


def _date_field() -> DayMonthYearField:
    return DayMonthYearField(what="the date", label="Date", help_text=DATE_HELP)


def _pounds(label: str, example: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=f"For example, {example}",
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )


class Calculator(CheckedForm):
    """A calculator's form: once its fields are clean, `work` gives the result; a refusal
    of the selectors is shown beside the field it names (`FIELDS`: its name in the
    refusal, to the form's field)."""

    FIELDS: dict[str, str] = {}
    result: Any = None

    def work(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            self.result = self.work(data)
        except InvalidInput as caught:
            for p in caught.problems:
                name = self.FIELDS.get(p.field or "")
                self.add_error(name, p.message[:1].upper() + p.message[1:])
        return data


class LevyOneForm(Calculator):
    date = _date_field()
    name = forms.CharField(label="Employer's name", max_length=200)
    pay_bill = _pounds("Annual pay bill, in pounds", "3000000")
    public_body = forms.BooleanField(label="The employer is a public body", required=False)

    FIELDS = {"date": "date", "employers[0].name": "name", "employers[0].pay_bill": "pay_bill"}
    result: LevyResult | None = None

    def work(self, data: dict[str, Any]) -> LevyResult:
        return levy_result(
            data["date"], [(data["name"], data["pay_bill"], None, data["public_body"])]
        )


class SupplementForm(Calculator):
    date = _date_field()
    zone = forms.ChoiceField(
        label="Zone",
        required=False,
        choices=[("", "The place's zone"), *ZONES.items()],
        help_text="Leave as the place's zone to use the zone recorded for the place below.",
    )
    place = forms.ChoiceField(label="Place of work", required=False, choices=[])
    basic_salary = _pounds("Basic salary a year, in pounds", "25000")

    FIELDS = {"date": "date", "zone": "zone", "basic_salary": "basic_salary", "place": "place"}
    result: tuple[ZoneRates, Supplement] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["place"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Not given"), *place_choices()]

    def work(self, data: dict[str, Any]) -> tuple[ZoneRates, Supplement]:
        return supplement_result(
            data["date"], data["zone"] or None, data["basic_salary"], data["place"] or None
        )


class PartnershipLevyForm(CheckedForm):
    """The date, then the employers: the rows of the page's table (name_N, pay_bill_N,
    group_N, public_N for N from 0 to rows - 1), and any pasted or uploaded rows (columns
    name, pay_bill, connected_group, public_body, in that order, a heading row allowed)."""

    date = _date_field()
    pasted = forms.CharField(
        label="Or paste rows of employers",
        required=False,
        widget=forms.Textarea,
        help_text="One employer a line: name, pay bill, connected group (or nothing), "
        "public body (yes or no), separated by commas or tabs.",
    )
    upload = forms.FileField(
        label="Or upload a CSV or Excel file of employers",
        required=False,
        help_text="Columns: name, pay bill, connected group, public body (yes or no).",
    )

    result: LevyResult | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[EmployerRow] = []
        self.row_problems: list[str] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        rows = _table_rows(self.data, self.row_problems)
        rows += _text_rows(data.get("pasted") or "", self.row_problems, "pasted line")
        upload = data.get("upload")
        if upload is not None:
            rows += _file_rows(upload, self.row_problems)
        self.rows = rows
        if self.row_problems:
            raise forms.ValidationError(self.row_problems[:20])
        try:
            self.result = levy_result(data["date"], rows)
        except InvalidInput as caught:
            for p in caught.problems:
                if p.field == "date":
                    self.add_error("date", p.message[:1].upper() + p.message[1:])
                elif p.row is not None:
                    name = rows[p.row - 1][0] or f"employer {p.row}"
                    field = (p.field or "").rsplit(".", 1)[-1].replace("_", " ")
                    self.add_error(None, f"{name}, {field}: {p.message}")
                else:
                    self.add_error(None, p.message[:1].upper() + p.message[1:])
        return data


def _money(text: str) -> Decimal | None:
    cleaned = text.replace(",", "").replace("£", "").strip()
    if not cleaned:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None


def _row(
    where: str, name: str, bill: str, group: str, public: str, problems: list[str]
) -> EmployerRow | None:
    try:
        amount = _money(bill)
    except ValueError:
        problems.append(f"{where}: the pay bill '{bill}' is not an amount in pounds")
        return None
    flag = public.strip().lower()
    if flag not in TRUE | FALSE:
        problems.append(f"{where}: public body must be yes or no, not '{public}'")
        return None
    return (name.strip(), amount, group.strip() or None, flag in TRUE)


def _table_rows(data: Any, problems: list[str]) -> list[EmployerRow]:
    try:
        count = min(int(data.get("rows", 0)), MOST_EMPLOYERS + 1)
    except (TypeError, ValueError):
        count = 0
    rows = []
    for n in range(count):
        name = str(data.get(f"name_{n}", ""))
        if not name.strip():
            continue
        found = _row(
            name.strip(),
            name,
            str(data.get(f"pay_bill_{n}", "")),
            str(data.get(f"group_{n}", "")),
            "yes" if data.get(f"public_{n}") else "no",
            problems,
        )
        if found:
            rows.append(found)
    return rows


def _cells_rows(
    lines: list[list[str]], problems: list[str], what: str, start: int = 1
) -> list[EmployerRow]:
    rows = []
    for number, cells in enumerate(lines, start=start):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == start and cells[0].lower() in {"name", "employer"}:
            continue  # a heading row
        cells += [""] * (4 - len(cells))
        found = _row(f"{what} {number}", cells[0], cells[1], cells[2], cells[3], problems)
        if found:
            rows.append(found)
    return rows


def _text_rows(text: str, problems: list[str], what: str) -> list[EmployerRow]:
    lines = [(line.split("\t") if "\t" in line else line.split(",")) for line in text.splitlines()]
    return _cells_rows(lines, problems, what)


def _file_rows(upload: Any, problems: list[str]) -> list[EmployerRow]:
    try:
        content = upload.read()
        lines = [
            [(v.isoformat() if isinstance(v, dt.date) else str(v or "")) for v in values]
            for values in file_rows(content, upload.name)
        ]
    except InvalidInput as caught:
        problems.extend(p.text() for p in caught.problems)
        return []
    return _cells_rows(lines, problems, "row")


class ZoneForm(CheckedForm):
    """The secretariat sets a place's high cost area zone (or clears it)."""

    place = forms.CharField(max_length=40, widget=forms.HiddenInput)
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    zone = forms.ChoiceField(
        label="Zone", required=False, choices=[("", "Not known"), *ZONES.items()]
    )
    note = forms.CharField(
        label="Where this comes from",
        required=False,
        max_length=500,
        help_text="For example, the employer's own pay policy.",
    )
