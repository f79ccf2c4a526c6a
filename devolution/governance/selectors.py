"""Every read of boards, phases, functions and arrangements that pages and the API share."""

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from devolution.core.versions import cached
from devolution.partners.as_at import as_at_default
from devolution.partners.models import Organisation, Partnership, Place
from devolution.partners.selectors import PageRows

from .models import (
    Arrangement,
    Board,
    BoardChair,
    BoardMember,
    Function,
    GatewayCriterion,
    Phase,
    PhaseMove,
    SeatRule,
)
from .rules.access import BoardFacts, board_facts_from
from .rules.decision_power import DecidingOrganisation, DecisionPower, decision_power
from .rules.seats import MemberFact, SeatSlot, SlotState, WrongSeat, seat_states

CRITERION_STATUS = GatewayCriterion.Status
# The values the API's filters and fields take, read from the models' choices.
BOARD_STATUSES = tuple(Board.Status.values)
CRITERION_STATUSES = tuple(GatewayCriterion.Status.values)
ARRANGEMENT_STATUSES = tuple(Arrangement.Status.values)
CHAIR_OFFICES = tuple(BoardChair.Role.values)
PHASE_DIRECTIONS = tuple(PhaseMove.Direction.values)


def board_exists(key: str) -> bool:
    return Board.objects.filter(key=key).exists()


def _of(partnership: Partnership | None, boards: QuerySet[Board]) -> QuerySet[Board]:
    """The boards of the partnership, or every board while none is in view (a data set
    with no default partnership)."""
    return boards if partnership is None else boards.filter(partnership=partnership)


def board_list(
    *, status: str | None = None, partnership: Partnership | None = None
) -> QuerySet[Board]:
    boards = Board.objects.select_related("footprint", "reports_to", "current_phase", "source")
    if status:
        boards = boards.filter(status=status)
    return _of(partnership, boards).order_by("name", "key")


class BoardRow(NamedTuple):
    """A board as the list page shows it, its choices in words."""

    key: str
    name: str
    footprint: str | None
    reports_to_key: str | None
    reports_to: str | None
    cadence: str
    status: str
    current_phase: str | None


_CADENCES = dict(Board.Cadence.choices)
_STATUSES = dict(Board.Status.choices)


def _board_rows(boards: QuerySet[Board]) -> list[BoardRow]:
    rows = boards.values_list(
        "key",
        "name",
        "footprint__name",
        "reports_to__key",
        "reports_to__short_name",
        "reports_to__name",
        "cadence",
        "status",
        "current_phase__name",
    )
    return [
        BoardRow(
            key,
            name,
            footprint,
            reports_key,
            (short or long) if reports_key else None,
            _CADENCES.get(cadence, cadence),
            _STATUSES.get(status, status),
            phase,
        )
        for key, name, footprint, reports_key, short, long, cadence, status, phase in rows
    ]


def board_rows(
    *, status: str | None = None, partnership: Partnership | None = None
) -> PageRows[BoardRow]:
    """The boards of board_list() as the list page shows them, as plain rows, for its
    Paginator: a model instance for each board and the four it names costs more than
    the page's own work (QUALITY P1)."""
    return PageRows(
        _of(
            partnership, Board.objects.filter(status=status) if status else Board.objects.all()
        ).order_by("name", "key"),
        _board_rows,
    )


def board_get(key: str) -> Board:
    return get_object_or_404(
        Board.objects.select_related(
            "footprint", "reports_to", "current_phase", "phase_model", "source", "partnership"
        ).prefetch_related(
            Prefetch("chairs", queryset=BoardChair.objects.select_related("organisation")),
            Prefetch(
                "seat_rules",
                queryset=SeatRule.objects.select_related(
                    "organisation", "per_level", "source", "occupancy_source"
                ),
            ),
            Prefetch(
                "members",
                queryset=BoardMember.objects.select_related(
                    "person", "organisation", "place", "seat_rule", "source"
                ),
            ),
            Prefetch(
                "phase_moves",
                queryset=PhaseMove.objects.select_related(
                    "from_phase", "to_phase", "recorded_by", "source"
                ),
            ),
            Prefetch("sub_boards", queryset=Board.objects.order_by("name")),
            Prefetch("arrangements", queryset=Arrangement.objects.select_related("function")),
        ),
        key=key,
    )


def board_facts(board_id: int) -> BoardFacts:
    """Who sits on the board and who chairs or deputises, as its seats say."""
    seats = list(
        BoardMember.objects.filter(board_id=board_id, person__isnull=False).values_list(
            "person_id", "office"
        )
    )
    return board_facts_from(board_id, seats)


def boards_gated_by(phase_id: int) -> list[BoardFacts]:
    """The facts of every board whose phase model has this phase (whose gateway it is)."""
    board_ids = list(
        Board.objects.filter(phase_model__phases=phase_id).values_list("pk", flat=True)
    )
    seats: dict[int, list[tuple[int, str]]] = {b: [] for b in board_ids}
    for board_id, person, office in BoardMember.objects.filter(
        board_id__in=board_ids, person__isnull=False
    ).values_list("board_id", "person_id", "office"):
        seats[board_id].append((person, office))
    return [board_facts_from(b, rows) for b, rows in sorted(seats.items())]


def boards_seating(person_id: int) -> list[BoardFacts]:
    """The facts of every board on which the person holds a seat."""
    board_ids = set(
        BoardMember.objects.filter(person_id=person_id).values_list("board_id", flat=True)
    )
    seats: dict[int, list[tuple[int, str]]] = {b: [] for b in board_ids}
    for board_id, person, office in BoardMember.objects.filter(
        board_id__in=board_ids, person__isnull=False
    ).values_list("board_id", "person_id", "office"):
        seats[board_id].append((person, office))
    return [board_facts_from(b, rows) for b, rows in sorted(seats.items())]


def board_phases(board: Board) -> list[Phase]:
    """The board's phases in order, each with its gateway criteria."""
    if board.phase_model_id is None:
        return []
    return list(
        Phase.objects.filter(model_id=board.phase_model_id)
        .select_related("source")
        .prefetch_related(
            Prefetch("criteria", queryset=GatewayCriterion.objects.select_related("source"))
        )
        .order_by("order")
    )


def board_next_phase(board: Board, phases: list[Phase]) -> Phase | None:
    current = board.current_phase.order if board.current_phase else 0
    return next((p for p in phases if p.order == current + 1), None)


def board_seats(board: Board) -> tuple[tuple[SlotState, ...], tuple[WrongSeat, ...]]:
    """Each seat rule expanded per place where it is per place, against the members."""
    rules = list(board.seat_rules.all())
    per_level_ids = {r.per_level_id for r in rules if r.per_level_id}
    places_by_level: dict[int, list[Place]] = {}
    if per_level_ids and board.footprint_id:
        # Places of those levels within the footprint: at most five levels down the tree.
        fid = board.footprint_id
        within = Q(parent_id=fid)
        for depth in range(2, 6):
            within |= Q(**{"parent__" * (depth - 1) + "parent_id": fid})
        for place in Place.objects.filter(within, level_id__in=per_level_ids).order_by("name"):
            places_by_level.setdefault(place.level_id, []).append(place)
    slots = []
    for r in rules:
        base: dict[str, Any] = {
            "rule_id": r.pk,
            "label": r.label,
            "count": r.count,
            "organisation_types": frozenset(r.organisation_types),
            "organisation_id": r.organisation_id,
            "occupancy": r.occupancy,
        }
        if r.per_level_id:
            for place in places_by_level.get(r.per_level_id, []):
                slots.append(SeatSlot(**base, place_id=place.pk, place_name=place.name))
        else:
            slots.append(SeatSlot(**base, place_id=None, place_name=None))
    members = tuple(
        MemberFact(
            m.pk,
            m.holder,
            m.seat_rule_id,
            m.organisation_id,
            m.organisation.type if m.organisation else None,
            m.place_id,
        )
        for m in board.members.all()
    )
    return seat_states(tuple(slots), members)


def organogram_rows(partnership: Partnership | None = None) -> list[dict[str, Any]]:
    """The partnership's boards as the organogram draws them, by name."""
    rows: Any = (
        _of(partnership, Board.objects.all())
        .values("key", "name", "short_name", "status", "reports_to__key", "current_phase__name")
        .order_by("name", "key")
    )
    return list(rows)


def function_list() -> QuerySet[Function]:
    """The functions register, as the API lists it: each function and its holder."""
    return Function.objects.select_related("original_holder", "source")


def _arrangements_of(partnership: Partnership) -> Q:
    """An arrangement is the partnership's when it places a function with one of its
    boards, or, placing it with no board, is from or to one of its members."""
    members = Organisation.objects.filter(partnerships=partnership).values("pk")
    to_member = Arrangement.to_organisations.through.objects.filter(
        organisation_id__in=members
    ).values("arrangement_id")
    return Q(to_board__partnership=partnership) | Q(
        Q(to_board__isnull=True),
        Q(from_organisation_id__in=members) | Q(pk__in=to_member),
    )


class Named(NamedTuple):
    """An organisation a row links to, by its id, with its name."""

    id: int
    name: str


class BoardRef(NamedTuple):
    """A board a row links to, by its key, with its name."""

    key: str
    name: str


class SourceRef(NamedTuple):
    """A source as a row names it."""

    key: str
    title: str
    kind: str
    reference: str


class ArrangementRow(NamedTuple):
    """An arrangement as the functions register shows it, its choices in words."""

    to_board: BoardRef | None
    to_organisations: list[Named]
    to_organisation_types: list[str]
    from_organisation: Named | None
    form: str
    spectrum_step: str
    status: str
    level: str | None
    note: str
    inferred: list[dict[str, Any]]
    source: SourceRef


class FunctionRow(NamedTuple):
    """A function as the functions register shows it: how many arrangements place it in
    all, and `shown`, those of the partnership in view."""

    key: str
    name: str
    original_holder: Named | None
    original_holder_type: str
    legal_basis: str
    budget_amount: Decimal | None
    budget_note: str
    delegable: bool | None
    note: str
    source: SourceRef
    arrangement_count: int
    shown: list[ArrangementRow]


def _source_ref(source: Any) -> SourceRef:
    return SourceRef(source.key, source.title, source.kind, source.link)


def _named(organisation: Any) -> Named | None:
    return None if organisation is None else Named(organisation.id, organisation.name)


def _arrangement_row(a: Arrangement) -> ArrangementRow:
    return ArrangementRow(
        to_board=BoardRef(a.to_board.key, a.to_board.name) if a.to_board else None,
        to_organisations=[Named(o.id, o.name) for o in a.to_organisations.all()],
        to_organisation_types=list(a.to_organisation_types or []),
        from_organisation=_named(a.from_organisation),
        form=a.form,
        spectrum_step=a.get_spectrum_step_display() if a.spectrum_step else "",
        status=a.get_status_display(),
        level=a.level.name if a.level else None,
        note=a.note,
        inferred=list(a.inferred or []),
        source=_source_ref(a.source),
    )


def function_register(partnership: Partnership | None) -> list[FunctionRow]:
    """Every function, with how many arrangements it has in all and those of the
    partnership in view (every one while none is): a function is placed by each
    partnership, so its arrangements grow with the partnerships, and the page lists one
    partnership's (QUALITY P3). Built in three queries and kept, as plain rows, until
    the next write: building them costs many times what showing them does (QUALITY P2)."""
    key = partnership.key if partnership is not None else ""
    return cached(f"function-register:{key}", lambda: _function_register(partnership))


def _function_register(partnership: Partnership | None) -> list[FunctionRow]:
    counted = (
        Arrangement.objects.filter(function=OuterRef("pk"))
        .order_by()
        .values("function")
        .annotate(n=Count("*"))
        .values("n")
    )
    shown = arrangement_list(partnership=partnership).prefetch_related(_to_organisations())
    functions = (
        Function.objects.select_related("original_holder", "source")
        .annotate(arrangement_count=Coalesce(Subquery(counted, output_field=IntegerField()), 0))
        .prefetch_related(Prefetch("arrangements", queryset=shown, to_attr="shown"))
    )
    return [
        FunctionRow(
            key=f.key,
            name=f.name,
            original_holder=_named(f.original_holder),
            original_holder_type=f.original_holder_type,
            legal_basis=f.legal_basis,
            budget_amount=f.budget_amount,
            budget_note=f.budget_note,
            delegable=f.delegable,
            note=f.note,
            source=_source_ref(f.source),
            arrangement_count=f.arrangement_count,
            shown=[_arrangement_row(a) for a in f.shown],
        )
        for f in functions
    ]


def _to_organisations() -> "Prefetch[Any]":
    return Prefetch("to_organisations", queryset=Organisation.objects.order_by("name"))


def arrangement_list(*, partnership: Partnership | None = None) -> QuerySet[Arrangement]:
    """Arrangements with what they name, those of the partnership if one is given; the
    organisations each places a function with are for the reader to prefetch
    (_to_organisations()) where it shows them: the API's list does not, and reading
    them would cost it a third of its time (QUALITY P1)."""
    arrangements = Arrangement.objects.select_related(
        "function", "from_organisation", "to_board", "level", "source"
    )
    if partnership is not None:
        arrangements = arrangements.filter(_arrangements_of(partnership))
    return arrangements


def board_phase_at(board: Board, on: dt.date) -> Phase | None:
    """The phase the board was in on `on`, from its dated history (PhaseMove, by the
    date of each resolution): the phase of its latest move on or before that day; none
    where its first move came later; its current phase where no move is recorded."""
    moves = PhaseMove.objects.filter(board=board).select_related("to_phase")
    latest = moves.filter(resolution_date__lte=on).order_by("-resolution_date", "-id").first()
    if latest is not None:
        return latest.to_phase
    return None if moves.exists() else board.current_phase


class GatewayAt(NamedTuple):
    board: Board
    day: dt.date
    phase: Phase | None
    target: Phase | None
    criteria: list[GatewayCriterion]


def gateway_table_at(board_key: str, on: dt.date | None) -> GatewayAt:
    """The board, its phase as at `on` (for None, the day its partnership's data set
    describes, else today: partners.as_at), and the gateway into the phase after it with
    that gateway's criteria (seed 004 §6.1's table)."""
    board = get_object_or_404(
        Board.objects.select_related("current_phase", "phase_model", "partnership"),
        key=board_key,
    )
    day = on or as_at_default(board.partnership)
    phase = board_phase_at(board, day)
    following = (phase.order if phase else 0) + 1
    target = next((p for p in board_phases(board) if p.order == following), None)
    return GatewayAt(board, day, phase, target, list(target.criteria.all()) if target else [])


def gateway_table(board_key: str) -> tuple[Board, Phase | None, list[GatewayCriterion]]:
    """The gateway criteria into the board's next phase (seed 004 §6.1's table)."""
    board = get_object_or_404(
        Board.objects.select_related("current_phase", "phase_model"), key=board_key
    )
    phases = board_phases(board)
    target = board_next_phase(board, phases)
    return board, target, list(target.criteria.all()) if target else []


def progression_overview(partnership: Partnership | None = None) -> list[dict[str, Any]]:
    """Every board of the partnership with a phase model: its phases, the current one and
    its history (seed 000's governance progression)."""
    rows = []
    for board in (
        _of(partnership, Board.objects.filter(phase_model__isnull=False))
        .select_related("current_phase", "phase_model")
        .prefetch_related(
            Prefetch(
                "phase_moves",
                queryset=PhaseMove.objects.select_related("to_phase", "recorded_by"),
            ),
            Prefetch(
                "phase_model__phases",
                queryset=Phase.objects.order_by("order").prefetch_related("criteria"),
            ),
        )
        .order_by("name", "key")
    ):
        rows.append(
            {
                "board": board,
                "phases": list(board.phase_model.phases.all()),  # type: ignore[union-attr]
                "moves": list(board.phase_moves.all()),
            }
        )
    return rows


def arrangement_get(key: str) -> Arrangement:
    return get_object_or_404(
        arrangement_list().prefetch_related(_to_organisations(), "evidence"), key=key
    )


def board_criterion_get(board_key: str, phase_key: str, criterion_key: str) -> GatewayCriterion:
    """A gateway criterion of a board's phases, by the board's, the phase's and its own key."""
    return get_object_or_404(
        GatewayCriterion.objects.select_related("source"),
        phase__model__boards__key=board_key,
        phase__key=phase_key,
        key=criterion_key,
    )


def seat_rule_ids(board_key: str, label: str) -> list[int]:
    """The seats of a board with this label (one, as the data has them; or none)."""
    return list(
        SeatRule.objects.filter(board__key=board_key, label=label.strip()).values_list(
            "pk", flat=True
        )
    )


def criterion_get(id: int) -> GatewayCriterion:
    return get_object_or_404(GatewayCriterion.objects.select_related("source"), pk=id)


# --- Decision power, derived (read by meetings when it records a decision) -------------


def decision_power_for(
    *,
    board: Board,
    decision_kind: str,
    function_key: str,
    organisations: list[Organisation],
) -> DecisionPower:
    """Binding or a recommendation, and to whom, for a decision of `board` in its current
    phase on `function_key`, taken by the representatives of `organisations`."""
    fn = Function.objects.select_related("original_holder").get(key=function_key)
    holder = (
        fn.original_holder.name
        if fn.original_holder
        else (fn.original_holder_type.replace("_", " ") or "the function's holder")
    )
    active = list(
        Arrangement.objects.filter(function=fn, status=Arrangement.Status.ACTIVE)
        .select_related("from_organisation")
        .prefetch_related("to_organisations")
    )
    deciders = []
    for org in organisations:
        holds = None
        if org.type == fn.original_holder_type or org.pk == fn.original_holder_id:
            holds = "original"
        for a in active:
            to_org = org.type in a.to_organisation_types or org in a.to_organisations.all()
            via_board = (
                a.to_board_id == board.pk
                and a.from_organisation is not None
                and (org.type == a.from_organisation.type)
            )
            if to_org or via_board:
                holds = holds or "delegated"
        deciders.append(DecidingOrganisation(org.name, org.type, holds))
    phase = board.current_phase
    return decision_power(
        phase_name=phase.name.lower() if phase else "no",
        phase_powers=frozenset(phase.powers if phase else ()),
        decision_kind=decision_kind,
        function_name=fn.name,
        function_holder=holder,
        deciders=tuple(deciders),
    )


def board_names(
    partnership: Partnership | None = None, *, with_phases: bool = False
) -> list[tuple[str, str]]:
    """(key, name) of the partnership's boards (every board while none is in view), by
    name; with_phases: only those that pass through phases, whose gateway has a report.
    One query."""
    boards = _of(partnership, Board.objects.all())
    if with_phases:
        boards = boards.filter(phase_model__isnull=False)
    return list(boards.order_by("name", "key").values_list("key", "name"))
