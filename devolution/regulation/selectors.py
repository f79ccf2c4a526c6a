"""Every read the regulation pages and API share: the matrix, the timeline, the register,
an organisation's calendar and the data items asked for twice.

A register may hold hundreds of returns asking thousands of data items (QUALITY P3: an
England's size), so what a page or an API list shows is read a page at a time: the data
items asked twice are found and counted in SQL and only a page's askers are read; a
calendar's due dates are worked out from the returns' rules alone (one query of plain
values) and only the returns of the entries shown are read with their data items. The
whole-register documents (the feed, the PDF, the spreadsheets, made once a version) read
it whole, in three queries, and the pure rules (rules/) do the rest."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import Lower

from devolution.partners.models import Organisation, OrganisationType

from .models import DataItem, MatrixCell, MatrixColumn, Regulator, Return, TimelineEntry
from .rules.calendar import (
    Asker,
    CalendarEntry,
    CalendarItem,
    Duplicate,
    ItemFact,
    ReturnFact,
    calendar,
    duplicates,
)
from .rules.due import DueRuleFact
from .rules.matrix import CellFact, Cover, regulators_covering


@dataclass(frozen=True)
class Matrix:
    regulators: list[Regulator]
    activities: list[MatrixColumn]
    bodies: list[MatrixColumn]
    cells: dict[tuple[int, int], MatrixCell]

    def cell(self, regulator: Regulator, column: MatrixColumn) -> MatrixCell | None:
        return self.cells.get((regulator.pk, column.pk))


def regulator_list() -> list[Regulator]:
    return list(Regulator.objects.select_related("organisation"))


def regulator_with_key(key: str) -> Regulator | None:
    return Regulator.objects.filter(key=key).first()


def matrix() -> Matrix:
    columns = list(MatrixColumn.objects.all())
    return Matrix(
        regulators=regulator_list(),
        activities=[c for c in columns if c.table == MatrixColumn.Table.ACTIVITY],
        bodies=[c for c in columns if c.table == MatrixColumn.Table.BODY],
        cells={(c.regulator_id, c.column_id): c for c in MatrixCell.objects.all()},
    )


def cell_facts(m: Matrix) -> list[CellFact]:
    """The regulated-body cells, for the rule that says who covers a kind of body."""
    return [
        CellFact(
            r.key,
            r.name,
            column.label,
            frozenset(column.organisation_types),
            cell.covered,
            cell.qualification,
        )
        for r in m.regulators
        for column in m.bodies
        if (cell := m.cell(r, column)) is not None
    ]


def covering(organisation: Organisation, m: Matrix | None = None) -> list[Cover]:
    """The regulators that cover this organisation, from its type (seed 001's matrix)."""
    return regulators_covering(organisation.type, cell_facts(m or matrix()))


def timeline() -> list[TimelineEntry]:
    return list(
        TimelineEntry.objects.select_related("source").prefetch_related(
            Prefetch("regulators", queryset=Regulator.objects.order_by("order"))
        )
    )


def return_list() -> QuerySet[Return]:
    return Return.objects.select_related("regulator", "source").prefetch_related(
        Prefetch("items", queryset=DataItem.objects.order_by("name", "key"))
    )


def return_rows() -> QuerySet[Return]:
    """The register's returns for its list page, each with its regulator (a page of them
    is given its items' counts by `item_counts`)."""
    return Return.objects.select_related("regulator")


def items_of(return_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    """The data items of each of these returns, by name, as plain values, by return id."""
    found: dict[int, list[dict[str, str]]] = {}
    for return_id, key, name in (
        Return.items.through.objects.filter(return_id__in=return_ids)
        .order_by("dataitem__name", "dataitem__key")
        .values_list("return_id", "dataitem__key", "dataitem__name")
    ):
        found.setdefault(return_id, []).append({"key": key, "name": name})
    return found


def item_counts(returns: list[Return]) -> dict[int, int]:
    """How many data items each of these returns asks, by id: counted in SQL for these
    returns only (one query), not over the register as a count on every row would be."""
    rows = (
        Return.items.through.objects.filter(return_id__in=[r.pk for r in returns])
        .order_by()
        .values("return_id")
        .annotate(n=Count("pk"))
    )
    return {row["return_id"]: row["n"] for row in rows}


def return_get(key: str) -> Return | None:
    return return_list().filter(key=key).first()


def _askers(item_ids: list[int]) -> dict[int, list[Asker]]:
    """Every return asking each of these data items, by regulator then return: one
    query, whatever the register's size beyond these items."""
    found: dict[int, list[Asker]] = {}
    rows = Return.items.through.objects.filter(dataitem_id__in=item_ids).values_list(
        "dataitem_id",
        "return__regulator__key",
        "return__regulator__name",
        "return__key",
        "return__name",
    )
    for item_id, regulator, regulator_name, key, name in rows:
        found.setdefault(item_id, []).append(Asker(regulator, regulator_name, key, name))
    for asked in found.values():
        asked.sort(key=lambda a: (a.regulator_name, a.return_name))
    return found


def return_duplicates(ret: Return) -> dict[str, Duplicate]:
    """This return's data items that more than one regulator asks for, by item key, each
    with every return asking it: read for its own items only (one query)."""
    items = {i.pk: i for i in ret.items.all()}
    found = {}
    for item_id, asked in _askers(list(items)).items():
        if len({a.regulator for a in asked}) > 1:
            item = items[item_id]
            found[item.key] = Duplicate(ItemFact(item.key, item.name), tuple(asked))
    return found


def has_demo() -> bool:
    return Return.objects.filter(is_demo=True).exists()


def rule_fact(r: Return) -> DueRuleFact:
    return DueRuleFact(
        frequency=r.frequency,
        rule=r.due_rule,
        due_day=r.due_day,
        months_after=r.months_after,
        due_month=r.due_month,
        due_dates=tuple(dt.date.fromisoformat(d) for d in r.due_dates),
    )


def return_fact(r: Return) -> ReturnFact:
    return ReturnFact(
        key=r.key,
        name=r.name,
        regulator=r.regulator.key,
        regulator_name=r.regulator.name,
        rule=rule_fact(r),
        items=tuple(ItemFact(i.key, i.name) for i in r.items.all()),
        submitted_by=frozenset(r.submitted_by),
        is_demo=r.is_demo,
    )


def return_facts() -> list[ReturnFact]:
    return [return_fact(r) for r in return_list()]


def register_duplicates(facts: list[ReturnFact] | None = None) -> list[Duplicate]:
    """Every data item asked twice, with every return asking it: the whole register, for
    the documents made once a version (a page reads DuplicatePages)."""
    return duplicates(return_facts() if facts is None else facts)


def _duplicate_items() -> QuerySet[DataItem]:
    """The data items returns of more than one regulator ask for, by name: by their kept
    count of the regulators asking them (services.data_items_recount)."""
    return DataItem.objects.filter(regulators__gt=1).order_by(Lower("name"), "key")


class DuplicatePages:
    """The data items asked twice as a list a page or the API's limit and offset read a
    part of: counted with one query, and a part read with two (its items, then every
    return asking them), so a page costs the same at any register's size."""

    def count(self) -> int:
        return _duplicate_items().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, part: slice) -> list[Duplicate]:
        items = list(_duplicate_items().values_list("pk", "key", "name")[part])
        askers = _askers([pk for pk, _, _ in items])
        return [Duplicate(ItemFact(key, name), tuple(askers[pk])) for pk, key, name in items]


def organisation_with_key(key: str) -> Organisation | None:
    return Organisation.objects.filter(key=key).first()


def submitting_types() -> list[tuple[str, str]]:
    """The kinds of body the matrix or the register concern, as (type, label)."""
    wanted: set[str] = set()
    for column in MatrixColumn.objects.filter(table=MatrixColumn.Table.BODY):
        wanted.update(column.organisation_types)
    for types in Return.objects.values_list("submitted_by", flat=True):
        wanted.update(types)
    return [(value, label) for value, label in OrganisationType.choices if value in wanted]


def calendar_organisations() -> QuerySet[Organisation]:
    """The organisations that have a calendar: those of a kind the matrix or the register
    concern, by type and name."""
    return Organisation.objects.filter(type__in=[t for t, _ in submitting_types()]).order_by("name")


@dataclass
class OrganisationCalendar:
    organisation: Organisation
    start: dt.date
    end: dt.date
    entries: list[CalendarEntry]
    covers: list[Cover]
    demo: bool

    @cached_property
    def asked_items(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Each item the returns due ask of this organisation, once, as (key, name, the
        regulators asking it), by name."""
        seen: dict[str, tuple[str, str, set[str]]] = {}
        done: set[str] = set()
        for e in self.entries:
            if e.ret.key in done:
                continue
            done.add(e.ret.key)
            for i in e.items:
                entry = seen.setdefault(i.item.key, (i.item.key, i.item.name, set()))
                entry[2].update({e.ret.regulator_name, *i.also_asked_by})
        return sorted(
            ((k, n, tuple(sorted(r))) for k, n, r in seen.values()),
            key=lambda x: (x[1].lower(), x[0]),
        )

    @property
    def duplicate_items(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Each item this organisation is asked for by more than one regulator, once."""
        return [i for i in self.asked_items if len(i[2]) > 1]


def organisation_calendar(
    organisation: Organisation, start: dt.date, end: dt.date, facts: list[ReturnFact] | None = None
) -> OrganisationCalendar:
    """The whole calendar from `start` to `end`, every entry with its data items: for the
    feed and the documents, made once a version."""
    facts = return_facts() if facts is None else facts
    entries = calendar(organisation.type, facts, start, end)
    return OrganisationCalendar(
        organisation=organisation,
        start=start,
        end=end,
        entries=entries,
        covers=covering(organisation),
        demo=any(e.ret.is_demo for e in entries),
    )


_RULE_FIELDS = (
    "key",
    "name",
    "regulator__key",
    "regulator__name",
    "frequency",
    "due_rule",
    "due_day",
    "months_after",
    "due_month",
    "due_dates",
    "submitted_by",
    "is_demo",
)


@dataclass(frozen=True)
class Submitted:
    """The returns a kind of body submits, without their data items (what their due dates
    need), with their ids and their regulators' (key and name), by id."""

    facts: list[ReturnFact]
    ids: dict[str, int]  # by return key
    regulator_of: dict[int, int]  # the regulator's id, by return id
    regulators: dict[int, tuple[str, str]]


def _submitted(organisation_type: str) -> Submitted:
    """The returns a kind of body submits, read as plain values in one query."""
    found = Submitted([], {}, {}, {})
    for pk, regulator_id, *row in Return.objects.order_by().values_list(
        "pk", "regulator_id", *_RULE_FIELDS
    ):
        key, name, reg, reg_name, freq, rule, day, after, month, dates, types, demo = row
        if organisation_type not in types:
            continue
        found.ids[key] = pk
        found.regulator_of[pk] = regulator_id
        found.regulators[regulator_id] = (reg, reg_name)
        found.facts.append(
            ReturnFact(
                key=key,
                name=name,
                regulator=reg,
                regulator_name=reg_name,
                rule=DueRuleFact(
                    frequency=freq,
                    rule=rule,
                    due_day=day,
                    months_after=after,
                    due_month=month,
                    due_dates=tuple(dt.date.fromisoformat(d) for d in dates),
                ),
                items=(),
                submitted_by=frozenset(types),
                is_demo=demo,
            )
        )
    return found


def returns_due(organisation_type: str, start: dt.date, end: dt.date) -> list[CalendarEntry]:
    """The returns a kind of body has due from `start` to `end`, by day, without their data
    items: one query of plain values, for what lists the dates alone (a person's
    calendar)."""
    return calendar(organisation_type, _submitted(organisation_type).facts, start, end)


class CalendarEntries:
    """An organisation's calendar from `start` to `end` as a list a page or the API's limit
    and offset read a part of: every due date is worked out from the returns' rules (one
    query of plain values), and only the part read is given its data items (two queries:
    its returns' items, then the regulators asking those items of this kind of body)."""

    def __init__(self, organisation: Organisation, start: dt.date, end: dt.date) -> None:
        self.submitted = _submitted(organisation.type)
        self.bare = calendar(organisation.type, self.submitted.facts, start, end)
        # Whether the returns it submits include invented ones: in any dates.
        self.demo = any(f.is_demo for f in self.submitted.facts)

    def count(self) -> int:
        return len(self.bare)

    def __len__(self) -> int:
        return len(self.bare)

    def __getitem__(self, part: slice) -> list[CalendarEntry]:
        return entries_with_items(self.bare[part], self.submitted)


def entries_with_items(bare: list[CalendarEntry], submitted: Submitted) -> list[CalendarEntry]:
    """These entries (due dates without data items) with their returns' data items, each
    flagged where another regulator asks it of the same kind of body (`submitted`): by
    ids, so that neither query joins more than it must."""
    through = Return.items.through
    items_of: dict[int, list[tuple[int, ItemFact]]] = {}
    for return_id, item_id, item_key, item_name in (
        through.objects.filter(return_id__in={submitted.ids[e.ret.key] for e in bare})
        .order_by("dataitem__name", "dataitem__key")
        .values_list("return_id", "dataitem_id", "dataitem__key", "dataitem__name")
    ):
        items_of.setdefault(return_id, []).append((item_id, ItemFact(item_key, item_name)))
    # Every return asking these items, kept where this kind of body submits it: read by
    # the items' index alone (asking SQL to match the returns too makes it try each pair).
    asked_by: dict[int, set[int]] = {}
    for item_id, return_id in (
        through.objects.filter(dataitem_id__in={i for f in items_of.values() for i, _ in f})
        .order_by()
        .values_list("dataitem_id", "return_id")
    ):
        if (regulator_id := submitted.regulator_of.get(return_id)) is not None:
            asked_by.setdefault(item_id, set()).add(regulator_id)
    names = submitted.regulators
    out = []
    for e in bare:
        flagged = tuple(
            CalendarItem(
                item,
                tuple(
                    sorted(
                        names[r][1]
                        for r in asked_by.get(item_id, ())
                        if names[r][0] != e.ret.regulator
                    )
                ),
            )
            for item_id, item in items_of.get(submitted.ids[e.ret.key], [])
        )
        out.append(CalendarEntry(e.due, e.period, e.ret, flagged))
    return out


_TYPE_LABELS = dict(OrganisationType.choices)


def type_label(value: str) -> str:
    return _TYPE_LABELS.get(value, value)


def types_words(values: Any) -> str:
    return ", ".join(type_label(v) for v in values) or "none given"
