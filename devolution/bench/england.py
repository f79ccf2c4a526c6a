"""An England of integrated care systems (QUALITY P3): London's shape, generated for each
system on top of London's own data, with its places, partners and governance."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from devolution.bench import BenchError
from devolution.bench.england_meetings import systems_meetings_copy
from devolution.core.models import Source
from devolution.governance.models import (
    Arrangement,
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
    systems_meetings_copy(source, londons, copies, per_system)
