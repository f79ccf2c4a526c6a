"""Regulation as JSON (SPEC §14), with the same rules and access as the pages: the matrix,
the timeline, the register (paged) and one return, the data items asked for by more than
one regulator and an organisation's calendar are public; only the secretariat imports."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params.functions import Query
from ninja.security import django_auth

from devolution.core.api_contract import InvalidQuery, one_of
from devolution.core.errors import NotFound, Problem
from devolution.core.pagination import MAX_OFFSET
from devolution.core.people import signed_in_person
from devolution.partners.selectors import today

from .. import selectors, transfer
from ..forms import CalendarRange, chosen_month, month_end, months_between

router = Router(tags=["Regulation"])


class CellOut(Schema):
    column: str = Field(..., description="The column's key")
    label: str = Field(..., description="The column's heading, as seed 001 gives it")
    covered: bool | None = Field(..., description="Ticked in the seed; null where unknown")
    qualification: str = Field(..., description="The seed's qualification, word for word")


class RegulatorRowOut(Schema):
    regulator: str
    name: str
    organisation: str | None = Field(..., description="Its organisation's key, if recorded")
    activities: list[CellOut]
    bodies: list[CellOut]


class ColumnOut(Schema):
    key: str
    label: str
    organisation_types: list[str]


class MatrixOut(Schema):
    activities: list[ColumnOut]
    bodies: list[ColumnOut]
    regulators: list[RegulatorRowOut]
    source: str


def _cells(m: selectors.Matrix, r: Any, columns: Any) -> list[dict[str, Any]]:
    out = []
    for c in columns:
        cell = m.cell(r, c)
        out.append(
            {
                "column": c.key,
                "label": c.label,
                "covered": None if cell is None else cell.covered,
                "qualification": "" if cell is None else cell.qualification,
            }
        )
    return out


def _column(c: Any) -> dict[str, Any]:
    return {"key": c.key, "label": c.label, "organisation_types": c.organisation_types}


TABLES = ("activity", "body")


@router.get("/regulation/matrix", response=MatrixOut, summary="The regulator matrix (seed 001)")
def matrix_get(
    request: HttpRequest,
    table: str = Query(
        "",
        description="Only one table: activity (the regulatory and oversight activity "
        "categories) or body (the regulated bodies); another value is a 422",
    ),
) -> Any:
    one_of("table", table, TABLES)
    m = selectors.matrix()
    activities = [] if table == "body" else m.activities
    bodies = [] if table == "activity" else m.bodies
    return {
        "activities": [_column(c) for c in activities],
        "bodies": [_column(c) for c in bodies],
        "regulators": [
            {
                "regulator": r.key,
                "name": r.name,
                "organisation": r.organisation.key if r.organisation else None,
                "activities": _cells(m, r, activities),
                "bodies": _cells(m, r, bodies),
            }
            for r in m.regulators
        ],
        "source": "seed 001, Regulation: the regulatory body or party tables",
    }


class TimelineOut(Schema):
    key: str
    date: dt.date = Field(
        ...,
        description="The first day of the month or year where the "
        "seed gives no more: see date_precision",
    )
    date_precision: str = Field(..., description="day, month or year")
    title: str
    regulators: list[str]
    quote: str = Field(..., description="The seed's words")
    cites: str
    source: str


@router.get("/regulation/timeline", response=list[TimelineOut], summary="The regulation timeline")
@paginate
def timeline_list(request: HttpRequest) -> Any:
    return [
        {
            "key": e.key,
            "date": e.date,
            "date_precision": e.date_precision,
            "title": e.title,
            "regulators": [r.key for r in e.regulators.all()],
            "quote": e.quote,
            "cites": e.cites,
            "source": e.source.title,
        }
        for e in selectors.timeline()
    ]


class DataItemOut(Schema):
    key: str
    name: str


class ReturnOut(Schema):
    key: str
    name: str
    regulator: str = Field(..., description="The regulator's key")
    frequency: str = Field(..., description="monthly, quarterly, annual or listed")
    due_rule: str = Field(..., description="after_period, annual_date or listed_dates")
    due_day: int | None
    months_after: int | None
    due_month: int | None
    due_dates: list[str]
    due: str = Field(..., description="The rule in words")
    items: list[DataItemOut]
    submitted_by: list[str] = Field(..., description="Organisation types")
    note: str
    is_demo: bool = Field(..., description="Demo data, invented: not a real return")
    version: int


def _return(r: Any, items: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """A return as JSON; its items read from it unless given."""
    return {
        "key": r.key,
        "name": r.name,
        "regulator": r.regulator.key,
        "frequency": r.frequency,
        "due_rule": r.due_rule,
        "due_day": r.due_day,
        "months_after": r.months_after,
        "due_month": r.due_month,
        "due_dates": r.due_dates,
        "due": transfer.due_words(r),
        "items": [{"key": i.key, "name": i.name} for i in r.items.all()]
        if items is None
        else items,
        "submitted_by": r.submitted_by,
        "note": r.note,
        "is_demo": r.is_demo,
        "version": r.version,
    }


class Mapped:
    """A list's rows, each made by `make` when its page is read (ninja's paginate): a page
    reads its own rows, and the count is one query."""

    def __init__(self, rows: Any, make: Callable[[Any], dict[str, Any]]) -> None:
        self.rows, self.make = rows, make

    def __len__(self) -> int:
        return int(self.rows.count())

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        return [self.make(row) for row in self.rows[part]]


class ReturnPages:
    """The register's returns as ninja's paginate reads them: a page's returns, then their
    data items as plain values in one query (no model for each item); one count."""

    def __len__(self) -> int:
        return selectors.return_rows().count()

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        returns = list(selectors.return_rows()[part])
        items = selectors.items_of([r.pk for r in returns])
        return [_return(r, items.get(r.pk, [])) for r in returns]


@router.get("/regulation/returns", response=list[ReturnOut], summary="The register's returns")
@paginate
def return_list(request: HttpRequest) -> Any:
    return ReturnPages()


class ImportOut(Schema):
    summary: str
    rows: int
    created: list[str]
    updated: list[str]
    unchanged: int


@router.post(
    "/regulation/returns/import",
    response=ImportOut,
    auth=django_auth,
    summary="Import the register from a CSV or XLSX file: all of it or none of it",
    description="The secretariat only. Every problem is listed by row and column (400) and "
    "nothing is stored; returns are matched by key, so a second import of the same file "
    "changes nothing.",
)
def return_import(request: HttpRequest, file: File[UploadedFile]) -> Any:
    person = signed_in_person(request)
    transfer.enforce_may_import(person)
    report = transfer.register_import(
        actor=person, content=file.read(5 * 1024 * 1024 + 1), filename=file.name or ""
    )
    return {
        "summary": report.summary(),
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    }


@router.get("/regulation/returns/{key}", response=ReturnOut, summary="One return")
def return_get(request: HttpRequest, key: str) -> Any:
    r = selectors.return_get(key)
    if r is None:
        raise NotFound("No return has this key.")
    return _return(r)


class AskerOut(Schema):
    regulator: str
    regulator_name: str
    return_key: str
    return_name: str


class DuplicateOut(Schema):
    item: DataItemOut
    regulators: list[str] = Field(..., description="The regulators' names")
    returns: list[AskerOut]


@router.get(
    "/regulation/duplicates",
    response=list[DuplicateOut],
    summary="The data items asked for by more than one regulator",
)
@paginate
def duplicate_list(request: HttpRequest) -> Any:
    return Mapped(
        selectors.DuplicatePages(),
        lambda d: {
            "item": {"key": d.item.key, "name": d.item.name},
            "regulators": list(d.regulators),
            "returns": [a.__dict__ for a in d.askers],
        },
    )


class CalendarItemOut(Schema):
    key: str
    name: str
    regulators: list[str] = Field(
        ..., description="The regulators asking it of this organisation, by name"
    )
    duplicate: bool = Field(..., description="Asked of this organisation by more than one")


class CalendarEntryOut(Schema):
    due: dt.date
    period: str
    regulator: str
    regulator_name: str
    return_key: str
    return_name: str
    is_demo: bool
    items: list[str] = Field(..., description="The keys of the data items it asks for")
    asked_twice: list[str] = Field(
        ..., description="The keys of its items another regulator asks of this organisation too"
    )


class CoverOut(Schema):
    regulator: str
    name: str
    qualification: str


class CalendarOut(Schema):
    organisation: str
    organisation_type: str
    start: dt.date = Field(..., alias="from")
    end: dt.date = Field(..., alias="to")
    regulated_by: list[CoverOut]
    count: int = Field(..., description="How many returns are due in the dates, in all")
    entries: list[CalendarEntryOut] = Field(
        ..., description="The returns due, in date order: `limit` of them from `offset`"
    )
    items: list[CalendarItemOut] = Field(
        ..., description="Every data item these entries ask for, once"
    )
    duplicate_items: list[str] = Field(
        ..., description="Keys of the items of these entries asked twice"
    )


ENTRIES_LIMIT = settings.NINJA_PAGINATION_PER_PAGE


@router.get(
    "/regulation/calendars/{organisation}",
    response=CalendarOut,
    by_alias=True,
    summary="An organisation's reporting calendar",
    description="Every return due from the organisation (by its type) to each regulator, "
    "in date order, from `from` to `to` (by default a year from today; at most three years), "
    "or only in one `month` of them, a part at a time: `limit` entries (default "
    f"{ENTRIES_LIMIT}) from `offset`; `count` says how many there are in all.",
)
def calendar_get(
    request: HttpRequest,
    organisation: str,
    start: str = Query("", alias="from", description="YYYY-MM-DD; a bad date is a 422"),
    end: str = Query("", alias="to", description="YYYY-MM-DD, on or after `from`"),
    limit: int = Query(
        ENTRIES_LIMIT,
        ge=1,
        le=settings.NINJA_PAGINATION_MAX_LIMIT,
        description=f"How many entries to return: 1 to {settings.NINJA_PAGINATION_MAX_LIMIT}",
    ),
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="How many entries to skip"),
    month: str = Query(
        "",
        description="YYYY-MM: only the returns due in this month of the dates (as the "
        "calendar page shows them); a month outside them is a 422",
    ),
) -> Any:
    org = selectors.organisation_with_key(organisation)
    if org is None:
        raise NotFound("No organisation has this key.")
    form = CalendarRange({"from": start, "to": end} if start or end else None, today=today())
    if form.is_bound and not form.is_valid():
        names = {"start": "from", "end": "to"}
        raise InvalidQuery(
            [
                Problem(" ".join(str(e) for e in errors), field=names.get(name, name))
                for name, errors in form.errors.items()
            ]
        )
    first, last = form.range()
    window = first, last
    if month:
        try:
            chosen = chosen_month(month, months_between(first, last))
        except ValueError as exc:
            raise InvalidQuery([Problem(str(exc), field="month")]) from None
        window = max(first, chosen), min(last, month_end(chosen))
    due = selectors.CalendarEntries(org, *window)
    cal = selectors.OrganisationCalendar(
        organisation=org,
        start=first,
        end=last,
        entries=due[offset : offset + limit],
        covers=selectors.covering(org),
        demo=due.demo,
    )
    return {
        "count": due.count(),
        "organisation": org.key,
        "organisation_type": org.type,
        "from": cal.start,
        "to": cal.end,
        "regulated_by": [
            {"regulator": c.regulator, "name": c.regulator_name, "qualification": c.qualification}
            for c in cal.covers
        ],
        "entries": [
            {
                "due": e.due,
                "period": e.period,
                "regulator": e.ret.regulator,
                "regulator_name": e.ret.regulator_name,
                "return_key": e.ret.key,
                "return_name": e.ret.name,
                "is_demo": e.ret.is_demo,
                "items": [i.item.key for i in e.items],
                "asked_twice": [i.item.key for i in e.items if i.duplicate],
            }
            for e in cal.entries
        ],
        "items": [
            {"key": key, "name": name, "regulators": list(regs), "duplicate": len(regs) > 1}
            for key, name, regs in cal.asked_items
        ],
        "duplicate_items": [k for k, _, _ in cal.duplicate_items],
    }
