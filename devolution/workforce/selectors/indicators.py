"""Reads of the workforce indicators."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import F, Q, QuerySet
from django.http import Http404

from devolution.partners.models import Organisation, Partnership
from devolution.partners.selectors import footprint_within, partnership_in_view

from ..models import Indicator
from ..rules.indicators import Aggregate, Counts, aggregate


class PayBill(NamedTuple):
    amount: int
    period_end: dt.date


def latest_pay_bills(organisation_ids: Iterable[int], on: dt.date) -> dict[int, PayBill]:
    """Each organisation's latest whole-organisation pay bill for a period ending on or
    before `on` (organisations with none are left out): what the levy calculator offers
    for a partnership's employers. One query."""
    rows = (
        Indicator.objects.filter(
            organisation_id__in=list(organisation_ids),
            staff_group="",
            pay_bill__isnull=False,
            period_end__lte=on,
        )
        .order_by("organisation_id", "period_end")
        .values_list("organisation_id", "pay_bill", "period_end")
    )
    # Ordered by period: the last seen for an organisation is its latest.
    return {
        org: PayBill(amount, end)
        for org, amount, end in rows
        if org is not None and amount is not None and end is not None
    }


# ------------------------------------------------------------------ lists and the board


@dataclass(frozen=True)
class Filters:
    """The list's and the board's filters, as read (blank: all)."""

    organisation: str = ""  # an organisation's key
    stp: str = ""  # an STP partnership's key
    staff_group: str = ""
    period_end: dt.date | None = None
    all_groups: bool = True  # False: only the given staff group, blank meaning all staff
    # The STPs in view (ids: those of the partnership in view's footprint, systems_in_view):
    # only their members' figures, as every page about one partnership's business shows;
    # None: every STP.
    systems: tuple[int, ...] | None = None


def systems_in_view(key: str | None = None) -> tuple[int, ...] | None:
    """The ids of the STPs whose footprint lies within the partnership in view's
    (`key`'s, 404 for none, else the default's; None while there is none): an England of
    systems shows a partnership its own, not every system's (QUALITY P3). One query,
    read once a request so that the pages' queries filter by a few ids."""
    partnership = partnership_in_view(key or None)
    if partnership is None:
        return None
    return tuple(
        Partnership.objects.filter(
            kind=Partnership.Kind.STP, footprint__in=footprint_within(partnership)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )


def stps_in_view(systems: tuple[int, ...] | None) -> QuerySet[Partnership]:
    """The STPs of `systems` (every STP for None)."""
    stps = Partnership.objects.filter(kind=Partnership.Kind.STP)
    return stps if systems is None else stps.filter(pk__in=systems)


def _organisations_in_view(systems: tuple[int, ...]) -> QuerySet[Organisation, Any]:
    """The organisations whose figures the partnership in view shows, as a subquery of
    ids: the members of its STPs, and those of no STP (a trust known by its vanguard
    only); not another partnership's systems' members. Read through the organisations'
    index rather than by passing over every figure of England (QUALITY P3)."""
    members = Partnership.members.through.objects
    in_any = members.filter(partnership__kind=Partnership.Kind.STP).values("organisation_id")
    ours = members.filter(partnership_id__in=systems).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=ours) | ~Q(pk__in=in_any)).values("pk")


def _in_view(rows: QuerySet[Indicator], filters: Filters) -> QuerySet[Indicator]:
    """The rows of the partnership in view (a place's figures are all shown), unless one
    organisation or STP is asked for."""
    if filters.systems is None or filters.organisation or filters.stp:
        return rows
    return rows.filter(
        Q(organisation__isnull=True)
        | Q(organisation_id__in=_organisations_in_view(filters.systems))
    )


def indicator_rows(filters: Filters) -> QuerySet[Indicator]:
    """The indicators the filters select, newest period first, with what each row shows
    (its organisation or place, source and age profile) read up front."""
    rows = Indicator.objects.select_related("organisation", "place", "source").prefetch_related(
        "ages"
    )
    if filters.organisation:
        rows = rows.filter(organisation__key=filters.organisation)
    if filters.stp:
        rows = rows.filter(
            organisation__partnerships__key=filters.stp,
            organisation__partnerships__kind=Partnership.Kind.STP,
        )
    if filters.staff_group or not filters.all_groups:
        rows = rows.filter(staff_group=filters.staff_group)
    if filters.period_end is not None:
        rows = rows.filter(period_end=filters.period_end)
    rows = _in_view(rows, filters)
    return rows.order_by(F("period_end").desc(nulls_last=True), "organisation__name", "pk")


def organisation_rows(organisation: Organisation) -> QuerySet[Indicator]:
    """An organisation's indicators over time, oldest first, staff group by staff group."""
    return (
        Indicator.objects.filter(organisation=organisation)
        .select_related("organisation", "place", "source")
        .prefetch_related("ages")
        .order_by("staff_group", F("period_end").asc(nulls_first=True), "pk")
    )


def organisation_with_key(key: str) -> Organisation:
    found = Organisation.objects.filter(key=key).first()
    if found is None:
        raise Http404("No organisation has this key.")
    return found


def stp_choices(systems: tuple[int, ...] | None = None) -> list[tuple[str, str]]:
    """The STPs in view (every STP for None)."""
    return list(stps_in_view(systems).order_by("name").values_list("key", "name"))


def organisation_choices(systems: tuple[int, ...] | None = None) -> list[tuple[str, str]]:
    """The organisations that have indicators (not every organisation in England), but
    those of other partnerships' systems."""
    ids = Indicator.objects.filter(organisation__isnull=False).values("organisation_id")
    organisations = Organisation.objects.filter(pk__in=ids)
    if systems is not None:
        organisations = organisations.filter(pk__in=_organisations_in_view(systems))
    return list(organisations.order_by("name").values_list("key", "name"))


def staff_groups() -> list[str]:
    groups = Indicator.objects.order_by().values_list("staff_group", flat=True).distinct()
    return sorted(set(groups) - {""})


def period_ends() -> list[dt.date]:
    ends = (
        Indicator.objects.filter(period_end__isnull=False)
        .order_by()
        .values_list("period_end", flat=True)
        .distinct()
    )
    return sorted((d for d in ends if d is not None), reverse=True)


def stp_exists(key: str) -> bool:
    return Partnership.objects.filter(key=key, kind=Partnership.Kind.STP).exists()


def has_demo(rows: Any = None) -> bool:
    """Whether the rows (else any indicator) include invented demo figures."""
    if rows is None:
        return Indicator.objects.filter(is_demo=True).exists()
    if isinstance(rows, QuerySet):
        return rows.filter(is_demo=True).exists()
    return any(r.is_demo for r in rows)


@dataclass(frozen=True)
class Point:
    period_end: dt.date
    group: str  # "All organisations" or the STP's name
    result: Aggregate


@dataclass(frozen=True)
class Board:
    """The London Workforce Board's view: the rates over time for all organisations and
    for each STP, aggregated from the counts (rules.indicators.aggregate)."""

    staff_group: str
    overall: list[Point]
    by_stp: list[Point]
    rate_only: int  # rows left out of every aggregate: a rate without its counts
    demo: bool
    source_ids: frozenset[int] = frozenset()  # the sources of the rows read


ALL = "All organisations"


def board(filters: Filters) -> Board:
    """Two queries: every organisation's counts for the staff group (blank: all staff),
    and which STP each organisation is a member of."""
    rows = Indicator.objects.filter(
        organisation__isnull=False, period_end__isnull=False, staff_group=filters.staff_group
    )
    if filters.stp:
        rows = rows.filter(
            organisation__partnerships__key=filters.stp,
            organisation__partnerships__kind=Partnership.Kind.STP,
        )
    if filters.organisation:
        rows = rows.filter(organisation__key=filters.organisation)
    rows = _in_view(rows, filters)
    values = list(
        rows.values_list(
            "organisation_id",
            "period_end",
            "staff_in_post",
            "vacancies",
            "leavers",
            "vacancy_rate",
            "turnover_rate",
            "is_demo",
            "source_id",
        )
    )
    stps: dict[int, list[str]] = defaultdict(list)
    for org, name in Partnership.members.through.objects.filter(
        # The STP asked for, else those of the partnership in view.
        partnership__in=stps_in_view(None if filters.stp else filters.systems).values("pk")
    ).values_list("organisation_id", "partnership__name"):
        stps[org].append(name)
    overall: dict[dt.date, list[Counts]] = defaultdict(list)
    grouped: dict[tuple[dt.date, str], list[Counts]] = defaultdict(list)
    for org, end, staff, vacancies, leavers, vrate, trate, _, _ in values:
        if end is None:
            continue
        counts = Counts(staff, vacancies, leavers, vrate, trate)
        overall[end].append(counts)
        for name in stps.get(org, []):
            grouped[(end, name)].append(counts)
    if filters.stp:
        wanted = dict(stp_choices()).get(filters.stp, "")
        grouped = {k: v for k, v in grouped.items() if k[1] == wanted}
    left_out = aggregate(c for cs in overall.values() for c in cs).rate_only
    return Board(
        staff_group=filters.staff_group,
        overall=[Point(end, ALL, aggregate(cs)) for end, cs in sorted(overall.items())],
        by_stp=[
            Point(end, name, aggregate(cs))
            for (end, name), cs in sorted(grouped.items(), key=lambda i: (i[0][1], i[0][0]))
        ],
        rate_only=left_out,
        demo=any(v[-2] for v in values),
        source_ids=frozenset(v[-1] for v in values),
    )
