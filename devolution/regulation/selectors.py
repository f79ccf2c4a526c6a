"""Every read the regulation pages and API share: the matrix, the timeline, the register,
an organisation's calendar and the data items asked for twice. The register is read once
per question (its returns with their regulator and items in three queries) and the pure
rules (rules/) do the rest."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.db.models import Prefetch, QuerySet

from devolution.partners.models import Organisation, OrganisationType

from .models import DataItem, MatrixCell, MatrixColumn, Regulator, Return, TimelineEntry
from .rules.calendar import CalendarEntry, Duplicate, ItemFact, ReturnFact, calendar, duplicates
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


def return_get(key: str) -> Return | None:
    return return_list().filter(key=key).first()


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
    return duplicates(return_facts() if facts is None else facts)


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


def type_label(value: str) -> str:
    return dict(OrganisationType.choices).get(value, value)


def types_words(values: Any) -> str:
    return ", ".join(type_label(v) for v in values) or "none given"
