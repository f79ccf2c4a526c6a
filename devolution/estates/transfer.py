"""Import and export of the asset register (SPEC §12, §15), as CSV or XLSX, by the same
rules as the commitments import: the file is read and every row checked before anything
is written; every problem is named by its row and column in plain words; nothing is
stored unless all is good; sites are matched by their reference, so importing a file
twice changes nothing the second time. A blank cell leaves what is stored as it is.

A register of thousands of sites imports in seconds: the places, organisations and
existing sites are read once, and the sites and their history written in bulk, in one
transaction, with one audit event naming every site's changes."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

# The commitments import's reader: the file's type by its name and content, its size and
# unpacked size bounded, each cell as text.
from devolution.commitments.transfer.reading import _rows as file_rows
from devolution.core.errors import InvalidInput, Problem
from devolution.core.imports import KeyedImport
from devolution.core.models import User
from devolution.core.services import audit_record
from devolution.core.spreadsheets import csv_bytes, xlsx_book, xlsx_bytes, xlsx_sheet
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation, Partnership, Place

from .models import Condition, Site, SiteEvent, Status, Tenure
from .rules.access import kept_organisations, may_keep_register
from .services import FIELDS, Places, changes_of, check_values, entered_source

MAX_BYTES = 5 * 1024 * 1024  # as the commitments import reads at most
MAX_ROWS = 20000
MAX_PROBLEMS = 500
DEMO_WORDS = "Demo data, invented"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    name: str
    field: str  # the Site field it fills
    kind: str  # text, int, decimal, share, choice, flag, owner, borough, stp
    help: str


COLUMNS = (
    Column("ref", "ref", "ref", "The site's reference, unique in the register. Needed."),
    Column("name", "name", "text", "The site's name. Needed for a new site."),
    Column("owner", "owner_id", "owner", "The owner organisation's key. Needed for a new site."),
    Column("borough", "borough_id", "borough", "The borough's name or GSS code; else derived."),
    Column("stp", "stp_id", "stp", "The STP's name or code; else derived from the borough."),
    Column("address", "address", "text", "The site's address."),
    Column("postcode", "postcode", "text", "The site's postcode."),
    Column("latitude", "latitude", "decimal", "Latitude in degrees, e.g. 51.5155."),
    Column("longitude", "longitude", "decimal", "Longitude in degrees, e.g. -0.0922."),
    Column("tenure", "tenure", "choice", "The tenure, one of:"),
    Column("floor_area", "floor_area", "int", "Gross internal floor area in whole m²."),
    Column("use", "use", "text", "What the site is used for."),
    Column("utilisation", "utilisation", "share", "Share in use: 0.45 or 45%."),
    Column("sessions_used", "sessions_used", "int", "Sessions used a week."),
    Column("sessions_available", "sessions_available", "int", "Sessions available a week."),
    Column("condition", "condition", "choice", "The NHS estates condition category, one of:"),
    Column("running_cost", "running_cost", "int", "Running cost a year in whole pounds."),
    Column("backlog", "backlog", "int", "Backlog maintenance in whole pounds."),
    Column("status", "status", "choice", "The site's status, one of:"),
    Column("housing_units", "housing_units", "int", "Housing units the site could give."),
    Column("shared_use", "shared_use", "flag", "Shared with other public services:"),
    Column("shared_use_note", "shared_use_note", "text", "Which services share it."),
    Column("one_public_estate", "one_public_estate", "flag", "In a One Public Estate programme:"),
    Column("stp_priority", "stp_priority", "flag", "Among its STP's priority sites:"),
    Column("note", "note", "text", "Anything else."),
)
BY_NAME = {c.name: c for c in COLUMNS}
NAMES = tuple(c.name for c in COLUMNS)
# Written by the export and read by nothing: whether the row is of the invented demo set.
DEMO_COLUMN = "demo"
CHOICES = {
    "tenure": Tenure,
    "condition": Condition,
    "status": Status,
}
YES = {"yes", "y", "true", "1"}


def column_values(column: Column) -> tuple[str, ...]:
    """The values a choice or yes-or-no column takes, as typed."""
    if column.kind == "flag":
        return ("yes", "no")
    if column.kind == "choice":
        return tuple(str(v) for v in CHOICES[column.name].values)
    return ()


NO = {"no", "n", "false", "0"}


class ImportReport(KeyedImport):
    THINGS = "Sites"
    EVERY = "every site in {filename} is already recorded as it says"


def problem_text(problem: Problem) -> str:
    where = []
    if problem.row is not None:
        where.append(f"Row {problem.row}")
    if problem.field:
        where.append(f"column '{problem.field}'")
    return f"{', '.join(where)}: {problem.message}" if where else problem.message


def _header(value: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """Row 1's columns, then each row with data, by its number in the spreadsheet."""
    iterator = file_rows(content, filename)
    header = next(iterator, None)
    names = [_header(v) for v in header or []]
    if not any(names):
        raise InvalidInput([Problem("row 1 must name the columns; it is empty", row=1)])
    problems = []
    for name in names:
        if name and name not in BY_NAME and name != DEMO_COLUMN:
            problems.append(
                Problem(
                    f"'{name}' is not a column the import knows; the columns are: "
                    + ", ".join(NAMES),
                    row=1,
                )
            )
    if len({n for n in names if n}) != len([n for n in names if n]):
        problems.append(Problem("a column is named twice", row=1))
    if "ref" not in names:
        problems.append(Problem("row 1 has no 'ref' column; it is needed", row=1))
    if problems:
        raise InvalidInput(problems)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(iterator, start=2):
        if not any(values):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(
                [Problem(f"the import takes at most {MAX_ROWS:,} sites; split the file")]
            )
        cells = {
            names[i]: (v.isoformat() if isinstance(v, dt.date) else str(v)).strip()
            for i, v in enumerate(values)
            if i < len(names) and names[i] in BY_NAME
        }
        rows.append((number, cells))
    return rows


@dataclass
class Lookups:
    places: Places
    organisations: dict[str, int]
    organisation_names: dict[int, str]
    place_codes: dict[tuple[str, str], int]  # (level, code or name casefolded) -> id

    @classmethod
    def load(cls) -> "Lookups":
        organisations: dict[str, int] = {}
        names: dict[int, str] = {}
        for pk, key, name in Organisation.objects.values_list("pk", "key", "name"):
            organisations[key.casefold()] = pk
            organisations.setdefault(name.casefold(), pk)
            names[pk] = name
        codes: dict[tuple[str, str], int] = {}
        for pk, code, name, level in Place.objects.values_list("pk", "code", "name", "level__key"):
            codes[(level, code.casefold())] = pk
            codes.setdefault((level, name.casefold()), pk)
        return cls(Places.load(), organisations, names, codes)


def _number(text: str, kind: str) -> Decimal:
    cleaned = text.replace(",", "").replace("£", "").replace("m²", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"'{text}' is not a number") from exc
    if not value.is_finite():
        raise ValueError(f"'{text}' is not a number")
    return value


def parse_cell(column: Column, text: str, lookups: Lookups) -> Any:
    """A cell's value as stored; raises ValueError with the problem in words."""
    kind = column.kind
    if kind in ("text", "ref"):
        return text
    if kind == "int":
        value = _number(text, kind)
        if value != value.to_integral_value():
            raise ValueError(f"'{text}' is not a whole number")
        if value < 0:
            raise ValueError(f"'{text}' is below nought")
        return int(value)
    if kind == "decimal":
        return _number(text, kind).quantize(Decimal("0.000001"))
    if kind == "share":
        value = _number(text.rstrip("%"), kind)
        if text.endswith("%") or value > 1:
            value = value / 100
        if not Decimal(0) <= value <= Decimal(1):
            raise ValueError(f"'{text}' is not a share from 0 to 1 (or 0% to 100%)")
        return value.quantize(Decimal("0.0001"))
    if kind == "choice":
        choices = CHOICES[column.name]
        for key, label in choices.choices:
            if text.casefold() in (str(key).casefold(), str(label).casefold()):
                return key
        if column.name == "condition":
            letter = text.strip().upper()[:1]
            if letter in {"A", "B", "C", "D"} and len(text.strip()) == 1:
                return letter
        raise ValueError(f"'{text}' is not one of: " + ", ".join(str(v) for v in choices.values))
    if kind == "flag":
        if text.casefold() in YES:
            return True
        if text.casefold() in NO:
            return False
        raise ValueError(f"'{text}' is not yes or no")
    if kind == "owner":
        found = lookups.organisations.get(text.casefold())
        if found is None:
            raise ValueError(f"'{text}' is not the key of an organisation recorded")
        return found
    level = "borough" if kind == "borough" else "stp"
    found = lookups.place_codes.get((level, text.casefold()))
    if found is None:
        raise ValueError(
            f"'{text}' is not {'a borough' if level == 'borough' else 'an STP'} recorded"
        )
    return found


@dataclass
class Plan:
    create: list[Site] = field(default_factory=list)
    update: list[tuple[Site, dict[str, list[Any]]]] = field(default_factory=list)
    unchanged: int = 0


def _plan(
    rows: list[tuple[int, dict[str, str]]],
    partnership: Partnership,
    kept: frozenset[int] | None,
    lookups: Lookups,
) -> Plan:
    """Every row checked, every problem gathered; the sites to create and to change."""
    existing = {s.ref: s for s in Site.objects.filter(partnership=partnership)}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    plan = Plan()

    def refuse(message: str, row: int, column: str | None = None) -> None:
        problems.append(Problem(message, field=column, row=row))

    for number, cells in rows:
        if len(problems) >= MAX_PROBLEMS:
            break
        ref = cells.get("ref", "")
        if not ref:
            refuse("give the site's reference", number, "ref")
            continue
        if ref in seen:
            refuse(f"the reference '{ref}' is also on row {seen[ref]}", number, "ref")
            continue
        seen[ref] = number
        given: dict[str, Any] = {}
        bad = False
        for name, text in cells.items():
            if name == "ref" or not text:
                continue
            column = BY_NAME[name]
            try:
                given[column.field] = parse_cell(column, text, lookups)
            except ValueError as exc:
                refuse(str(exc), number, name)
                bad = True
        if bad:
            continue
        site = existing.get(ref)
        before = {n: getattr(site, n) for n in FIELDS} if site is not None else {}
        if site is None:
            for needed in ("name", "owner_id"):
                if needed not in given:
                    refuse(
                        "needed for a new site",
                        number,
                        "name" if needed == "name" else "owner",
                    )
                    bad = True
            if bad:
                continue
            before_values = {n: None for n in FIELDS} | {
                "tenure": Tenure.UNKNOWN,
                "status": Status.OPERATIONAL,
                "shared_use": False,
                "one_public_estate": False,
                "stp_priority": False,
            }
        else:
            before_values = dict(before)
        values = {**before_values, **given}
        moved = site is not None and (
            values["latitude"] != before_values["latitude"]
            or values["longitude"] != before_values["longitude"]
        )
        if moved and "borough_id" not in given:
            values["borough_id"] = None
        if (moved or "borough_id" in given) and "stp_id" not in given:
            values["stp_id"] = None
        for owner in {before_values.get("owner_id"), values["owner_id"]} - {None}:
            if kept is not None and owner not in kept:
                refuse(
                    "you keep only your own organisation's sites; this one's owner is "
                    f"{lookups.organisation_names.get(owner, 'another organisation')}",
                    number,
                    "owner",
                )
                bad = True
        if bad:
            continue
        for problem in check_values(values, lookups.places):
            refuse(problem.message, number, problem.field)
            bad = True
        if bad:
            continue
        if site is None:
            new = Site(partnership=partnership, ref=ref)
            for name in FIELDS:
                value = values[name]
                setattr(new, name, "" if value is None and name in TEXT else value)
            plan.create.append(new)
            continue
        changes = changes_of(before, values)
        if not changes:
            plan.unchanged += 1
            continue
        for name in FIELDS:
            setattr(site, name, values[name])
        plan.update.append((site, changes))
    if problems:
        raise InvalidInput(problems)
    return plan


TEXT = frozenset({"address", "postcode", "use", "condition", "shared_use_note", "note", "name"})


def sites_import(
    *, actor: User | None, partnership: Partnership, content: bytes, filename: str
) -> ImportReport:
    """Import a register: all of it, or (on any problem) none of it."""
    memberships = memberships_of(actor)
    enforce(may_keep_register(memberships))
    rows = read_rows(content, filename)
    report = ImportReport(filename=filename, rows=len(rows))
    if not rows:
        return report
    with transaction.atomic():
        plan = _plan(rows, partnership, kept_organisations(memberships), Lookups.load())
        report.unchanged = plan.unchanged
        if not plan.create and not plan.update:
            return report
        now = timezone.now()
        source = entered_source(actor=actor)
        for site in plan.create:
            site.source = source
        created = Site.objects.bulk_create(plan.create, batch_size=500)
        if any(s.pk is None for s in created):  # a database that gives no ids back
            by_ref = dict(
                Site.objects.filter(
                    partnership=partnership, ref__in=[s.ref for s in created]
                ).values_list("ref", "pk")
            )
            for site in created:
                site.pk = by_ref[site.ref]
        if plan.update:
            for site, _ in plan.update:
                site.updated_at = now
            Site.objects.bulk_update(
                [s for s, _ in plan.update], [*FIELDS, "updated_at"], batch_size=500
            )
            Site.objects.filter(pk__in=[s.pk for s, _ in plan.update]).update(
                version=F("version") + 1
            )
        events = [
            SiteEvent(
                site=s,
                action=SiteEvent.Action.IMPORTED,
                at=now,
                by=actor,
                changes=changes_of({}, {n: getattr(s, n) for n in FIELDS}),
                note=f"Created by the import of {filename}"[:300],
            )
            for s in created
        ] + [
            SiteEvent(
                site=s,
                action=SiteEvent.Action.IMPORTED,
                at=now,
                by=actor,
                changes=changes,
                note=f"Changed by the import of {filename}"[:300],
            )
            for s, changes in plan.update
        ]
        SiteEvent.objects.bulk_create(events, batch_size=1000)
        report.created = [s.ref for s in created]
        report.updated = [s.ref for s, _ in plan.update]
        audit_record(
            actor=actor,
            action="estates.sites.import",
            obj=partnership,
            before=None,
            after={
                "filename": filename,
                "created": report.created,
                "updated": {s.ref: c for s, c in plan.update},
            },
        )
    return report


# ------------------------------------------------------------------ export


def _cell(site: Site, column: Column) -> Any:
    if column.kind == "owner":
        return site.owner.key
    if column.kind in ("borough", "stp"):
        place = getattr(site, column.name)
        return place.code if place is not None else None
    value = getattr(site, column.field)
    if column.kind == "flag":
        return "yes" if value else "no"
    if column.kind == "share" and value is not None:
        return format(value.normalize(), "f")
    if column.kind == "decimal" and value is not None:
        return format(value.normalize(), "f")
    if value == "":
        return None
    return value


def export_rows(sites: Any) -> tuple[list[str], list[list[Any]]]:
    header = [*NAMES, DEMO_COLUMN]
    rows = [[*(_cell(s, c) for c in COLUMNS), DEMO_WORDS if s.is_demo else None] for s in sites]
    return header, rows


def export_csv(sites: Any) -> bytes:
    header, rows = export_rows(sites)
    return csv_bytes(header, rows)


def export_xlsx(sites: Any, *, demo: bool) -> bytes:
    header, rows = export_rows(sites)
    book = xlsx_book("Asset register")
    xlsx_sheet(book, "Sites", header, rows)
    about = [["What", "The asset register: one row a site, as the import takes it."]]
    if demo:
        about.append(["Note", f"{DEMO_WORDS}: the demo sites are not real."])
    about += [[c.name, " ".join([c.help, ", ".join(column_values(c))]).strip()] for c in COLUMNS]
    xlsx_sheet(book, "About", ["Column", "Meaning"], about)
    return xlsx_bytes(book)
