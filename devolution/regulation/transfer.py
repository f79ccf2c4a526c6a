"""Import and export of the reporting-requirements register (SPEC §14, §15), as CSV or XLSX,
by the estates import's rules: the file is read and every row checked before anything is
written; every problem is named by its row and column in plain words; nothing is stored
unless all is good; returns are matched by their key, so importing a file twice changes
nothing the second time. A row gives its return whole: what the row leaves blank is
blank (no items, no note). Only the secretariat imports (it keeps the registers).

The data items are matched by key across returns and regulators: that is how the same
item asked by two regulators is found. A cell of items lists them separated by ';', each
as `key: name` (the name is needed only for an item not yet recorded)."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from devolution.commitments.transfer.reading import _rows as file_rows
from devolution.core.errors import InvalidInput, Problem
from devolution.core.imports import KeyedImport
from devolution.core.models import User
from devolution.core.services import audit_record
from devolution.core.spreadsheets import csv_bytes, xlsx_book, xlsx_bytes, xlsx_sheet
from devolution.estates.services import entered_source
from devolution.estates.transfer import MAX_PROBLEMS, problem_text
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import OrganisationType
from devolution.partners.rules import may_keep_registers

from .models import DataItem, Regulator, Return
from .rules.due import DueRuleFact, rule_problems, rule_words
from .services import data_items_recount

MAX_ROWS = 5000
DEMO_WORDS = "Demo data, invented"


@dataclass(frozen=True)
class Column:
    name: str
    help: str


COLUMNS = (
    Column("key", "The return's key, unique in the register (letters, digits, hyphens). Needed."),
    Column("name", "The return's name. Needed."),
    Column("regulator", "The regulator's key or name. Needed. One of:"),
    Column("frequency", "How often it is asked, one of:"),
    Column("due_rule", "How its due dates are found, one of:"),
    Column("due_day", "The day of the month it is due, 1 to 31 (31: the month's last day)."),
    Column("months_after", "For a day after each period: the months after it ends, 0 to 12."),
    Column("due_month", "For the same date each year: the month it is due, 1 to 12."),
    Column("due_dates", "For listed dates: the dates, YYYY-MM-DD, separated by ';'."),
    Column("items", "The data items, separated by ';', each 'key: name'."),
    Column("submitted_by", "The kinds of body that submit it, separated by ';'. One or more of:"),
    Column("note", "Anything else, such as a working-day rule."),
)
NAMES = tuple(c.name for c in COLUMNS)
DEMO_COLUMN = "demo"


class ImportReport(KeyedImport):
    THINGS = "Returns"
    EVERY = "every return in {filename} is already recorded as it says"


def _whole(text: str, low: int, high: int) -> int:
    text = text.removesuffix(".0")  # a whole number a spreadsheet stored as a decimal
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"'{text}' is not a whole number from {low} to {high}")
    return int(text)


TYPES = {str(v): str(v) for v in OrganisationType.values} | {
    str(label).casefold(): str(v) for v, label in OrganisationType.choices
}


@dataclass
class Parsed:
    values: dict[str, Any]
    items: list[tuple[str, str]]  # (key, name given or "")


def _parse(
    number: int, cells: dict[str, str], regulators: dict[str, Regulator], problems: list[Problem]
) -> Parsed | None:
    def refuse(message: str, column: str) -> None:
        problems.append(Problem(message, field=column, row=number))

    before = len(problems)
    key = cells.get("key", "")
    if not key:
        refuse("give the return's key", "key")
    elif slugify(key) != key or len(key) > 80:
        refuse(f"'{key}' must be letters, digits and hyphens (at most 80)", "key")
    name = cells.get("name", "")
    if not name:
        refuse("give the return's name", "name")
    elif len(name) > 200:
        refuse("at most 200 characters", "name")
    regulator = regulators.get(cells.get("regulator", "").casefold())
    if regulator is None:
        refuse(
            f"'{cells.get('regulator', '')}' is not a regulator recorded; one of: "
            + ", ".join(sorted({r.key for r in regulators.values()})),
            "regulator",
        )
    numbers: dict[str, int | None] = {}
    for column, high in (("due_day", 31), ("months_after", 12), ("due_month", 12)):
        text = cells.get(column, "")
        try:
            numbers[column] = (
                _whole(text, 0 if column == "months_after" else 1, high) if text else None
            )
        except ValueError as exc:
            refuse(str(exc), column)
    dates: list[dt.date] = []
    for text in filter(None, (t.strip() for t in cells.get("due_dates", "").split(";"))):
        try:
            dates.append(dt.date.fromisoformat(text))
        except ValueError:
            refuse(f"'{text}' is not a date (YYYY-MM-DD)", "due_dates")
    types: list[str] = []
    for text in filter(None, (t.strip() for t in cells.get("submitted_by", "").split(";"))):
        found = TYPES.get(text) or TYPES.get(text.casefold())
        if found is None:
            refuse(
                f"'{text}' is not a kind of body; one of: {', '.join(OrganisationType.values)}",
                "submitted_by",
            )
        elif found not in types:
            types.append(found)
    if not types and not cells.get("submitted_by"):
        refuse("name at least one kind of body that submits it", "submitted_by")
    items: list[tuple[str, str]] = []
    for text in filter(None, (t.strip() for t in cells.get("items", "").split(";"))):
        item_key, _, item_name = (p.strip() for p in text.partition(":"))
        if slugify(item_key) != item_key or not item_key or len(item_key) > 80:
            refuse(f"'{item_key}' is not an item key (letters, digits, hyphens)", "items")
        elif any(k == item_key for k, _ in items):
            refuse(f"the item '{item_key}' is listed twice", "items")
        else:
            items.append((item_key, item_name[:200]))
    if len(problems) > before:
        return None
    fact = DueRuleFact(
        frequency=cells.get("frequency", ""),
        rule=cells.get("due_rule", ""),
        due_day=numbers.get("due_day"),
        months_after=numbers.get("months_after"),
        due_month=numbers.get("due_month"),
        due_dates=tuple(dates),
    )
    for column, message in rule_problems(fact):
        refuse(message, column)
    if len(problems) > before:
        return None
    return Parsed(
        {
            "key": key,
            "name": name,
            "regulator": regulator,
            "frequency": fact.frequency,
            "due_rule": fact.rule,
            "due_day": fact.due_day,
            "months_after": fact.months_after if fact.rule == "after_period" else None,
            "due_month": fact.due_month if fact.rule == "annual_date" else None,
            "due_dates": sorted(d.isoformat() for d in dates),
            "submitted_by": types,
            "note": cells.get("note", "")[:4000],
        },
        items,
    )


def _header(value: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())


def read_rows(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """Row 1's columns, then each row with data, by its number in the spreadsheet."""
    iterator = file_rows(content, filename)
    header = next(iterator, None)
    names = [_header(v) for v in header or []]
    if not any(names):
        raise InvalidInput([Problem("row 1 must name the columns; it is empty", row=1)])
    problems = [
        Problem(
            f"'{name}' is not a column the import knows; the columns are: " + ", ".join(NAMES),
            row=1,
        )
        for name in names
        if name and name not in NAMES and name != DEMO_COLUMN
    ]
    if len({n for n in names if n}) != len([n for n in names if n]):
        problems.append(Problem("a column is named twice", row=1))
    if "key" not in names:
        problems.append(Problem("row 1 has no 'key' column; it is needed", row=1))
    if problems:
        raise InvalidInput(problems)
    rows: list[tuple[int, dict[str, str]]] = []
    for number, values in enumerate(iterator, start=2):
        if not any(values):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(
                [Problem(f"the import takes at most {MAX_ROWS:,} returns; split the file")]
            )
        rows.append(
            (
                number,
                {
                    names[i]: (v.isoformat() if isinstance(v, dt.date) else str(v)).strip()
                    for i, v in enumerate(values)
                    if i < len(names) and names[i] in NAMES
                },
            )
        )
    return rows


FIELDS = (
    "name",
    "regulator",
    "frequency",
    "due_rule",
    "due_day",
    "months_after",
    "due_month",
    "due_dates",
    "submitted_by",
    "note",
)


def register_import(*, actor: User, content: bytes, filename: str) -> ImportReport:
    """Import a register file whole or not at all; the secretariat only."""
    enforce(may_keep_registers(memberships_of(actor)))
    rows = read_rows(content, filename)
    regulators: dict[str, Regulator] = {}
    for r in Regulator.objects.all():
        for name in (r.key, r.name, r.short_name):
            if name:
                regulators[name.casefold()] = r
    problems: list[Problem] = []
    parsed: list[Parsed] = []
    seen: dict[str, int] = {}
    for number, cells in rows:
        if len(problems) >= MAX_PROBLEMS:
            break
        key = cells.get("key", "")
        if key and key in seen:
            problems.append(Problem(f"the key '{key}' is also on row {seen[key]}", "key", number))
            continue
        seen[key] = number
        p = _parse(number, cells, regulators, problems)
        if p is not None:
            parsed.append(p)
    known_items = {i.key: i for i in DataItem.objects.all()}
    named = {k for p in parsed for k, n in p.items if n}
    for p in parsed:
        for item_key, _ in p.items:
            if item_key not in known_items and item_key not in named:
                problems.append(
                    Problem(
                        f"the item '{item_key}' is new: give its name as '{item_key}: name'",
                        "items",
                        seen[p.values["key"]],
                    )
                )
    if problems:
        raise InvalidInput(problems)
    report = ImportReport(filename, rows=len(rows))
    existing = {r.key: r for r in Return.objects.prefetch_related("items")}
    with transaction.atomic():
        source = entered_source(actor=actor)
        for item_key, item_name in {k: n for p in parsed for k, n in p.items if n}.items():
            if item_key not in known_items:
                known_items[item_key] = DataItem.objects.create(key=item_key, name=item_name)
        for p in parsed:
            values = p.values
            wanted_items = sorted(k for k, _ in p.items)
            ret = existing.get(values["key"])
            if ret is None:
                ret = Return.objects.create(**values, source=source)
                report.created.append(ret.key)
            else:
                same = (
                    all(getattr(ret, f) == values[f] for f in FIELDS)
                    and sorted(i.key for i in ret.items.all()) == wanted_items
                    and not ret.is_demo
                )
                if same:
                    report.unchanged += 1
                    continue
                for f in FIELDS:
                    setattr(ret, f, values[f])
                ret.is_demo = False
                ret.source = source
                ret.version += 1
                ret.save()
                report.updated.append(ret.key)
            ret.items.set([known_items[k] for k in wanted_items])
        if report.created or report.updated:
            data_items_recount()
            audit_record(
                actor=actor,
                action="regulation.register.import",
                obj=source,
                before=None,
                after={"file": filename, "created": report.created, "updated": report.updated},
            )
    return report


def export_rows(returns: Any) -> list[tuple[Any, ...]]:
    return [
        (
            r.key,
            r.name,
            r.regulator.key,
            r.frequency,
            r.due_rule,
            r.due_day if r.due_day is not None else "",
            r.months_after if r.months_after is not None else "",
            r.due_month if r.due_month is not None else "",
            "; ".join(r.due_dates),
            "; ".join(f"{i.key}: {i.name}" for i in r.items.all()),
            "; ".join(r.submitted_by),
            r.note,
            DEMO_WORDS if r.is_demo else "",
        )
        for r in returns
    ]


def register_csv(returns: Any) -> bytes:
    return csv_bytes((*NAMES, DEMO_COLUMN), export_rows(returns))


def register_xlsx(returns: Any) -> bytes:
    book = xlsx_book("Reporting-requirements register")
    xlsx_sheet(
        book,
        "Returns",
        (*NAMES, DEMO_COLUMN),
        export_rows(returns),
        widths=(30, 40, 18, 12, 14, 8, 8, 8, 24, 60, 30, 40, 20),
        wrap=True,
    )
    regulators = Regulator.objects.all()
    xlsx_sheet(
        book,
        "Columns",
        ("Column", "What it holds"),
        [(c.name, _help(c, regulators)) for c in COLUMNS],
        widths=(16, 100),
        wrap=True,
    )
    return xlsx_bytes(book)


def column_values(column: Column, regulators: Any) -> tuple[str, ...]:
    """The values a column takes, as typed."""
    if column.name == "regulator":
        return tuple(r.key for r in regulators)
    if column.name == "submitted_by":
        return tuple(str(v) for v in OrganisationType.values)
    if column.name == "frequency":
        return ("monthly", "quarterly", "annual", "listed")
    if column.name == "due_rule":
        return ("after_period", "annual_date", "listed_dates")
    return ()


def _help(column: Column, regulators: Any) -> str:
    values = column_values(column, regulators)
    return f"{column.help} {', '.join(values)}" if values else column.help


def column_help() -> list[tuple[str, str, tuple[str, ...]]]:
    regulators = list(Regulator.objects.all())
    return [(c.name, c.help, column_values(c, regulators)) for c in COLUMNS]


def due_words(r: Return) -> str:
    return rule_words(
        DueRuleFact(
            r.frequency,
            r.due_rule,
            r.due_day,
            r.months_after,
            r.due_month,
            tuple(dt.date.fromisoformat(d) for d in r.due_dates),
        )
    )


__all__ = ["problem_text", "register_csv", "register_import", "register_xlsx"]


def enforce_may_import(person: Any) -> None:
    """Only the secretariat keeps the register (403 for anyone else)."""
    enforce(may_keep_registers(memberships_of(person)))
