"""Reading a board's investment framework and a bid's scores, for the pages and the API."""

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch
from django.urls import reverse

from devolution.core.errors import NotFound
from devolution.core.links import PageLink
from devolution.governance.models import Board, GatewayCriterion
from devolution.meetings.models import Decision, Meeting
from devolution.partners.access import is_staff, memberships_of

from ..models import Bid, Criterion, Framework, FrameworkGateway, Score
from ..rules import framework as rules
from ..rules.bids import may_see_bid
from .bids import bid_fact

# The values the API's fields take: the models' own choices.
FRAMEWORK_STATUSES = tuple(Framework.Status.values)
GATEWAY_STATUSES = tuple(GatewayCriterion.Status.values)

# The meetings a draft may be brought to: those whose agenda is still open.
OPEN_MEETINGS = ("scheduled", "agenda_published", "held")


def board_get(board_key: str) -> Board:
    board = Board.objects.filter(key=board_key).first()
    if board is None:
        raise NotFound(f"There is no board {board_key!r}.")
    return board


@dataclass(frozen=True)
class CriterionRow:
    key: str
    text: str
    weight: int
    share: Fraction

    @property
    def share_text(self) -> str:
        return rules.percent(self.share)


@dataclass(frozen=True)
class VersionView:
    framework: Framework
    criteria: tuple[CriterionRow, ...]

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.criteria)


def _version(framework: Framework) -> VersionView:
    criteria = list(framework.criteria.all())
    share = rules.shares({c.key: c.weight for c in criteria})
    return VersionView(
        framework,
        tuple(CriterionRow(c.key, c.text, c.weight, share[c.key]) for c in criteria),
    )


@dataclass(frozen=True)
class GatewayRow:
    criterion: GatewayCriterion
    phase_name: str
    source_title: str
    quote: str

    @property
    def met(self) -> bool:
        return self.criterion.is_met


@dataclass(frozen=True)
class BoardFrameworks:
    board: Board
    agreed: VersionView | None
    draft: VersionView | None
    earlier: tuple[VersionView, ...]
    gateway: tuple[GatewayRow, ...]


def _frameworks(board: Board) -> list[Framework]:
    return list(
        Framework.objects.filter(board=board)
        .select_related("decision__item__meeting", "item__meeting")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("order")))
        .order_by("-version")
    )


def board_frameworks(board_key: str) -> BoardFrameworks:
    """The board's agreed version, its draft, its earlier versions (newest first) and the
    gateway criteria an agreed framework meets, with their status now."""
    board = board_get(board_key)
    versions = _frameworks(board)
    agreed = next((f for f in versions if f.status == Framework.Status.AGREED), None)
    draft = next((f for f in versions if f.status == Framework.Status.DRAFT), None)
    earlier = [f for f in versions if f.status == Framework.Status.SUPERSEDED]
    gateway = tuple(
        GatewayRow(g.criterion, g.criterion.phase.name, g.source.title, g.quote)
        for g in FrameworkGateway.objects.filter(board=board).select_related(
            "criterion__phase", "source"
        )
    )
    return BoardFrameworks(
        board,
        _version(agreed) if agreed else None,
        _version(draft) if draft else None,
        tuple(_version(f) for f in earlier),
        gateway,
    )


def draft_get(board_key: str) -> Framework | None:
    return (
        Framework.objects.filter(board__key=board_key, status=Framework.Status.DRAFT)
        .select_related("board", "item__meeting")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("order")))
        .first()
    )


def awaiting_decision(framework: Framework | None) -> bool:
    """Whether the draft is on a meeting's agenda with no decision on it yet."""
    return (
        framework is not None
        and framework.item_id is not None
        and not Decision.objects.filter(item_id=framework.item_id).exists()
    )


def open_meetings(board: Board) -> list[tuple[str, str]]:
    """(key, what a person reads) of the board's meetings whose agenda is open."""
    return [
        (m.key, f"{m.date:%-d %B %Y}")
        for m in Meeting.objects.filter(board=board, status__in=OPEN_MEETINGS).order_by("date")
    ]


# ------------------------------------------------------------------ a bid's scores


@dataclass
class ScoreLine:
    assessor: str
    assessor_id: int
    score: int
    comment: str


@dataclass
class CriterionScores:
    row: CriterionRow
    scores: list[ScoreLine] = field(default_factory=list)

    @property
    def mean(self) -> Fraction | None:
        return rules.criterion_mean(s.score for s in self.scores)

    @property
    def mean_text(self) -> str:
        mean = self.mean
        if mean is None:
            return "not scored"
        return f"{round(float(mean), 2):g}"


@dataclass(frozen=True)
class BidScores:
    bid: Bid
    board: Board | None
    framework: VersionView | None
    criteria: tuple[CriterionScores, ...]
    assessors: tuple[str, ...]
    weighted: rules.Weighted | None
    # The assessors as the table's columns: (id, name), two of one name told apart by id.
    columns: tuple[tuple[int, str], ...] = ()


def bid_get(bid_ref: str, reader: Any) -> Bid:
    """A bid, if `reader` may see it (the bids' own rule): its scores are never shown to
    someone the bid itself is hidden from."""
    bid = (
        Bid.objects.select_related("proposal__organisation", "fund__board", "category")
        .filter(proposal__ref=bid_ref)
        .first()
    )
    if bid is None or not may_see_bid(memberships_of(reader), bid_fact(bid)).allowed:
        raise NotFound(f"There is no bid {bid_ref!r}, or it is not one you may see.")
    return bid


def agreed_framework(board_id: int | None) -> Framework | None:
    if board_id is None:
        return None
    return (
        Framework.objects.filter(board_id=board_id, status=Framework.Status.AGREED)
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("order")))
        .first()
    )


def bid_scores(bid: Bid) -> BidScores:
    """The bid's scores on its board's agreed framework, by criterion and assessor (named),
    and its weighted score."""
    board = bid.fund.board
    framework = agreed_framework(board.pk if board else None)
    if framework is None:
        return BidScores(bid, board, None, (), (), None)
    version = _version(framework)
    by_key = {row.key: CriterionScores(row) for row in version.criteria}
    assessors: dict[int, str] = {}
    for s in (
        Score.objects.filter(bid=bid, criterion__framework=framework)
        .select_related("criterion", "assessor")
        .order_by("criterion__order", "assessor__full_name", "assessor_id")
    ):
        name = s.assessor.full_name or s.assessor.email
        assessors.setdefault(s.assessor_id, name)
        by_key[s.criterion.key].scores.append(ScoreLine(name, s.assessor_id, s.score, s.comment))
    weighted = rules.weighted_score(
        {row.key: row.weight for row in version.criteria},
        {key: [s.score for s in line.scores] for key, line in by_key.items()},
        framework.scale_max,
    )
    return BidScores(
        bid,
        board,
        version,
        tuple(by_key.values()),
        tuple(assessors.values()),
        weighted,
        tuple(assessors.items()),
    )


# ------------------------------------------------------------------ the board page's link


def board_framework_link(board: Any) -> list[PageLink]:
    """The board page's link to its investment framework, read with no query (the board
    page's budget, QUALITY P4): the framework's page says whether one is agreed, drafted
    or none is recorded."""
    return [
        PageLink(
            "Investment framework: the criteria and weights bids are scored against",
            reverse("funding:framework", args=[board.key]),
            group="Funding",
        )
    ]


def bid_scores_section(bid: Any, reader: Any) -> dict[str, Any] | None:
    """The bid page's section (funding.bid_page): the bid's weighted score against the
    agreed framework, for partnership staff."""
    if not is_staff(reader):
        return None
    return {"view": bid_scores(bid)}
