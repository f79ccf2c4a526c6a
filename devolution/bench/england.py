"""An England of integrated care systems (QUALITY P3): London's shape, generated for each
system on top of London's own data, with its places, partners and governance, its copy of
London's commitments with a year of their progress, and its meetings.

Each system's partnership is its `bench-stp-N` partnership (the system's own, over its
STP, whose members are its organisations): it plays the part London's default partnership
plays in London's data, so the system's boards and commitments name it, and a page about
one partnership shows as many rows for it as for London. London's own records are left as
they are, so that a page about London shows the same rows at both sizes: England grows by
other partnerships' rows only.
"""

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from devolution.bench import BenchError
from devolution.bench.england_meetings import (
    AS_AT,
    MONTHS,
    SystemPeople,
    record_copy,
    system_people_make,
    systems_meetings_copy,
)
from devolution.commitments.models import (
    Commitment,
    Dependency,
    ImplementationPlan,
    Milestone,
    PlannedMeeting,
    ProgressUpdate,
    StatusChange,
    WorkItem,
    WorkProgramme,
)
from devolution.core.models import Source
from devolution.core.services import audit_record
from devolution.governance.models import (
    Arrangement,
    ArrangementEvidence,
    Board,
    BoardChair,
    PhaseMove,
    SeatRule,
)
from devolution.partners.models import (
    Level,
    Organisation,
    OrganisationType,
    Partnership,
    Place,
)

SYSTEMS = 42
WEEKS = 52
ENGLAND_GENERATED = "bench.england_generate"


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


@dataclass(frozen=True)
class System:
    """One generated system: its number, places, organisations and partnership."""

    number: int
    stp: Place
    boroughs: list[Place]
    areas: list[Place]  # its two multi-borough areas, north and south
    members: list[Organisation]
    partnership: Partnership

    @property
    def prefix(self) -> str:
        """What the keys and references of the system's copies of London's start with."""
        return f"bench-s{self.number:02d}"


def england_generate(
    *,
    systems: int = SYSTEMS,
    boroughs: int = 8,
    trusts: int = 3,
    as_at: dt.date = AS_AT,
    weeks: int = WEEKS,
    months: int = MONTHS,
) -> None:
    """An England of `systems` integrated care systems with London's shape, for the bench.

    Each system has an STP-level place in one of 7 regions, `boroughs` boroughs and two
    multi-borough areas; a council and a CCG for each borough, `trusts` trusts; and three
    partnerships (the system, and an integration partnership and an alliance for each
    half of it). Each system also has its own copy of every one of London's boards, with
    their phases, seats, chairs, history and arrangements; of London's commitments, with
    their milestones, dependencies, implementation plans and work programme; `weeks`
    weekly progress updates on each of its commitments up to `as_at`; its people and
    their register of interests; a copy of London's meetings and `months` monthly
    meetings of each of its boards, with their record (`systems_meetings_copy`). This
    needs London's data loaded first. Every name says it is synthetic.

    It is bulk-created in one transaction: benchmark data, not a partnership's records,
    so no change is audited one by one; one audit event says England was generated, so
    the data's version (core.versions) is not London's and nothing cached for London is
    served for England."""
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
        made, national = _england_partners(source, level, systems, boroughs, trusts)
        shape = _LondonShape.read()
        copier = _Copier(source, level, national, shape)
        boards: dict[tuple[int, int], Board] = {}
        commitments: dict[tuple[int, int], Commitment] = {}
        people: dict[int, SystemPeople] = {}
        for system in made:
            s = system.number
            own_boards = copier.governance(system)
            own = copier.commitments(system, own_boards)
            people[s] = system_people_make(s, system.members, system.partnership, as_at)
            _progress_year(source, system, list(own.values()), people[s], as_at, weeks)
            boards.update({(s, pk): b for pk, b in own_boards.items()})
            commitments.update({(s, pk): c for pk, c in own.items()})
        systems_meetings_copy(
            source,
            shape.boards,
            boards,
            [system.members for system in made],
            people=people,
            commitments=commitments,
            as_at=as_at,
            months=months,
        )
        audit_record(
            actor=None,
            action=ENGLAND_GENERATED,
            obj=source,
            before=None,
            after={
                "systems": systems,
                "boards": len(boards),
                "commitments": len(commitments),
                "progress_updates": len(commitments) * weeks,
                "as_at": as_at.isoformat(),
            },
        )


def _england_partners(
    source: Source, level: dict[str, Level], systems: int, boroughs: int, trusts: int
) -> tuple[list[System], dict[str, Organisation]]:
    """The systems' places, organisations and partnerships, and the synthetic national
    bodies (by organisation type) that stand in for London's national partners."""

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
        place(f"r{r}", f"Synthetic region {r}", "region", england) for r in range(1, REGIONS + 1)
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
    made = [
        System(
            number=s,
            stp=stp,
            boroughs=list(by_system[s - 1]),
            areas=areas[2 * (s - 1) : 2 * s],
            members=per_system[s - 1],
            partnership=next(p for p in partnerships if p.key == f"bench-stp-{s}"),
        )
        for s, stp in enumerate(stps, 1)
    ]
    return made, national


@dataclass(frozen=True)
class _LondonShape:
    """London's records that each system copies, read once: every board of the default
    partnership (by tier, each after the one it reports to) and what hangs from it, and
    every commitment of that partnership with what hangs from it. Phase models, phases
    and their gateway criteria, themes, functions and events are shared: a system's
    copies point at London's."""

    tiers: list[list[Board]]
    rules: list[SeatRule]
    chairs: list[BoardChair]
    moves: list[PhaseMove]
    arrangements: list[Arrangement]
    to_organisations: dict[int, list[Organisation]]  # arrangement -> its parties
    evidence: list[ArrangementEvidence]
    primary_care: Arrangement | None
    commitments: list[Commitment]
    supporting: dict[int, list[Organisation]]  # commitment -> its supporting partners
    milestones: list[Milestone]
    dependencies: list[Dependency]
    plans: list[ImplementationPlan]
    owners: dict[int, list[Organisation]]  # implementation plan -> its owners
    programmes: list[WorkProgramme]
    planned: list[PlannedMeeting]
    work_items: list[WorkItem]

    @classmethod
    def read(cls) -> "_LondonShape":
        default = Partnership.objects.filter(is_default=True).first()
        tiers = _tiers(
            list(
                Board.objects.filter(partnership=default)
                .select_related("footprint__level")
                .order_by("key")
            )
        )
        boards = [b for tier in tiers for b in tier]
        if not boards:
            raise BenchError("London's governance data must be loaded before England's is made")
        arrangements = list(
            Arrangement.objects.filter(to_board__in=boards)
            .select_related("from_organisation")
            .prefetch_related("to_organisations")
            .order_by("pk")
        )
        commitments = list(
            Commitment.objects.filter(partnership=default)
            .select_related("lead_owner")
            .prefetch_related("supporting")
            .order_by("pk")
        )
        plans = list(
            ImplementationPlan.objects.filter(board__in=boards)
            .prefetch_related("owners")
            .order_by("pk")
        )
        programmes = list(WorkProgramme.objects.filter(board__in=boards).order_by("pk"))
        return cls(
            tiers=tiers,
            rules=list(
                SeatRule.objects.filter(board__in=boards)
                .select_related("organisation")
                .order_by("board", "order", "pk")
            ),
            chairs=list(
                BoardChair.objects.filter(board__in=boards)
                .select_related("organisation")
                .order_by("board", "pk")
            ),
            moves=list(PhaseMove.objects.filter(board__in=boards).order_by("board", "pk")),
            arrangements=arrangements,
            to_organisations={a.pk: list(a.to_organisations.all()) for a in arrangements},
            evidence=list(
                ArrangementEvidence.objects.filter(arrangement__in=arrangements).order_by("pk")
            ),
            primary_care=Arrangement.objects.filter(key="primary-care-delegated-to-ccgs")
            .select_related("from_organisation")
            .first(),
            commitments=commitments,
            supporting={c.pk: list(c.supporting.all()) for c in commitments},
            milestones=list(Milestone.objects.filter(commitment__in=commitments).order_by("pk")),
            dependencies=list(Dependency.objects.filter(commitment__in=commitments).order_by("pk")),
            plans=plans,
            owners={p.pk: list(p.owners.all()) for p in plans},
            programmes=programmes,
            planned=list(PlannedMeeting.objects.filter(programme__in=programmes).order_by("pk")),
            work_items=list(WorkItem.objects.filter(programme__in=programmes).order_by("pk")),
        )

    @property
    def boards(self) -> list[Board]:
        return [b for tier in self.tiers for b in tier]

    def footprints(self) -> dict[int, tuple[str, int]]:
        """Each place a London board sits on: its level and its place among those of that
        level, so that a system's copies sit on as many of its own places as London's do."""
        seen: dict[str, list[int]] = {}
        for board in self.boards:
            if board.footprint is not None:
                same = seen.setdefault(board.footprint.level.key, [])
                if board.footprint_id not in same:
                    same.append(board.footprint.pk)
        return {pk: (key, n) for key, pks in seen.items() for n, pk in enumerate(pks)}


def _tiers(boards: list[Board]) -> list[list[Board]]:
    """The boards by tier: those that report to none of them, then those that report to
    the tier before, and so on, so that a copy's parent is made before it."""
    ids = {b.pk for b in boards}
    tiers = [[b for b in boards if b.reports_to_id not in ids]]
    while below := [b for b in boards if b.reports_to_id in {t.pk for t in tiers[-1]}]:
        tiers.append(below)
    if sum(map(len, tiers)) != len(boards):
        raise BenchError("some of London's boards report to one another in a circle")
    return tiers


# London's levels, and the level a system's copy of a London record uses instead: London's
# SPB has a seat per STP of the region; a system's has one per borough of its STP.
LEVEL_IN_SYSTEM = {"stp": "borough", "region": "stp"}


class _Copier:
    """Makes each system's copies of London's records (`_LondonShape`): the copies belong
    to the system's partnership, sit on its places, and name its organisations where
    London's name one of London's, and the synthetic national bodies where London's name
    a national one."""

    def __init__(
        self,
        source: Source,
        level: dict[str, Level],
        national: dict[str, Organisation],
        shape: _LondonShape,
    ) -> None:
        self.source = source
        self.level = level
        self.level_by_id = {lv.pk: lv for lv in level.values()}
        self.national = national
        self.shape = shape
        self.footprints = shape.footprints()

    def at(self, level_id: int | None) -> Level | None:
        """The level in a system that a London record's level stands for."""
        if level_id is None:
            return None
        key = self.level_by_id[level_id].key
        return self.level[LEVEL_IN_SYSTEM.get(key, key)]

    def body(self, org: Organisation | None) -> Organisation | None:
        """The synthetic national body for a London record's national one, if any."""
        return None if org is None else self.national.get(org.type)

    def counterpart(self, system: System, org: Organisation | None) -> Organisation | None:
        """The system's organisation for one of London's: the synthetic national body of
        its type, or else one of the system's of its type, or else its first."""
        if org is None:
            return None
        if org.type in self.national:
            return self.national[org.type]
        same = [o for o in system.members if o.type == org.type] or system.members
        return same[org.pk % len(same)]

    def footprint(self, system: System, place_id: int | None) -> Place | None:
        """The system's place for the one a London board sits on, at the same level below
        the system's STP: a region is the STP, a multi-borough area one of its two areas,
        a borough one of its boroughs."""
        if place_id is None:
            return None
        key, n = self.footprints[place_id]
        if key in ("multi_borough", "stp"):
            return system.areas[n % len(system.areas)]
        if key in ("borough", "locality"):
            return system.boroughs[n % len(system.boroughs)]
        return system.stp

    def governance(self, system: System) -> dict[int, Board]:
        """The system's copy of each of London's boards (keyed by the London board's id),
        with the same phase models and current phases, seat rules, chairs, terms of
        reference and history of moves between phases; the arrangements London gives
        those boards, with their evidence; and the delegation of primary care
        commissioning to the system's CCGs."""
        shape, source, prefix = self.shape, self.source, system.prefix
        copies: dict[int, Board] = {}
        for tier in shape.tiers:
            made = Board.objects.bulk_create(
                record_copy(
                    board,
                    key=f"{prefix}-{board.key}",
                    name=f"Synthetic system {system.number:02d} "
                    f"{board.name.removeprefix('London ')}",
                    partnership=system.partnership,
                    footprint=self.footprint(system, board.footprint_id),
                    reports_to=copies.get(board.reports_to_id or 0),
                    source=source,
                )
                for board in tier
            )
            copies.update((b.pk, c) for b, c in zip(tier, made, strict=True))
        SeatRule.objects.bulk_create(
            record_copy(
                r,
                board=copies[r.board_id],
                organisation=self.body(r.organisation),
                per_level=self.at(r.per_level_id),
                source=source,
            )
            for r in shape.rules
        )
        BoardChair.objects.bulk_create(
            record_copy(c, board=copies[c.board_id], organisation=self.body(c.organisation))
            for c in shape.chairs
        )
        PhaseMove.objects.bulk_create(
            record_copy(m, board=copies[m.board_id], recorded_by=None, source=source)
            for m in shape.moves
        )
        self._arrangements(system, copies)
        return copies

    def _arrangements(self, system: System, boards: Mapping[int, Board]) -> None:
        shape, source = self.shape, self.source
        made: list[tuple[Arrangement, list[Organisation]]] = [
            (
                record_copy(
                    a,
                    key=f"{system.prefix}-{a.key}",
                    from_organisation=self.body(a.from_organisation),
                    to_board=boards[a.to_board_id or 0],
                    level=self.at(a.level_id),
                    source=source,
                ),
                [
                    self.national[o.type]
                    for o in shape.to_organisations[a.pk]
                    if o.type in self.national
                ],
            )
            for a in shape.arrangements
        ]
        if shape.primary_care is not None:
            made.append(
                (
                    record_copy(
                        shape.primary_care,
                        key=f"{system.prefix}-{shape.primary_care.key}",
                        from_organisation=self.national[OrganisationType.NHS_ENGLAND],
                        to_organisation_types=[OrganisationType.CCG],
                        level=self.level["borough"],
                        source=source,
                    ),
                    [o for o in system.members if o.type == OrganisationType.CCG],
                )
            )
        Arrangement.objects.bulk_create(a for a, _ in made)
        Arrangement.to_organisations.through.objects.bulk_create(
            Arrangement.to_organisations.through(arrangement=a, organisation=o)
            for a, to in made
            for o in to
        )
        copies = {a.pk: c for a, (c, _) in zip(shape.arrangements, made, strict=False)}
        ArrangementEvidence.objects.bulk_create(
            record_copy(e, arrangement=copies[e.arrangement_id]) for e in shape.evidence
        )

    def commitments(self, system: System, boards: Mapping[int, Board]) -> dict[int, Commitment]:
        """The system's copy of each of London's commitments (keyed by the London one's
        id), its partnership's, each on the system's copy of its board, with the same
        rating, milestones (numbers, statuses and dates), dependencies (on the system's
        copies of boards and commitments) and supporting partners (the system's
        counterparts); and its copy of London's implementation plans and boards' work
        programmes, whose items name the system's commitments."""
        shape, source, prefix = self.shape, self.source, system.prefix
        keeps_latest = {name: None for name in _latest_update_fields()}
        made = Commitment.objects.bulk_create(
            record_copy(
                c,
                reference=f"{prefix}-{c.reference}",
                partnership=system.partnership,
                board=boards.get(c.board_id or 0),
                lead_owner=self.counterpart(system, c.lead_owner),
                level=self.at(c.level_id),
                source=source,
                **keeps_latest,
            )
            for c in shape.commitments
        )
        copies = {c.pk: m for c, m in zip(shape.commitments, made, strict=True)}
        Commitment.supporting.through.objects.bulk_create(
            Commitment.supporting.through(commitment=copies[pk], organisation=o)
            for pk, supporting in shape.supporting.items()
            for o in {self.counterpart(system, s) for s in supporting}
            if o is not None
        )
        Milestone.objects.bulk_create(
            record_copy(m, commitment=copies[m.commitment_id], source=source)
            for m in shape.milestones
        )
        Dependency.objects.bulk_create(
            record_copy(
                d,
                commitment=copies[d.commitment_id],
                on_commitment=copies.get(d.on_commitment_id or 0),
                board=boards.get(d.board_id or 0),
                source=source,
            )
            for d in shape.dependencies
        )
        self._plans(system, boards, copies)
        return copies

    def _plans(
        self, system: System, boards: Mapping[int, Board], commitments: Mapping[int, Commitment]
    ) -> None:
        shape, source, prefix = self.shape, self.source, system.prefix
        plans = ImplementationPlan.objects.bulk_create(
            record_copy(
                p,
                reference=f"{prefix}-{p.reference}",
                board=boards.get(p.board_id or 0),
                source=source,
            )
            for p in shape.plans
        )
        ImplementationPlan.owners.through.objects.bulk_create(
            ImplementationPlan.owners.through(implementationplan=plan, organisation=o)
            for p, plan in zip(shape.plans, plans, strict=True)
            for o in {self.counterpart(system, owner) for owner in shape.owners[p.pk]}
            if o is not None
        )
        programmes = WorkProgramme.objects.bulk_create(
            record_copy(
                p,
                board=boards[p.board_id],
                presented_to=boards.get(p.presented_to_id or 0),
                source=source,
            )
            for p in shape.programmes
        )
        programme = {p.pk: c for p, c in zip(shape.programmes, programmes, strict=True)}
        planned = PlannedMeeting.objects.bulk_create(
            record_copy(m, programme=programme[m.programme_id]) for m in shape.planned
        )
        meeting = {m.pk: c for m, c in zip(shape.planned, planned, strict=True)}
        items = WorkItem.objects.bulk_create(
            record_copy(
                w,
                programme=programme[w.programme_id],
                reference=f"{prefix}-{w.reference}",
                meeting=meeting[w.meeting_id],
                board_link=boards.get(w.board_link_id or 0),
                commitment=commitments.get(w.commitment_id or 0),
                carried_from=None,
                source=source,
            )
            for w in shape.work_items
        )
        item = {w.pk: c for w, c in zip(shape.work_items, items, strict=True)}
        carried = []
        for w in shape.work_items:
            if w.carried_from_id is not None:
                item[w.pk].carried_from = item[w.carried_from_id]
                carried.append(item[w.pk])
        WorkItem.objects.bulk_update(carried, ["carried_from"])


def _latest_update_fields() -> list[str]:
    """The fields, if any, in which a commitment keeps its latest progress update (so that
    a page need not read every update to find it): set on each copy once its year of
    progress is made, as the service that posts an update sets them."""
    return [
        f.name
        for f in Commitment._meta.concrete_fields
        if f.is_relation and f.related_model is ProgressUpdate
    ]


# How a commitment's status moves from week to week, when it moves.
NEXT_STATUS = {
    Commitment.Status.NOT_STARTED: (Commitment.Status.ONGOING,),
    Commitment.Status.ONGOING: (
        Commitment.Status.ONGOING,
        Commitment.Status.BLOCKED,
        Commitment.Status.COMPLETE,
    ),
    Commitment.Status.BLOCKED: (Commitment.Status.ONGOING,),
    Commitment.Status.COMPLETE: (Commitment.Status.COMPLETE,),
}
RATINGS = (Commitment.Rag.GREEN, Commitment.Rag.AMBER, Commitment.Rag.RED)


def _progress_year(
    source: Source,
    system: System,
    commitments: list[Commitment],
    people: SystemPeople,
    as_at: dt.date,
    weeks: int,
) -> None:
    """`weeks` weekly progress updates on each of the system's commitments, the last on
    `as_at`, posted by the system's secretariat officer (for their organisation where it
    owns the commitment, as `progress_update_post` names it). The status and rating set
    with the first change now and then (about one week in six, the same each run); each
    change goes into the commitment's history, and the commitment ends with the last,
    its version counting them, as the services leave it."""
    chance = random.Random(system.number)  # noqa: S311 (benchmark data, not a secret)
    owners: dict[int, set[int | None]] = {c.pk: {c.lead_owner_id} for c in commitments}
    for commitment_id, organisation_id in Commitment.supporting.through.objects.filter(
        commitment__in=commitments
    ).values_list("commitment_id", "organisation_id"):
        owners[commitment_id].add(organisation_id)
    updates: list[ProgressUpdate] = []
    changes: list[StatusChange] = []
    for commitment in commitments:
        status, rag = Commitment.Status.NOT_STARTED, chance.choice(RATINGS)
        commitment.version = 0
        acting = people.organisation if people.organisation.pk in owners[commitment.pk] else None
        for week in range(weeks):
            day = as_at - dt.timedelta(weeks=weeks - 1 - week)
            if week == 0 or chance.random() < 1 / 6:
                commitment.version += 1
                status = chance.choice(NEXT_STATUS[status])
                rag = chance.choice(RATINGS)
                changes.append(
                    StatusChange(
                        commitment=commitment,
                        at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                        status=status,
                        rag=rag,
                        by=people.officer,
                    )
                )
            updates.append(
                ProgressUpdate(
                    commitment=commitment,
                    date=day,
                    author=people.officer,
                    author_organisation=acting,
                    progress_to_date=f"Week {week + 1} of {weeks}: synthetic progress on "
                    f"{commitment.reference}, now {status.label.lower()} and rated "
                    f"{rag.label.lower()}. Partners met and agreed the next steps.",
                    next_steps="Report again next week (synthetic).",
                    challenges="None new this week (synthetic)." if week % 4 else "",
                    source=source,
                )
            )
        commitment.status, commitment.rag = status, rag
    ProgressUpdate.objects.bulk_create(updates)
    StatusChange.objects.bulk_create(changes)
    latest = {u.commitment_id: u for u in updates}  # each commitment's last, by date
    fields = _latest_update_fields()
    for commitment in commitments:
        for name in fields:
            setattr(commitment, name, latest[commitment.pk])
    Commitment.objects.bulk_update(commitments, ["status", "rag", "version", *fields])
