"""The speed bars of QUALITY.md, P1 to P7, measured side by side: `devolution bench`.

The bench makes two SQLite databases of its own (WAL, as `database_from_url` sets them
up) in a temporary folder, so it never touches the real one: London's data set as it
ships (every part of settings.LONDON_DATA_LOADERS, in order), and an England of 42
integrated care systems generated with London's shape on top of London's own data, so
that London's records (the SPB, board key "spb") are there at both sizes. Both have a
record of London's meetings made up for the bench (attendance, declarations, rulings,
actions: see `meetings_record`), which England copies for each system. It switches
Django's default connection between them, requests pages in process with Django's test
client (server time, not the network) and reports medians after a warm-up. The two sides
of every ratio are measured turn and turn about, so the noise of a shared machine falls
on both alike.

P1 alone is measured over HTTP, as QUALITY words it ("a hello JSON view of the same
server"): the bench starts `devolution runserver` on a free loopback port, on London's
database and with the bench's own settings and DEBUG, and times whole requests from a
client (see `Server`). P2, P3 and P5 stay in process; P6 times the legal rules engine
itself, with no database. P7 times a board pack of 20 items as PDF and as HTML.

A page added to the site is one more entry in PAGES.
"""

import datetime as dt
import gc
import html
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from time import perf_counter_ns
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.db.models import Count, Model
from django.db.models.expressions import Combinable
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.module_loading import import_string

from devolution.commitments.models import Commitment
from devolution.core.models import Source, User
from devolution.governance.legal import framework
from devolution.governance.models import (
    Arrangement,
    Board,
    BoardChair,
    PhaseMove,
    SeatRule,
)
from devolution.governance.rules.legal import CheckResult, Party, Proposal, check_arrangement
from devolution.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    Declaration,
    Meeting,
    Paper,
    Ruling,
)
from devolution.partners import selectors
from devolution.partners.models import (
    Level,
    Membership,
    Organisation,
    OrganisationType,
    Partnership,
    Place,
    Role,
)
from devolution.partners.views import PAGE_SIZE
from devolution.settings.base import database_from_url

RUNS = 50
WARM_UP = 5
MAX_QUERIES = 15
SYSTEMS = 42


class BenchError(Exception):
    """The bench could not measure: a page failed, or the two sides differ."""


# --- The pages -------------------------------------------------------------------------


UrlOf = Callable[[], str]


@dataclass(frozen=True)
class Page:
    """A page as the bench requests it.

    `path` gives the page showing the most rows, and `few`, where the page has rows to
    choose, the same page showing the fewest: P4 checks that both make the same number
    of queries. Both are resolved in the database in use, since a detail page needs an
    id there. A page that `scales` shows a fixed number of rows however many the database
    holds (a count, a page of a list, London's own record), so P3 times it at both sizes.
    A page that shows `every_row` of a table, unpaginated (the map, the organogram), is
    bound to take longer with more rows: P3 leaves it out, and the bench says so. A `pdf`
    (the agenda pack) takes seconds to make, and P7 times a pack: P3 leaves it out too.
    P4 counts the queries of every page.

    A page `signed_in` is for partnership staff only: P3 and P4 request it signed in as
    the bench's secretariat officer, who is shown the most (every form), and whose own
    actions are part of London's record (see `meetings_record`). P3 requests every other
    page signed out, as the public does, and P4 signed in as a superuser of no
    organisation.
    """

    name: str
    path: UrlOf
    few: UrlOf | None = None
    scales: bool = False
    every_row: bool = False
    signed_in: bool = False
    pdf: bool = False


def _named(route: str) -> UrlOf:
    return lambda: reverse(route)


def _one_row(route: str, model: type[Model]) -> UrlOf:
    """The list page filtered by the name of one row."""

    def path() -> str:
        name = model._default_manager.order_by("name").values_list("name", flat=True).first()
        if name is None:
            raise BenchError(f"there is no {model._meta.verbose_name} to list")
        return f"{reverse(route)}?{urlencode({'q': name})}"

    return path


def _detail(
    route: str, model: type[Model], related: tuple[str, ...], *, most: bool, arg: str = "pk"
) -> UrlOf:
    """The detail page of the record with the most (or the fewest) related rows to show;
    `arg` names the field its URL takes."""

    def path() -> str:
        shown: Combinable = Count(related[0], distinct=True)
        for name in related[1:]:
            shown += Count(name, distinct=True)
        records = model._default_manager.annotate(n=shown)
        record = records.order_by("-n" if most else "n", "pk").first()
        if record is None:
            raise BenchError(f"there is no {model._meta.verbose_name} to show")
        return reverse(route, args=[getattr(record, arg)])

    return path


def _keyed(route: str, key: str) -> UrlOf:
    """The page of the record with this key (London's, so there at both sizes)."""
    return lambda: reverse(route, args=[key])


def _query(route: str, **query: str) -> UrlOf:
    return lambda: f"{reverse(route)}?{urlencode(query)}"


# The arrangement checker's GET form, filled in: a CCG holding primary care commissioning
# by delegation delegates it to another CCG (double delegation: refused, with the lawful
# alternatives worked out, so the page does all its work).
DOUBLE_DELEGATION = {
    "form": "delegation",
    "function": "primary_care_commissioning",
    "party_1_type": "ccg",
    "party_1_holds": "delegated",
    "party_2_type": "ccg",
    "party_2_holds": "",
    "region": "london",
}


def _detail_page(name: str, route: str, model: type[Model], *related: str, arg: str = "pk") -> Page:
    return Page(
        name,
        _detail(route, model, related, most=True, arg=arg),
        _detail(route, model, related, most=False, arg=arg),
    )


def _fewest_commitments(route: str) -> UrlOf:
    """The list of commitments filtered to the board accountable for the fewest (one or
    more: a page of none would skip the queries of its rows)."""

    def path() -> str:
        key = (
            Commitment.objects.exclude(board=None)
            .values("board__key")
            .annotate(n=Count("pk"))
            .order_by("n", "board__key")
            .values_list("board__key", flat=True)
            .first()
        )
        if key is None:
            raise BenchError("there is no commitment with an accountable board to list")
        return f"{reverse(route)}?{urlencode({'board': key})}"

    return path


def _spb_meeting(route: str, *, most: bool, with_board: bool = False) -> UrlOf:
    """The page of the meeting of London's SPB (there at both sizes) with the most agenda
    items, or the fewest (one or more: a meeting of none would skip its items' queries)."""

    def path() -> str:
        meeting = (
            Meeting.objects.filter(board__key="spb")
            .annotate(n=Count("items"))
            .filter(n__gt=0)
            .order_by("-n" if most else "n", "date", "pk")
            .first()
        )
        if meeting is None:
            raise BenchError("London's SPB has no meeting with an agenda to show")
        return reverse(route, args=["spb", meeting.key] if with_board else [meeting.key])

    return path


def _fewest_meetings(route: str) -> UrlOf:
    """The list of meetings filtered to the board with the fewest (one or more)."""

    def path() -> str:
        key = (
            Meeting.objects.values("board__key")
            .annotate(n=Count("pk"))
            .order_by("n", "board__key")
            .values_list("board__key", flat=True)
            .first()
        )
        if key is None:
            raise BenchError("there is no meeting to list")
        return f"{reverse(route)}?{urlencode({'board': key})}"

    return path


PAGES: list[Page] = [
    Page("home", _named("core:home"), scales=True),
    Page(
        "places",
        _named("partners:place-list"),
        _one_row("partners:place-list", Place),
        scales=True,
    ),
    Page(
        "organisations",
        _named("partners:organisation-list"),
        _one_row("partners:organisation-list", Organisation),
        scales=True,
    ),
    Page(
        "partnerships",
        _named("partners:partnership-list"),
        _one_row("partners:partnership-list", Partnership),
        scales=True,
    ),
    _detail_page(
        "a place", "partners:place-detail", Place, "children", "organisations", arg="code"
    ),
    _detail_page(
        "an organisation", "partners:organisation-detail", Organisation, "serves", "partnerships"
    ),
    _detail_page(
        "a partnership", "partners:partnership-detail", Partnership, "members", "footprint"
    ),
    # The map shows every borough and the sources page every source: the two sizes
    # already differ in the rows they show.
    Page("map", _named("partners:map"), every_row=True),
    Page("sources", _named("partners:source-list"), every_row=True),
    # Governance. The list of boards (not paginated), the organogram (a picture of every
    # board, and the same as a list), the functions page (every arrangement of every
    # function) and the progression report (every board with phases) show every row.
    # London's SPB (key "spb", there at both sizes), its gateway, the rules and the
    # checker show the same rows at both sizes over a database that grows.
    Page(
        "boards",
        _named("governance:board-list"),
        _query("governance:board-list", status="planned"),
        every_row=True,
    ),
    Page(
        "a board",
        _keyed("governance:board-detail", "spb"),
        _keyed("governance:board-detail", "leb"),
        scales=True,
    ),
    Page("organogram", _named("governance:organogram"), every_row=True),
    Page("organogram picture", _named("governance:organogram-svg"), every_row=True),
    Page("legal rules", _named("governance:rule-catalogue"), scales=True),
    Page(
        "arrangement checker",
        _query("governance:arrangement-checker", **DOUBLE_DELEGATION),
        scales=True,
    ),
    Page("functions", _named("governance:function-list"), every_row=True),
    Page(
        "gateway report",
        _keyed("governance:gateway-report", "spb"),
        _keyed("governance:gateway-report", "leb"),
        scales=True,
    ),
    Page("progression report", _named("governance:progression-report"), every_row=True),
    # Commitments: London's at both sizes (the England generator makes none). The list is
    # paginated, the dashboard and its charts count every commitment into a fixed
    # picture; the themes page and three of the reports show every commitment.
    Page(
        "commitments",
        _named("commitments:commitment-list"),
        _fewest_commitments("commitments:commitment-list"),
        scales=True,
    ),
    _detail_page(
        "a commitment",
        "commitments:commitment-detail",
        Commitment,
        "milestones",
        "updates",
        "dependencies",
        "status_history",
        "work_items",
        "supporting",
        arg="reference",
    ),
    Page("commitments dashboard", _named("commitments:commitment-dashboard"), scales=True),
    Page("status chart", _named("commitments:chart-status-svg"), scales=True),
    Page("rating chart", _named("commitments:chart-rag-svg"), scales=True),
    Page("milestones chart", _named("commitments:chart-milestones-svg"), scales=True),
    Page("themes", _named("commitments:theme-list"), every_row=True),
    Page("work programme", _keyed("commitments:work-programme", "spb"), scales=True),
    Page("MoU progress report", _named("commitments:mou-progress-report"), every_row=True),
    Page(
        "work programme report",
        _keyed("commitments:work-programme-report", "spb"),
        scales=True,
    ),
    Page(
        "commitments by owner",
        _named("commitments:commitments-by-owner-report"),
        every_row=True,
    ),
    Page(
        "commitments by board",
        _named("commitments:commitments-by-board-report"),
        every_row=True,
    ),
    # Meetings: London's SPB meetings, their agendas and the bench's record of them
    # (`meetings_record`) at both sizes, and each system's copies of them in England. The
    # central log is paginated; a meeting, its calendar and a person's actions are
    # London's own. The list of meetings is paginated too, but its filter offers every
    # board that has met, and in England every system's boards meet: it shows every row
    # of those.
    Page(
        "meetings",
        _named("meetings:meeting-list"),
        _fewest_meetings("meetings:meeting-list"),
        every_row=True,
    ),
    Page(
        "a meeting, staff",
        _spb_meeting("meetings:meeting-detail", most=True),
        _spb_meeting("meetings:meeting-detail", most=False),
        scales=True,
        signed_in=True,
    ),
    Page(
        "a meeting, public",
        _spb_meeting("meetings:public-meeting", most=True),
        _spb_meeting("meetings:public-meeting", most=False),
        scales=True,
    ),
    Page("conflicts log", _named("meetings:conflict-log"), scales=True),
    Page("my actions", _named("meetings:my-actions"), scales=True, signed_in=True),
    Page("meetings calendar", _keyed("meetings:board-calendar", "spb"), scales=True),
    Page(
        "agenda pack, page",
        _spb_meeting("meetings:public-pack-html", most=True, with_board=True),
        _spb_meeting("meetings:public-pack-html", most=False, with_board=True),
        scales=True,
    ),
    Page(
        "declarations",
        _spb_meeting("meetings:declarations", most=True),
        _spb_meeting("meetings:declarations", most=False),
        scales=True,
        signed_in=True,
    ),
    # The register's pages hold the form to declare an interest, which offers every
    # organisation and partnership to name, as the agenda item form offers every
    # organisation, partnership and place: all three show every row of those.
    Page("my interests", _named("meetings:my-interests"), every_row=True, signed_in=True),
    Page(
        "register of interests",
        _named("meetings:interest-register"),
        every_row=True,
        signed_in=True,
    ),
    Page(
        "an agenda item, new",
        _spb_meeting("meetings:item-new", most=True),
        every_row=True,
        signed_in=True,
    ),
    Page(
        "agenda pack",
        _spb_meeting("meetings:public-pack", most=True, with_board=True),
        _spb_meeting("meetings:public-pack", most=False, with_board=True),
        pdf=True,
    ),
]

# The list page of P1, P2 and P5, and what it is compared with.
TYPICAL_LIST = "partners:organisation-list"
HELLO = "health"
ADMIN_LIST = "admin:partners_organisation_changelist"


# --- An England of integrated care systems ----------------------------------------------

LEVELS = [
    ("locality", "Locality", 1),
    ("borough", "Borough", 2),
    ("multi_borough", "Multi-borough", 3),
    ("stp", "Sub-region (STP)", 4),
    ("region", "Region", 5),
    ("national", "National", 6),
]
REGIONS = 7
NATIONAL_BODIES = [
    (OrganisationType.NHS_ENGLAND, "NHS England"),
    (OrganisationType.NHS_IMPROVEMENT, "NHS Improvement"),
    (OrganisationType.CQC, "Care Quality Commission"),
    (OrganisationType.HEE, "Health Education England"),
    (OrganisationType.PHE, "Public Health England"),
    (OrganisationType.DEPARTMENT_OF_HEALTH, "Department of Health"),
]


def london_load() -> None:
    """London's data set as `devolution load-london` loads it: every part of
    settings.LONDON_DATA_LOADERS, in order, all or nothing."""
    with transaction.atomic():
        for path in settings.LONDON_DATA_LOADERS:
            import_string(path)()


def england_generate(*, systems: int = SYSTEMS, boroughs: int = 8, trusts: int = 3) -> None:
    """An England of `systems` integrated care systems with London's shape, for the bench.

    Each system has an STP-level place in one of 7 regions, `boroughs` boroughs and two
    multi-borough areas; a council and a CCG for each borough, `trusts` trusts; and three
    partnerships (the system, and an integration partnership and an alliance for each
    half of it). Each system also has its own copy of London's SPB and the boards that
    report to it, with their phases, seats, chairs, history and arrangements (see
    `_england_governance`), which needs London's governance data loaded first. Every name
    says it is synthetic. It is bulk-created and not audited: it is benchmark data, not a
    partnership's records.
    """
    with transaction.atomic():
        source, _ = Source.objects.get_or_create(
            key="bench-synthetic",
            defaults={
                "title": "Synthetic data made by `devolution bench`: no real place or body",
                "kind": Source.Kind.ENTERED,
            },
        )
        level = {
            key: Level.objects.get_or_create(
                key=key, defaults={"name": name, "rank": rank, "source": source}
            )[0]
            for key, name, rank in LEVELS
        }

        def place(code: str, name: str, at: str, parent: Place | None, **more: Any) -> Place:
            return Place(
                code=f"bench-{code}",
                scheme=Place.Scheme.LOCAL,
                name=name,
                level=level[at],
                parent=parent,
                source=source,
                **more,
            )

        england = place("england", "England (synthetic)", "national", None)
        england.save()
        regions = Place.objects.bulk_create(
            place(f"r{r}", f"Synthetic region {r}", "region", england)
            for r in range(1, REGIONS + 1)
        )
        stps = Place.objects.bulk_create(
            place(
                f"s{s:02d}",
                f"Synthetic system {s:02d}",
                "stp",
                regions[s % REGIONS],
                population=1_000_000 + 10_000 * s,
                population_note=f"~{1 + s / 100:.2f}m",
                population_source=source,
            )
            for s in range(1, systems + 1)
        )
        local = Place.objects.bulk_create(
            place(f"s{s:02d}-b{b}", f"Synthetic borough {s:02d}-{b}", "borough", stp)
            for s, stp in enumerate(stps, 1)
            for b in range(1, boroughs + 1)
        )
        by_system = [local[i * boroughs : (i + 1) * boroughs] for i in range(systems)]
        halves = [(part[: boroughs // 2 or 1], part[boroughs // 2 :] or part) for part in by_system]
        areas = Place.objects.bulk_create(
            place(f"s{s:02d}-{side}", f"Synthetic system {s:02d} {side}", "multi_borough", stp)
            for s, stp in enumerate(stps, 1)
            for side in ("north", "south")
        )
        Place.comprises.through.objects.bulk_create(
            Place.comprises.through(from_place=areas[2 * i + h], to_place=b)
            for i, pair in enumerate(halves)
            for h, half in enumerate(pair)
            for b in half
        )

        organisations: list[Organisation] = []
        serves: list[tuple[Organisation, Place]] = []
        per_system: list[list[Organisation]] = []
        national: dict[str, Organisation] = {}
        for body_type, name in NATIONAL_BODIES:
            body = Organisation(
                key=f"bench-{body_type}", name=f"{name} (synthetic)", type=body_type, source=source
            )
            national[body_type] = body
            organisations.append(body)
            serves.append((body, england))
        n = 0
        for s, part in enumerate(by_system, 1):
            members: list[Organisation] = []
            for borough in part:
                n += 1
                council = Organisation(
                    key=f"bench-la-{n}",
                    name=f"{borough.name} Council",
                    type=OrganisationType.LOCAL_AUTHORITY,
                    gss_code=f"E99{n:06d}",
                    source=source,
                )
                ccg = Organisation(
                    key=f"bench-ccg-{n}",
                    name=f"{borough.name} CCG",
                    short_name=f"CCG {n}",
                    type=OrganisationType.CCG,
                    ods_code=f"Z{n:05d}",
                    source=source,
                )
                members += [council, ccg]
                serves += [(council, borough), (ccg, borough)]
            for t in range(1, trusts + 1):
                trust = Organisation(
                    key=f"bench-trust-{s}-{t}",
                    name=f"Synthetic system {s:02d} trust {t}",
                    type=(OrganisationType.NHS_TRUST, OrganisationType.FOUNDATION_TRUST)[t % 2],
                    ods_code=f"Y{s:03d}{t:02d}",
                    source=source,
                )
                members.append(trust)
                serves += [(trust, b) for b in part[t - 1 :: trusts]]
            organisations += members
            per_system.append(members)
        Organisation.objects.bulk_create(organisations)
        Organisation.serves.through.objects.bulk_create(
            Organisation.serves.through(organisation=o, place=p) for o, p in serves
        )

        partnerships: list[Partnership] = []
        footprint: list[tuple[Partnership, Place]] = []
        membership: list[tuple[Partnership, Organisation]] = []
        for s, (stp, members) in enumerate(zip(stps, per_system, strict=True), 1):
            system = Partnership(
                key=f"bench-stp-{s}",
                name=f"Synthetic system {s:02d} partnership",
                kind=Partnership.Kind.STP,
                source=source,
            )
            partnerships.append(system)
            footprint.append((system, stp))
            membership += [(system, o) for o in members]
            for h, kind in enumerate((Partnership.Kind.INTEGRATION, Partnership.Kind.ALLIANCE)):
                area = areas[2 * (s - 1) + h]
                joint = Partnership(
                    key=f"bench-{kind}-{s}",
                    name=f"{area.name} {kind} partnership",
                    kind=kind,
                    source=source,
                )
                partnerships.append(joint)
                footprint.append((joint, area))
                half = members[h::2]
                membership += [(joint, o) for o in half]
        Partnership.objects.bulk_create(partnerships)
        Partnership.footprint.through.objects.bulk_create(
            Partnership.footprint.through(partnership=pt, place=p) for pt, p in footprint
        )
        Partnership.members.through.objects.bulk_create(
            Partnership.members.through(partnership=pt, organisation=o) for pt, o in membership
        )
        _england_governance(source, level, stps, per_system, national)


# London's levels, and the level a system's copy of a London board uses instead: London's
# SPB has a seat per STP of the region; a system's has one per borough of its STP.
LEVEL_IN_SYSTEM = {"stp": "borough", "region": "stp"}


def _england_governance(
    source: Source,
    level: dict[str, Level],
    stps: list[Place],
    per_system: list[list[Organisation]],
    national: dict[str, Organisation],
) -> None:
    """Each system's copy of London's SPB and of every board reporting to it, however
    deep: the same phase models and current phases (London's PhaseModel rows, shared),
    seat rules, chairs, terms of reference and history of moves between phases; the
    arrangements London gives those boards; and the delegation of primary care
    commissioning to the system's CCGs. The copies sit on the system's STP and name the
    synthetic national bodies where London's name a real one."""
    london = Board.objects.filter(key="spb").first()
    if london is None:
        raise BenchError("London's governance data must be loaded before England's is made")
    family: list[list[Board]] = [[london]]  # London's SPB, then each tier below it
    while tier := list(Board.objects.filter(reports_to__in=family[-1]).order_by("key")):
        family.append(tier)
    londons = [b for tier in family for b in tier]
    rules = list(
        SeatRule.objects.filter(board__in=londons)
        .select_related("organisation")
        .order_by("board", "order")
    )
    chairs = list(
        BoardChair.objects.filter(board__in=londons)
        .select_related("organisation")
        .order_by("board", "id")
    )
    moves = list(PhaseMove.objects.filter(board__in=londons).order_by("board", "id"))
    arrangements = list(
        Arrangement.objects.filter(to_board__in=londons)
        .select_related("from_organisation")
        .prefetch_related("to_organisations")
    )
    primary_care = Arrangement.objects.filter(key="primary-care-delegated-to-ccgs").first()
    level_by_id = {lv.pk: lv for lv in level.values()}

    def at(level_id: int | None) -> Level | None:
        if level_id is None:
            return None
        key = level_by_id[level_id].key
        return level[LEVEL_IN_SYSTEM.get(key, key)]

    def body(org: Organisation | None) -> Organisation | None:
        return None if org is None else national.get(org.type)

    copies: dict[tuple[int, int], Board] = {}  # (system, London board id) -> its copy
    for tier in family:
        boards = Board.objects.bulk_create(
            Board(
                key=f"bench-s{s:02d}-{b.key}",
                name=f"Synthetic system {s:02d} {b.name.removeprefix('London ')}",
                short_name=b.short_name,
                footprint=stp,
                reports_to=copies.get((s, b.reports_to_id or 0)),
                status=b.status,
                legal_form=b.legal_form,
                cadence=b.cadence,
                cadence_note=b.cadence_note,
                phase_model_id=b.phase_model_id,
                current_phase_id=b.current_phase_id,
                terms_of_reference=b.terms_of_reference,
                source=source,
            )
            for s, stp in enumerate(stps, 1)
            for b in tier
        )
        copies.update(
            zip(((s, b.pk) for s in range(1, len(stps) + 1) for b in tier), boards, strict=True)
        )
    systems = range(1, len(stps) + 1)
    SeatRule.objects.bulk_create(
        SeatRule(
            board=copies[(s, r.board_id)],
            order=r.order,
            label=r.label,
            count=r.count,
            organisation_types=r.organisation_types,
            organisation=body(r.organisation),
            per_level=at(r.per_level_id),
            source=source,
        )
        for s in systems
        for r in rules
    )
    BoardChair.objects.bulk_create(
        BoardChair(
            board=copies[(s, c.board_id)],
            title=c.title,
            organisation=body(c.organisation),
            role=c.role,
        )
        for s in systems
        for c in chairs
    )
    PhaseMove.objects.bulk_create(
        PhaseMove(
            board=copies[(s, m.board_id)],
            from_phase_id=m.from_phase_id,
            to_phase_id=m.to_phase_id,
            direction=m.direction,
            resolution_date=m.resolution_date,
            date_precision=m.date_precision,
            resolution=m.resolution,
            source=source,
        )
        for s in systems
        for m in moves
    )
    made: list[tuple[Arrangement, list[Organisation]]] = []
    for s, members in zip(systems, per_system, strict=True):
        for a in arrangements:
            made.append(
                (
                    Arrangement(
                        key=f"bench-s{s:02d}-{a.key}",
                        function_id=a.function_id,
                        from_organisation=body(a.from_organisation),
                        to_organisation_types=a.to_organisation_types,
                        to_board=copies[(s, a.to_board_id or 0)],
                        form=a.form,
                        spectrum_step=a.spectrum_step,
                        status=a.status,
                        level=at(a.level_id),
                        case_for_level=a.case_for_level,
                        all_parties_agree=a.all_parties_agree,
                        source=source,
                    ),
                    [national[o.type] for o in a.to_organisations.all() if o.type in national],
                )
            )
        if primary_care is not None:
            made.append(
                (
                    Arrangement(
                        key=f"bench-s{s:02d}-{primary_care.key}",
                        function_id=primary_care.function_id,
                        from_organisation=national[OrganisationType.NHS_ENGLAND],
                        to_organisation_types=[OrganisationType.CCG],
                        form=primary_care.form,
                        spectrum_step=primary_care.spectrum_step,
                        status=primary_care.status,
                        level=level["borough"],
                        source=source,
                    ),
                    [o for o in members if o.type == OrganisationType.CCG],
                )
            )
    Arrangement.objects.bulk_create(a for a, _ in made)
    Arrangement.to_organisations.through.objects.bulk_create(
        Arrangement.to_organisations.through(arrangement=a, organisation=o)
        for a, to in made
        for o in to
    )
    _england_meetings(source, londons, copies, per_system)


# The bench's secretariat officer: P3 and P4 request the staff pages signed in as them.
BENCH_SECRETARIAT = "bench-secretariat@devolution.invalid"
SECRETARIAT_ORGANISATION = "london-councils"
RECORD_MEMBERS = 6
SCHEDULED_MONTHS = (3, 9)


def meetings_record() -> None:
    """The record London's data set does not give of its meetings, made up for the bench
    so that the meetings pages show every part of theirs. At each meeting with an agenda,
    six synthetic members are present (the first chairs, the second deputises); on each
    item one of them declares an interest, two are flagged with a potential conflict
    that the chair rules on (so London's log fills more than a page), and there are two
    actions: one the bench's secretariat officer owns (done a fortnight after the
    meeting), one their organisation owns. And each of London's boards has two meetings
    scheduled in 2019, with no agenda yet, so that London's list of meetings fills more
    than a page. It is bulk-created and not audited, like England."""
    with transaction.atomic():
        Meeting.objects.bulk_create(
            Meeting(
                key=f"bench-{board.key}-2019-{month:02d}",
                board=board,
                date=dt.date(2019, month, 1),
                date_precision="month",
                note="Synthetic: scheduled by the bench",
            )
            for board in Board.objects.order_by("key")
            for month in SCHEDULED_MONTHS
        )
        officer = User.objects.create_user(
            BENCH_SECRETARIAT, None, full_name="Bench secretariat officer (synthetic)"
        )
        organisation = Organisation.objects.get(key=SECRETARIAT_ORGANISATION)
        Membership.objects.create(person=officer, organisation=organisation, role=Role.SECRETARIAT)
        members = [
            User.objects.create_user(
                f"bench-member-{n}@devolution.invalid", None, full_name=f"Synthetic member {n}"
            )
            for n in range(1, RECORD_MEMBERS + 1)
        ]
        seats = list(Organisation.objects.order_by("key")[:RECORD_MEMBERS])
        items = list(
            AgendaItem.objects.select_related("meeting").order_by("meeting__date", "order", "pk")
        )
        meetings = {i.meeting_id: i.meeting for i in items}
        Attendance.objects.bulk_create(
            Attendance(
                meeting_id=meeting,
                person=person,
                organisation=seats[n % len(seats)],
                kind=Attendance.Kind.PRESENT,
                is_chair=n == 0,
                is_deputy=n == 1,
            )
            for meeting in meetings
            for n, person in enumerate(members)
        )
        Declaration.objects.bulk_create(
            Declaration(
                meeting_id=i.meeting_id,
                person=person,
                item=i,
                text=f"{person} declares a synthetic interest in “{i.title}”",
            )
            for i in items
            for person in members[2:3]
        )
        flags = ConflictFlag.objects.bulk_create(
            ConflictFlag(
                item=i,
                person=person,
                reasons=[f"Synthetic: {person}'s organisation stands to gain from the decision"],
            )
            for i in items
            for person in members[3:5]
        )
        Ruling.objects.bulk_create(
            Ruling(
                flag=flag,
                outcome=Ruling.Outcome.values[n % len(Ruling.Outcome.values)],
                reason="Synthetic ruling for the bench",
                ruled_by=members[0],
            )
            for n, flag in enumerate(flags)
        )
        Action.objects.bulk_create(
            Action(
                item=i,
                text=f"Synthetic action on “{i.title}”, for {whom}",
                owner=officer if whom == "the officer" else None,
                owner_organisation=None if whom == "the officer" else organisation,
                due=i.meeting.date + dt.timedelta(days=28),
                done_on=i.meeting.date + dt.timedelta(days=14) if whom == "the officer" else None,
            )
            for i in items
            for whom in ("the officer", "their organisation")
        )


def _england_meetings(
    source: Source,
    londons: list[Board],
    copies: dict[tuple[int, int], Board],
    per_system: list[list[Organisation]],
) -> None:
    """Each system's copy of the meetings of London's SPB and the boards under it: their
    agendas, papers (the cover sheets; no files), decisions and whatever record of them
    there is (`meetings_record`), with the same members. Each copy's actions are owned
    by the system's first organisation, not by anyone of London's."""
    meetings = list(Meeting.objects.filter(board__in=londons).order_by("pk"))
    items = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("pk"))
    papers = list(Paper.objects.filter(item__in=items).order_by("pk"))
    decisions = list(Decision.objects.filter(item__in=items).order_by("pk"))
    attendance = list(Attendance.objects.filter(meeting__in=meetings).order_by("pk"))
    declarations = list(Declaration.objects.filter(meeting__in=meetings).order_by("pk"))
    flags = list(ConflictFlag.objects.filter(item__in=items).order_by("pk"))
    rulings = list(Ruling.objects.filter(flag__in=flags).order_by("pk"))
    actions = list(Action.objects.filter(item__in=items).order_by("pk"))
    systems = range(1, len(per_system) + 1)
    seats = sorted({a.organisation_id for a in attendance})

    def seat(s: int, organisation_id: int) -> Organisation:
        own = per_system[s - 1]
        return own[seats.index(organisation_id) % len(own)]

    made = Meeting.objects.bulk_create(
        Meeting(
            key=f"bench-s{s:02d}-{m.key}",
            board=copies[(s, m.board_id)],
            date=m.date,
            date_precision=m.date_precision,
            place=m.place,
            status=m.status,
            quorum=m.quorum,
            source=source,
        )
        for s in systems
        for m in meetings
    )
    meeting = dict(zip(((s, m.pk) for s in systems for m in meetings), made, strict=True))
    made_items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting[(s, i.meeting_id)],
            order=i.order,
            key=i.key,
            title=i.title,
            purpose=i.purpose,
            recommendation=i.recommendation,
            note=i.note,
            presenter=i.presenter,
            public=i.public,
            function_id=i.function_id,
            gateway_phase_id=i.gateway_phase_id,
            source=source,
        )
        for s in systems
        for i in items
    )
    item = dict(zip(((s, i.pk) for s in systems for i in items), made_items, strict=True))
    Paper.objects.bulk_create(
        Paper(
            item=item[(s, p.item_id)],
            title=p.title,
            author=p.author,
            date_completed=p.date_completed,
            purpose=p.purpose,
            executive_summary=p.executive_summary,
            action_required=p.action_required,
            source=source,
        )
        for s in systems
        for p in papers
    )
    Decision.objects.bulk_create(
        Decision(
            item=item[(s, d.item_id)],
            outcome=d.outcome,
            how=d.how,
            text=d.text,
            binding=d.binding,
            recommendation_to=d.recommendation_to,
            power_reasons=d.power_reasons,
            source=source,
        )
        for s in systems
        for d in decisions
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting[(s, a.meeting_id)],
            person_id=a.person_id,
            organisation=seat(s, a.organisation_id),
            kind=a.kind,
            is_chair=a.is_chair,
            is_deputy=a.is_deputy,
        )
        for s in systems
        for a in attendance
    )
    Declaration.objects.bulk_create(
        Declaration(
            meeting=meeting[(s, d.meeting_id)],
            person_id=d.person_id,
            item=item[(s, d.item_id)] if d.item_id else None,
            text=d.text,
        )
        for s in systems
        for d in declarations
    )
    made_flags = ConflictFlag.objects.bulk_create(
        ConflictFlag(item=item[(s, f.item_id)], person_id=f.person_id, reasons=f.reasons)
        for s in systems
        for f in flags
    )
    flag = dict(zip(((s, f.pk) for s in systems for f in flags), made_flags, strict=True))
    Ruling.objects.bulk_create(
        Ruling(
            flag=flag[(s, r.flag_id)],
            outcome=r.outcome,
            reason=r.reason,
            ruled_by_id=r.ruled_by_id,
        )
        for s in systems
        for r in rulings
    )
    Action.objects.bulk_create(
        Action(
            item=item[(s, a.item_id)],
            text=a.text,
            owner_organisation=per_system[s - 1][0],
            due=a.due,
            done_on=a.done_on,
        )
        for s in systems
        for a in actions
    )


# --- Measuring ----------------------------------------------------------------------------


def page_queries(client: Client, path: str) -> int:
    """The queries one request of the page makes, after a first visit has filled caches.

    The fewer of two requests: a signed-in session notes when it was last seen once a
    minute (core.middleware.LAST_SEEN_STEP), three queries of its own that one request
    in a minute pays, whatever the page; two requests in a row cannot both pay them."""
    _get(client, path)
    counts = []
    for _ in range(2):
        # With DEBUG on, a full query log (9,000 entries) would make the capture read empty.
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            _get(client, path)
        counts.append(len(captured))
    return min(counts)


def _get(client: Client, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise BenchError(f"{path} answered {response.status_code}")
    return response


@dataclass
class Site:
    """One of the bench's databases, with a client signed out, one signed in as a
    superuser and one signed in as the bench's secretariat officer."""

    path: Path
    anonymous: Client = field(default_factory=Client)
    staff: Client = field(default_factory=Client)
    secretariat: Client = field(default_factory=Client)
    paths: dict[str, str] = field(default_factory=dict)
    sizes: str = ""

    def use(self) -> None:
        """Point Django's connection at this database; connect and read its schema now,
        so neither lands inside a timing."""
        if connection.settings_dict["NAME"] != str(self.path):
            connection.close()
            connection.settings_dict.update(database_from_url(f"sqlite:///{self.path}"))
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM sqlite_master")

    def timed(self, client: Client, path: str) -> Callable[[], int]:
        def probe() -> int:
            self.use()
            start = perf_counter_ns()
            response = client.get(path)
            elapsed = perf_counter_ns() - start
            if response.status_code != 200:
                _get(client, path)  # raises, saying why
            return elapsed

        return probe

    def reader(self, page: Page) -> Client:
        """Who P3 times the page for: the public, or the secretariat for a staff page."""
        return self.secretariat if page.signed_in else self.anonymous

    def queries(self, page: str, *, signed_in: bool = False) -> int:
        self.use()
        return page_queries(self.secretariat if signed_in else self.staff, self.paths[page])


@dataclass
class Server:
    """`devolution runserver` on a free loopback port, serving `database` with the
    bench's own settings module and DEBUG, for P1.

    Each timed request opens its own connection and asks the server to close it after
    the response (`Connection: close`), so the time is that of one whole request as a
    client sees it, the same for both sides of the ratio. Not kept alive because
    runserver writes a response in several small writes without TCP_NODELAY: on a
    kept-alive connection each response then waits for the client's delayed
    acknowledgement (40 ms on Linux), and the ratio would time the kernel's timer, not
    the server.
    """

    database: Path
    log: Path
    host: str = "127.0.0.1"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "devolution.settings.local"
            ),
            "DATABASE_URL": f"sqlite:///{self.database}",
            "DEBUG": "true" if settings.DEBUG else "false",
            "ALLOWED_HOSTS": self.host,
        }
        command = [sys.executable, "-m", "devolution.cli", "runserver"]
        command += [f"{self.host}:{self.port}", "--noreload", "--skip-checks"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise BenchError(f"the server for P1 stopped: {self._log_tail()}")
            try:
                self.get("/health")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError(
                        f"the server for P1 did not answer in {timeout:.0f} s: {self._log_tail()}"
                    ) from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:].strip() or "(no output)"
        except OSError:
            return "(no output)"

    def fetch(self, path: str) -> tuple[int, bytes]:
        """One request on a new connection: its time in ns, from connecting to the last
        byte of the body, and the body."""
        start = perf_counter_ns()
        client = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            client.request("GET", path, headers={"Connection": "close"})
            response = client.getresponse()
            body = response.read()
        finally:
            client.close()
        elapsed = perf_counter_ns() - start
        if response.status != 200 or not body:
            raise BenchError(f"{path} answered {response.status} over HTTP")
        return elapsed, body

    def get(self, path: str) -> int:
        return self.fetch(path)[0]

    def timed(self, path: str) -> Callable[[], int]:
        return lambda: self.get(path)


@contextmanager
def _server(site: Site, folder: Path) -> Iterator[Server]:
    server = Server(site.path, folder / "server.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _raw_rows_sql() -> str:
    """The rows of the first page of organisations, with their source and the places they
    serve, in one join. The table names come from the models; the page size is bound."""
    organisation, source, place = (m._meta.db_table for m in (Organisation, Source, Place))
    serves = Organisation.serves.through._meta.db_table
    columns = "o.id, o.name, o.type, o.ods_code, o.gss_code, s.title, p.code, p.name"
    page = f"SELECT * FROM {organisation} ORDER BY name, id LIMIT %s"  # noqa: S608
    return (
        f"SELECT {columns} FROM ({page}) o JOIN {source} s ON s.id = o.source_id "  # noqa: S608
        f"LEFT JOIN {serves} os ON os.organisation_id = o.id "
        f"LEFT JOIN {place} p ON p.id = os.place_id ORDER BY o.name, o.id, p.name"
    )


def _raw_rows(site: Site) -> Callable[[], int]:
    sql = _raw_rows_sql()

    def probe() -> int:
        site.use()
        start = perf_counter_ns()
        with connection.cursor() as cursor:
            cursor.execute(sql, [PAGE_SIZE])
            text = "\n".join("\t".join(map(str, row)) for row in cursor.fetchall())
        elapsed = perf_counter_ns() - start
        if not text:
            raise BenchError("the raw SQL found no organisations")
        return elapsed

    return probe


def side_by_side(
    a: Callable[[], int], b: Callable[[], int], runs: int = RUNS
) -> tuple[float, float]:
    """Median milliseconds of a and of b, measured turn and turn about after a warm-up."""
    for _ in range(WARM_UP):
        a()
        b()
    gc.collect()
    times_a: list[int] = []
    times_b: list[int] = []
    for i in range(runs):
        if i % 2:
            times_b.append(b())
            times_a.append(a())
        else:
            times_a.append(a())
            times_b.append(b())
    return median(times_a) / 1e6, median(times_b) / 1e6


# --- The figures --------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One figure against its bar; `passed` is None for a bar not measured yet (a page
    not built yet), shown as such and neither a pass nor a miss."""

    id: str
    measure: str
    value: str
    bar: str
    passed: bool | None


@dataclass
class Report:
    figures: list[Figure]
    notes: list[str]

    @property
    def passed(self) -> bool:
        return all(f.passed is not False for f in self.figures)

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "notes": self.notes,
            "figures": [asdict(f) for f in self.figures],
        }

    def table(self) -> str:
        head = ("id", "measure", "value", "bar", "result")
        results = {True: "PASS", False: "FAIL", None: "N/A"}
        rows = [(f.id, f.measure, f.value, f.bar, results[f.passed]) for f in self.figures]
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

        def line(cells: tuple[str, ...]) -> str:
            return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

        missed = sum(f.passed is False for f in self.figures)
        unmeasured = sorted({f.id for f in self.figures if f.passed is None})
        verdict = "Every bar is met." if not missed else f"{missed} bar(s) missed."
        if unmeasured:
            verdict += f" Not yet measured: {', '.join(unmeasured)}."
        return "\n".join(
            [
                *self.notes,
                "",
                line(head),
                line(tuple("-" * w for w in widths)),
                *(line(r) for r in rows),
                "",
                verdict,
            ]
        )


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def _same_rows(site: Site) -> None:
    """P5 compares like with like: the admin's first page holds the rows of ours."""
    site.use()
    names = [o.name for o in selectors.organisation_list()[:PAGE_SIZE]]
    for path in (site.paths["organisations"], site.paths["admin"]):
        content = html.unescape(_get(site.staff, path).content.decode())
        missing = [n for n in names if n not in content]
        if missing:
            raise BenchError(f"{path} does not show {missing[0]!r}, so P5 would compare unlike")


def _p1_over_http(london: Site, server: Server, runs: int) -> Figure:
    typical, hello_path = london.paths["organisations"], london.paths["hello"]
    # The server shows London's first page of organisations, as the test client does.
    london.use()
    names = [o.name for o in selectors.organisation_list()[:PAGE_SIZE]]
    connection.close()
    content = html.unescape(server.fetch(typical)[1].decode())
    missing = [n for n in names if n not in content]
    if missing:
        raise BenchError(f"the server for P1 does not show {missing[0]!r} at {typical}")
    # Three times the runs: a request over HTTP goes through two processes and the
    # kernel, and its time wanders more than one in process.
    page, hello = side_by_side(server.timed(typical), server.timed(hello_path), 3 * runs)
    ratio = _ratio(page, hello)
    return Figure(
        "P1",
        f"{typical} {page:.2f} ms / {hello_path} {hello:.2f} ms, over HTTP",
        f"{ratio:.1f}x",
        "<= 5x",
        ratio <= 5,
    )


def _figures(london: Site, england: Site, runs: int, notes: list[str]) -> list[Figure]:
    """P2 to P5, in process; and, as notes, P1's ratio in process and the times of the
    pages P3 leaves out."""
    figures: list[Figure] = []
    typical, hello_path = london.paths["organisations"], london.paths["hello"]

    # P1's ratio in process, where neither side pays for HTTP: told, not judged.
    page, hello = side_by_side(
        london.timed(london.anonymous, typical), london.timed(london.anonymous, hello_path), runs
    )
    notes.append(
        f"For reference, P1's two pages in process: {typical} {page:.2f} ms / "
        f"{hello_path} {hello:.2f} ms = {_ratio(page, hello):.1f}x (not the bar's measure)."
    )

    page, raw = side_by_side(london.timed(london.anonymous, typical), _raw_rows(london), runs)
    ratio = _ratio(page, raw)
    figures.append(
        Figure(
            "P2",
            f"{typical} {page:.2f} ms / raw SQL of its rows {raw:.2f} ms",
            f"{ratio:.1f}x",
            "<= 20x",
            ratio <= 20,
        )
    )

    for p in (p for p in PAGES if p.scales):
        big, small = side_by_side(
            england.timed(england.reader(p), england.paths[p.name]),
            london.timed(london.reader(p), london.paths[p.name]),
            runs,
        )
        ratio = _ratio(big, small)
        london.use()
        q_small = page_queries(london.reader(p), london.paths[p.name])
        england.use()
        q_big = page_queries(england.reader(p), england.paths[p.name])
        figures.append(
            Figure(
                "P3",
                f"{p.name}{', signed in' if p.signed_in else ''}: England {big:.2f} ms / "
                f"London {small:.2f} ms; queries {q_big} / {q_small}",
                f"{ratio:.2f}x",
                "<= 1.3x, same queries",
                ratio <= 1.3 and q_big == q_small,
            )
        )

    # The pages P3 leaves out, timed all the same with fewer runs: told, not judged.
    told = []
    for p in (p for p in PAGES if p.every_row):
        big, small = side_by_side(
            england.timed(england.reader(p), england.paths[p.name]),
            london.timed(london.reader(p), london.paths[p.name]),
            max(5, runs // 5),
        )
        told.append(f"{p.name} {big:.2f} ms / {small:.2f} ms = {_ratio(big, small):.1f}x")
    notes.append(
        "For reference, the pages that show every row, England / London (not P3's measure): "
        + "; ".join(told)
        + "."
    )

    for p in PAGES:
        counts = {
            "London": london.queries(p.name, signed_in=p.signed_in),
            "England": england.queries(p.name, signed_in=p.signed_in),
        }
        if p.few is not None:
            counts["fewest rows"] = london.queries(f"{p.name}, few", signed_in=p.signed_in)
        most = max(counts.values())
        who = "signed in as the secretariat" if p.signed_in else "signed in"
        figures.append(
            Figure(
                "P4",
                f"{p.name}, {who}: " + ", ".join(f"{k} {n}" for k, n in counts.items()),
                str(most),
                f"<= {MAX_QUERIES}, the same however many rows",
                len(set(counts.values())) == 1 and most <= MAX_QUERIES,
            )
        )

    _same_rows(london)
    ours, theirs = side_by_side(
        london.timed(london.staff, typical),
        london.timed(london.staff, london.paths["admin"]),
        runs,
    )
    ratio = _ratio(ours, theirs)
    figures.append(
        Figure(
            "P5",
            f"{typical} {ours:.2f} ms / admin {london.paths['admin']} {theirs:.2f} ms, signed in",
            f"{ratio:.2f}x",
            "<= 1.0x",
            ratio <= 1.0,
        )
    )
    return figures


# --- P6 and P7 ------------------------------------------------------------------------

LEGAL_RUNS = 2000


@dataclass(frozen=True)
class LegalCase:
    """One arrangement for P6, and the verdict the engine must give it."""

    name: str
    proposal: Proposal
    allowed: bool
    alternative: str | None = None  # a lawful alternative a refusal must offer


LEGAL_CASES = (
    LegalCase(
        "CCG-CCG joint committee: allowed",
        Proposal(
            form="joint_committee",
            function=None,
            parties=(Party("ccg"), Party("ccg")),
            decision_making=True,
        ),
        allowed=True,
    ),
    LegalCase(
        "CCG to CCG delegation of a delegated function: refused, with alternatives",
        Proposal(
            form="delegation",
            function="primary_care_commissioning",
            parties=(Party("ccg", "delegated"), Party("ccg")),
        ),
        allowed=False,
        alternative="internal_delegation",
    ),
)


def legal_check_ms(case: LegalCase, runs: int = LEGAL_RUNS) -> float:
    """Median milliseconds of one `check_arrangement` of the case, in process, after
    checking that the engine gives the verdict the case expects (so P6 never times a
    short cut). The framework is read from its data files once, as the site does."""
    fw = framework()
    result: CheckResult = check_arrangement(case.proposal, fw)
    if result.allowed != case.allowed or (
        case.alternative is not None and case.alternative not in result.alternatives
    ):
        raise BenchError(f"the legal rules engine did not judge {case.name} as P6 expects")
    for _ in range(WARM_UP):
        check_arrangement(case.proposal, fw)
    gc.collect()
    times: list[int] = []
    for _ in range(runs):
        start = perf_counter_ns()
        check_arrangement(case.proposal, fw)
        times.append(perf_counter_ns() - start)
    return median(times) / 1e6


def _p6(runs: int = LEGAL_RUNS) -> list[Figure]:
    figures = []
    for case in LEGAL_CASES:
        ms = legal_check_ms(case, runs)
        figures.append(
            Figure(
                "P6",
                f"one arrangement checked in process, {case.name} (median of {runs})",
                f"{ms:.3f} ms",
                "< 1 ms",
                ms < 1,
            )
        )
    return figures


PACK_ITEMS = 20
PACK_RUNS = 3


def _p7(site: "Site", folder: Path) -> Figure:
    """A board pack of 20 items, each with a cover sheet and a one-page PDF paper, made as
    PDF and as HTML on London's database."""
    from django.core.files.base import ContentFile
    from weasyprint import HTML

    from devolution.meetings.pack import agenda_pack_html, agenda_pack_pdf
    from devolution.meetings.visibility import EVERYTHING

    site.use()
    paper_pdf = HTML(string="<h1>A paper</h1><p>Its one page.</p>").write_pdf()
    with override_settings(
        MEDIA_ROOT=str(folder / "media"),
        STORAGES={
            **settings.STORAGES,
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        },
    ):
        meeting = Meeting.objects.create(
            key="bench-pack", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
        )
        for n in range(1, PACK_ITEMS + 1):
            item = AgendaItem.objects.create(
                meeting=meeting, order=n, key=f"item-{n}", title=f"Item {n}", purpose="note"
            )
            paper = Paper(
                item=item,
                title=f"Paper {n}",
                executive_summary="Summary. " * 20,
                action_required="To note.",
                file_type="pdf",
                file_size=len(paper_pdf),
                original_name=f"paper-{n}.pdf",
            )
            paper.file.save(f"bench-{n}.pdf", ContentFile(paper_pdf), save=True)
        pdf_ms, html_ms = [], []
        for _ in range(PACK_RUNS):
            start = perf_counter_ns()
            agenda_pack_pdf(meeting, reader=EVERYTHING)
            pdf_ms.append((perf_counter_ns() - start) / 1e6)
            start = perf_counter_ns()
            agenda_pack_html(meeting, reader=EVERYTHING)
            html_ms.append((perf_counter_ns() - start) / 1e6)
    pdf, html = median(pdf_ms), median(html_ms)
    return Figure(
        "P7",
        f"board pack of {PACK_ITEMS} items as PDF {pdf:.0f} ms / as HTML {html:.1f} ms "
        f"(median of {PACK_RUNS})",
        f"{pdf / html:.0f}x; {pdf / 1000:.2f} s",
        "reported; a 20-item pack in under 5 s",
        pdf < 5000,
    )


def _london_load() -> None:
    london_load()
    meetings_record()


def _england_load() -> None:
    _london_load()
    england_generate()


def _prepare(site: Site, load: Callable[[], object]) -> None:
    site.use()
    call_command("migrate", interactive=False, verbosity=0)
    load()
    person = User.objects.create_superuser(
        "bench@devolution.invalid", None, full_name="Bench superuser"
    )
    site.staff.force_login(person)
    site.secretariat.force_login(User.objects.get(email=BENCH_SECRETARIAT))
    site.paths = {p.name: p.path() for p in PAGES}
    site.paths.update({f"{p.name}, few": p.few() for p in PAGES if p.few is not None})
    site.paths.update(hello=reverse(HELLO), admin=reverse(ADMIN_LIST))
    site.sizes = (
        f"{Place.objects.count()} places, {Organisation.objects.count()} organisations, "
        f"{Partnership.objects.count()} partnerships, {Board.objects.count()} boards, "
        f"{Arrangement.objects.count()} arrangements, {Commitment.objects.count()} commitments, "
        f"{Meeting.objects.count()} meetings, {AgendaItem.objects.count()} agenda items, "
        f"{Declaration.objects.count() + Ruling.objects.count()} declarations and rulings, "
        f"{Action.objects.count()} actions"
    )


@contextmanager
def _own_databases() -> Iterator[Path]:
    """A temporary folder for the bench's databases; the real connection is put back."""
    original = dict(connection.settings_dict)
    folder = Path(tempfile.mkdtemp(prefix="devolution-bench-"))
    try:
        yield folder
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
        shutil.rmtree(folder, ignore_errors=True)


def run(*, runs: int = RUNS, say: Callable[[str], None] = lambda _: None) -> Report:
    """Make both databases, measure P1 to P7, and report each figure against its bar."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with _own_databases() as folder, override_settings(ALLOWED_HOSTS=hosts):
        london = Site(folder / "london.sqlite3")
        england = Site(folder / "england.sqlite3")
        say("Loading London's data set...")
        _prepare(london, _london_load)
        say(f"Loading London's data set and generating an England of {SYSTEMS} systems...")
        _prepare(england, _england_load)
        say("Starting `devolution runserver` on London's database for P1...")
        # The bench holds no connection to London's database while the server serves it.
        connection.close()
        with _server(london, folder) as server:
            say(f"Measuring P1 over HTTP ({3 * runs} runs of each side)...")
            p1 = _p1_over_http(london, server, runs)
        say(f"Measuring ({runs} runs of each side after {WARM_UP} to warm up)...")
        measured: list[str] = []
        figures = [p1, *_figures(london, england, runs, measured)]
        say(f"Measuring P6 ({LEGAL_RUNS} runs of each case)...")
        say(f"Measuring P7 (a {PACK_ITEMS}-item board pack, {PACK_RUNS} runs)...")
        figures += [*_p6(), _p7(london, folder)]
    notes = [
        f"London: {london.sizes}. England: {england.sizes}.",
        f"Medians of {runs} runs, with DEBUG {'on' if settings.DEBUG else 'off'}"
        + (" (DEBUG=false measures production settings)." if settings.DEBUG else "."),
        f"P1 over HTTP ({3 * runs} runs): `devolution runserver` on {server.host}:{server.port} "
        "serving London's database, each request on a new loopback connection "
        "(Connection: close), timed by the client from connecting to the last byte. "
        "P2 to P5 in process, with Django's test client; P6 in process, with no database.",
        "P3 leaves out the pages that show every row, unpaginated, bound to take longer "
        "with more rows (P4 still counts their queries): "
        + ", ".join(p.name for p in PAGES if p.every_row)
        + "; and the PDFs, timed by P7: "
        + ", ".join(p.name for p in PAGES if p.pdf)
        + ".",
        "P3 and P4 request the staff pages signed in as the bench's secretariat officer, "
        "who is shown every form: " + ", ".join(p.name for p in PAGES if p.signed_in) + ".",
        *measured,
    ]
    return Report(figures, notes)
