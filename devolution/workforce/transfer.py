"""Import and export of the workforce indicators (SPEC §13), as CSV or XLSX, by the rules
of the other imports (estates/transfer.py): the file is read and every row checked before
anything is written; every problem is named by its row and column; nothing is stored
unless all is good. A row is found again by its organisation (or place), staff group and
period end, so importing a file twice changes nothing the second time.

Columns: `organisation` (ODS code or key) or `place` (GSS code), `staff_group` (blank:
all staff), `period_start`, `period_end`, the counts and money, and age columns such as
`aged_under_25`, `aged_25_to_34`, `aged_60_and_over` (each a percentage of the staff).
A member of an organisation imports its rows only; the secretariat any."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F

# The commitments import's reader and problem words, and the estates import's headers.
from devolution.commitments.transfer.columns import problem_text as problem_text
from devolution.commitments.transfer.reading import _rows as file_rows
from devolution.core.errors import InvalidInput, Problem
from devolution.core.imports import import_summary
from devolution.core.models import User
from devolution.core.services import audit_record
from devolution.core.spreadsheets import csv_bytes, xlsx_book, xlsx_bytes, xlsx_sheet
from devolution.estates.services import entered_source
from devolution.estates.transfer import _header
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation, Place

from .models import AgeShare, Indicator
from .rules.access import may_record, recorded_organisations
from .rules.indicators import age_band, age_column, bands_overlap

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
MAX_PROBLEMS = 500
DEMO_WORDS = "Demonstration figures, invented"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # subject, text, date, count, percent, pounds
    help: str


COLUMNS = (
    Column("organisation", "subject", "The organisation's ODS code or key; or give a place."),
    Column("place", "subject", "A place's GSS code (e.g. E09000023), where figures are a place's."),
    Column("staff_group", "text", "The staff group; blank for all staff."),
    Column("period_start", "date", "The first day of the period, YYYY-MM-DD."),
    Column("period_end", "date", "The last day of the period, YYYY-MM-DD: counts are as at it."),
    Column("staff_in_post", "count", "Staff in post, full-time equivalent."),
    Column("vacancies", "count", "Vacant posts, full-time equivalent."),
    Column("vacancy_rate", "percent", "Only where no counts are given: e.g. 24 or 24%."),
    Column("leavers", "count", "Leavers in the period, full-time equivalent."),
    Column("turnover_rate", "percent", "Only where no counts are given: e.g. 12 or 12%."),
    Column("agency_spend", "pounds", "Agency spend in the period, whole pounds."),
    Column("pay_bill", "pounds", "The pay bill (a whole year's, for the levy), whole pounds."),
    Column("note", "text", "Anything else, such as where the figures come from."),
)
BY_NAME = {c.name: c for c in COLUMNS}
NAMES = tuple(c.name for c in COLUMNS)
AGE_HELP = (
    "Age columns: the share of staff in a band, as a percentage, named aged_under_25, "
    "aged_25_to_34 or aged_60_and_over (any ages)."
)
EXAMPLE_AGES = ("aged_under_25", "aged_25_to_34", "aged_35_to_59", "aged_60_and_over")
DEMO_COLUMN = "demo"
FIELDS = (
    "period_start",
    "staff_in_post",
    "vacancies",
    "vacancy_rate",
    "leavers",
    "turnover_rate",
    "agency_spend",
    "pay_bill",
    "note",
)


@dataclass
class ImportReport:
    filename: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        counts = (self.created, self.updated, self.unchanged)
        return import_summary(
            self.filename,
            self.rows,
            counts,
            "Indicators",
            "every row of {filename} is already recorded",
        )


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """Row 1's columns (each known, or an age column), then each row with data."""
    iterator = file_rows(content, filename)
    header = next(iterator, None)
    names = [_header(v) for v in header or []]
    if not any(names):
        raise InvalidInput([Problem("row 1 must name the columns; it is empty", row=1)])
    problems = []
    for name in names:
        if not name or name in BY_NAME or name == DEMO_COLUMN:
            continue
        if name.startswith("aged_"):
            try:
                age_band(name)
            except ValueError as exc:
                problems.append(Problem(str(exc), field=name, row=1))
            continue
        problems.append(
            Problem(
                f"'{name}' is not a column the import knows; the columns are: "
                + ", ".join(NAMES)
                + ", and age columns such as aged_60_and_over",
                field=name,
                row=1,
            )
        )
    given = [n for n in names if n]
    if len(set(given)) != len(given):
        problems.append(Problem("a column is named twice", row=1))
    if "period_end" not in names:
        problems.append(Problem("row 1 has no 'period_end' column; it is needed", row=1))
    if "organisation" not in names and "place" not in names:
        problems.append(Problem("row 1 needs an 'organisation' column or a 'place' column", row=1))
    ages = [age_band(n) for n in names if n.startswith("aged_") and not problems]
    if bands_overlap(ages):
        problems.append(Problem("two age columns share an age; a person is in one band", row=1))
    if problems:
        raise InvalidInput(problems)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(iterator, start=2):
        if not any(str(v).strip() for v in values if v is not None):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(
                [Problem(f"the import takes at most {MAX_ROWS:,} rows; split the file")]
            )
        cells = {
            names[i]: (v.isoformat()[:10] if isinstance(v, dt.date) else str(v)).strip()
            for i, v in enumerate(values)
            if i < len(names) and names[i] and names[i] != DEMO_COLUMN and v is not None
        }
        rows.append((number, cells))
    return rows


@dataclass
class Lookups:
    organisations: dict[str, int]  # ODS code or key, casefolded
    organisation_names: dict[int, str]
    places: dict[str, int]  # GSS code, casefolded

    @classmethod
    def load(cls) -> "Lookups":
        organisations: dict[str, int] = {}
        names: dict[int, str] = {}
        for pk, key, ods, name in Organisation.objects.values_list("pk", "key", "ods_code", "name"):
            organisations[key.casefold()] = pk
            if ods:
                organisations.setdefault(ods.casefold(), pk)
            names[pk] = name
        places = {
            code.casefold(): pk
            for pk, code in Place.objects.filter(scheme=Place.Scheme.GSS).values_list("pk", "code")
        }
        return cls(organisations, names, places)


def _number(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace("£", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"'{text}' is not a number") from exc
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number")
    if value < 0:
        raise ValueError(f"'{text}' is below nought")
    return value


def parse_cell(kind: str, text: str) -> Any:
    """A cell's value as stored; raises ValueError with the problem in words."""
    if kind == "text":
        return text
    if kind == "date":
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError as exc:
            raise ValueError(f"'{text}' is not a date written YYYY-MM-DD") from exc
    if kind == "count":
        value = _number(text)
        if value >= 10**8:
            raise ValueError(f"'{text}' is more staff than any organisation has")
        return value.quantize(Decimal("0.01"))
    if kind == "percent":
        value = _number(text.rstrip("%"))
        if value > 100:
            raise ValueError(f"'{text}' is not a percentage from 0 to 100")
        return value.quantize(Decimal("0.01"))
    value = _number(text)
    if value != value.to_integral_value():
        raise ValueError(f"'{text}' is not a whole number of pounds")
    if value >= 10**15:
        raise ValueError(f"'{text}' is too large")
    return int(value)


@dataclass
class Plan:
    create: list[tuple[Indicator, list[AgeShare]]] = field(default_factory=list)
    update: list[tuple[Indicator, list[AgeShare] | None]] = field(default_factory=list)
    unchanged: int = 0


Key = tuple[int | None, int | None, str, dt.date]


def _plan(
    rows: list[tuple[int, dict[str, str]]], kept: frozenset[int] | None, lookups: Lookups
) -> Plan:
    problems: list[Problem] = []
    plan = Plan()
    seen: dict[Key, int] = {}

    def refuse(message: str, row: int, column: str | None = None) -> None:
        problems.append(Problem(message, field=column, row=row))

    parsed: list[tuple[int, Key, dict[str, Any], dict[tuple[int | None, int | None], Decimal]]]
    parsed = []
    for number, cells in rows:
        if len(problems) >= MAX_PROBLEMS:
            break
        bad = False
        organisation_id = place_id = None
        org_text, place_text = cells.get("organisation", ""), cells.get("place", "")
        if org_text and place_text:
            refuse("give an organisation or a place, not both", number, "place")
            continue
        if not org_text and not place_text:
            refuse(
                "give the organisation's ODS code or key (or a place's GSS code)",
                number,
                "organisation",
            )
            continue
        if org_text:
            organisation_id = lookups.organisations.get(org_text.casefold())
            if organisation_id is None:
                refuse(
                    f"'{org_text}' is not the ODS code or key of an organisation recorded",
                    number,
                    "organisation",
                )
                continue
            if kept is not None and organisation_id not in kept:
                refuse(
                    "you record only your own organisation's figures; this row is for "
                    f"{lookups.organisation_names.get(organisation_id, 'another organisation')}",
                    number,
                    "organisation",
                )
                continue
        else:
            place_id = lookups.places.get(place_text.casefold())
            if place_id is None:
                refuse(f"'{place_text}' is not the GSS code of a place recorded", number, "place")
                continue
            if kept is not None:
                refuse("only the secretariat records a place's figures", number, "place")
                continue
        values: dict[str, Any] = {}
        ages: dict[tuple[int | None, int | None], Decimal] = {}
        for name, text in cells.items():
            if name in ("organisation", "place") or not text:
                continue
            kind = BY_NAME[name].kind if name in BY_NAME else "percent"
            try:
                value = parse_cell(kind, text)
            except ValueError as exc:
                refuse(str(exc), number, name)
                bad = True
                continue
            if name.startswith("aged_"):
                ages[age_band(name)] = value
            else:
                values[name] = value
        if bad:
            continue
        end = values.pop("period_end", None)
        if end is None:
            refuse("give the last day of the period (YYYY-MM-DD)", number, "period_end")
            continue
        start = values.get("period_start")
        if start is not None and start > end:
            refuse("the period starts after it ends", number, "period_start")
            continue
        if sum(ages.values(), Decimal(0)) > 100:
            refuse("the age columns add up to more than 100%", number, "aged")
            continue
        key: Key = (organisation_id, place_id, values.pop("staff_group", ""), end)
        if key in seen:
            refuse(
                f"this organisation, staff group and period end are also on row {seen[key]}",
                number,
                "period_end",
            )
            continue
        seen[key] = number
        parsed.append((number, key, values, ages))
    if problems:
        raise InvalidInput(problems)
    existing = _existing({k for _, k, _, _ in parsed})
    for _, key, values, ages in parsed:
        organisation_id, place_id, group, end = key
        found = existing.get(key)
        if found is None:
            new = Indicator(
                organisation_id=organisation_id,
                place_id=place_id,
                staff_group=group,
                period_end=end,
                **{n: values.get(n, "" if n == "note" else None) for n in FIELDS},
            )
            plan.create.append((new, _shares(ages)))
            continue
        changed = {n: v for n, v in values.items() if getattr(found, n) != v}
        stored_ages = {(a.from_age, a.to_age): a.share for a in found.ages.all()}
        new_ages = ages and {**stored_ages, **ages} != stored_ages
        if not changed and not new_ages:
            plan.unchanged += 1
            continue
        for name, value in changed.items():
            setattr(found, name, value)
        plan.update.append((found, _shares({**stored_ages, **ages}) if new_ages else None))
    return plan


def _shares(ages: dict[tuple[int | None, int | None], Decimal]) -> list[AgeShare]:
    return [
        AgeShare(from_age=a, to_age=b, share=s)
        for (a, b), s in sorted(ages.items(), key=lambda i: i[0][0] or 0)
    ]


def _existing(keys: set[Key]) -> dict[Key, Indicator]:
    """The stored indicators the rows name, read in one query (with their ages)."""
    if not keys:
        return {}
    ends = {k[3] for k in keys}
    rows = Indicator.objects.filter(period_end__in=ends).prefetch_related("ages")
    found: dict[Key, Indicator] = {}
    for row in rows:
        assert row.period_end is not None
        key = (row.organisation_id, row.place_id, row.staff_group, row.period_end)
        if key in keys:
            found[key] = row
    return found


def indicators_import(*, actor: User | None, content: bytes, filename: str) -> ImportReport:
    """Import indicators: all of the file, or (on any problem) none of it."""
    memberships = memberships_of(actor)
    enforce(may_record(memberships))
    rows = read_rows(content, filename)
    report = ImportReport(filename=filename, rows=len(rows))
    if not rows:
        return report
    with transaction.atomic():
        plan = _plan(rows, recorded_organisations(memberships), Lookups.load())
        report.unchanged = plan.unchanged
        if not plan.create and not plan.update:
            return report
        source = entered_source(actor=actor)
        for indicator, _ in plan.create:
            indicator.source = source
            indicator.recorded_by = actor
        created = Indicator.objects.bulk_create([i for i, _ in plan.create], batch_size=500)
        if any(i.pk is None for i in created):  # a database that gives no ids back
            for indicator in created:
                indicator.pk = (
                    Indicator.objects.filter(
                        organisation=indicator.organisation,
                        place=indicator.place,
                        staff_group=indicator.staff_group,
                        period_end=indicator.period_end,
                    )
                    .values_list("pk", flat=True)
                    .get()
                )
        shares = [
            AgeShare(indicator=i, from_age=a.from_age, to_age=a.to_age, share=a.share)
            for i, (_, ages) in zip(created, plan.create, strict=True)
            for a in ages
        ]
        if plan.update:
            for indicator, _ in plan.update:
                indicator.recorded_by = actor
            Indicator.objects.bulk_update(
                [i for i, _ in plan.update], [*FIELDS, "recorded_by"], batch_size=500
            )
            Indicator.objects.filter(pk__in=[i.pk for i, _ in plan.update]).update(
                version=F("version") + 1
            )
            redone = [i for i, ages in plan.update if ages is not None]
            AgeShare.objects.filter(indicator__in=redone).delete()
            shares += [
                AgeShare(indicator=i, from_age=a.from_age, to_age=a.to_age, share=a.share)
                for i, ages in plan.update
                if ages is not None
                for a in ages
            ]
        AgeShare.objects.bulk_create(shares, batch_size=1000)
        report.created = len(created)
        report.updated = len(plan.update)
        audit_record(
            actor=actor,
            action="workforce.indicators.import",
            obj=created[0] if created else plan.update[0][0],
            before=None,
            after={
                "filename": filename,
                "created": [str(i) for i in created][:1000],
                "updated": [str(i) for i, _ in plan.update][:1000],
            },
        )
    return report


# ------------------------------------------------------------------ export


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def export_rows(indicators: Any) -> tuple[list[str], list[list[Any]]]:
    rows_ = list(indicators)
    bands = sorted(
        {(a.from_age, a.to_age) for i in rows_ for a in i.ages.all()}, key=lambda b: b[0] or 0
    )
    header = [*NAMES, *(age_column(*b) for b in bands), "source", "quote", DEMO_COLUMN]
    rows = []
    for i in rows_:
        ages = {(a.from_age, a.to_age): a.share for a in i.ages.all()}
        rows.append(
            [
                i.organisation.ods_code or i.organisation.key if i.organisation else None,
                i.place.code if i.place else None,
                i.staff_group or None,
                i.period_start,
                i.period_end,
                *(_plain(getattr(i, n)) for n in FIELDS[1:-1]),
                i.note or None,
                *(_plain(ages.get(b)) for b in bands),
                i.source.title,
                i.quote or None,
                DEMO_WORDS if i.is_demo else None,
            ]
        )
    return header, rows


def export_csv(indicators: Any) -> bytes:
    return csv_bytes(*export_rows(indicators))


def _about(demo: bool) -> list[list[str]]:
    about = [
        [
            "What",
            "Workforce indicators: one row an organisation (or place), staff group "
            "and period, as the import takes them.",
        ]
    ]
    if demo:
        about.append(["Note", f"{DEMO_WORDS}: the demonstration figures are not real."])
    about += [[c.name, c.help] for c in COLUMNS]
    about.append(["aged_…", AGE_HELP])
    return about


def export_xlsx(indicators: Any, *, demo: bool) -> bytes:
    header, rows = export_rows(indicators)
    book = xlsx_book("Workforce indicators")
    xlsx_sheet(book, "Indicators", header, rows)
    xlsx_sheet(book, "About", ["Column", "Meaning"], _about(demo))
    return xlsx_bytes(book)


def template_csv() -> bytes:
    return csv_bytes([*NAMES, *EXAMPLE_AGES], [])


def template_xlsx() -> bytes:
    book = xlsx_book("Workforce indicators: import template")
    xlsx_sheet(book, "Indicators", [*NAMES, *EXAMPLE_AGES], [])
    xlsx_sheet(book, "About", ["Column", "Meaning"], _about(False))
    return xlsx_bytes(book)
