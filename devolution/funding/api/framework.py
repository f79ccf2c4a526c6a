"""A board's investment framework and a bid's scores against it, as JSON.

The agreed framework and its earlier versions are published (a board's agreed criteria);
a draft only partnership staff read. A bid's scores are partnership staff's; a bid
assessor or the secretariat sets their own score."""

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.security import django_auth

from devolution.core.people import acting_person, signed_in_person
from devolution.partners.access import enforce_staff, is_staff

from ..selectors import framework as selectors
from ..services import framework as services

router = Router()

# The values fields take are the models' own choices (a Literal built at run time, inline
# in the schema; mypy sees plain strings).
if TYPE_CHECKING:
    FrameworkStatus: TypeAlias = str
    GatewayStatus: TypeAlias = str
else:
    FrameworkStatus = Literal[selectors.FRAMEWORK_STATUSES]
    GatewayStatus = Literal[selectors.GATEWAY_STATUSES]


class FrameworkCriterionOut(Schema):
    key: str
    text: str
    weight: int
    share: str = Field(..., description="The criterion's share of the weights, e.g. '50%'")


class FrameworkOut(Schema):
    version: int
    title: str
    status: FrameworkStatus = Field(..., description="draft, agreed or superseded")
    scale_max: int = Field(..., description="Each criterion is scored from 0 to this")
    agreed_on: dt.date | None
    meeting: str | None = Field(None, description="The key of the meeting that agreed it")
    criteria: list[FrameworkCriterionOut]


class FrameworkGatewayOut(Schema):
    phase: str
    criterion: str
    text: str
    status: GatewayStatus = Field(..., description="The criterion's status now")
    source: str
    quote: str


class BoardFrameworksOut(Schema):
    board: str
    agreed: FrameworkOut | None
    versions: list[FrameworkOut] = Field(..., description="Every version, newest first")
    gateway: list[FrameworkGatewayOut] = Field(
        ..., description="The gateway criteria the board's framework meets once agreed"
    )


def _version(view: selectors.VersionView) -> dict[str, Any]:
    f = view.framework
    return {
        "version": f.version,
        "title": f.title,
        "status": f.status,
        "scale_max": f.scale_max,
        "agreed_on": f.agreed_on,
        "meeting": f.decision.item.meeting.key if f.decision is not None else None,
        "criteria": [
            {"key": c.key, "text": c.text, "weight": c.weight, "share": c.share_text}
            for c in view.criteria
        ],
    }


@router.get(
    "/boards/{key}/investment-framework",
    response=BoardFrameworksOut,
    summary="A board's investment framework: the agreed version and every version",
    description="The draft is listed for partnership staff only.",
)
def board_investment_framework(request: HttpRequest, key: str) -> Any:
    found = selectors.board_frameworks(key)
    staff = is_staff(acting_person(request))
    versions = [
        v
        for v in (found.draft, found.agreed, *found.earlier)
        if v is not None and (staff or v.framework.status != "draft")
    ]
    versions.sort(key=lambda v: -v.framework.version)
    return {
        "board": found.board.key,
        "agreed": _version(found.agreed) if found.agreed else None,
        "versions": [_version(v) for v in versions],
        "gateway": [
            {
                "phase": g.criterion.phase.key,
                "criterion": g.criterion.key,
                "text": g.criterion.text,
                "status": g.criterion.status,
                "source": g.source_title,
                "quote": g.quote,
            }
            for g in found.gateway
        ],
    }


class BidScoreOut(Schema):
    criterion: str
    assessor: str = Field(..., description="The assessor's name")
    score: int
    comment: str


class BidCriterionScoresOut(Schema):
    criterion: str
    text: str
    weight: int
    mean: float | None = Field(..., description="The mean of the assessors' scores")
    scores: list[BidScoreOut]


class BidScoresOut(Schema):
    bid: str
    framework_version: int | None = Field(
        ..., description="The board's agreed framework the bid is scored against; null: none"
    )
    scale_max: int | None
    criteria: list[BidCriterionScoresOut]
    weighted_score: float | None = Field(
        ..., description="sum(weight x mean score) / (sum of weights x scale_max), as a percentage"
    )
    fully_scored: bool = Field(..., description="Every criterion has at least one score")


def _scores(bid_ref: str, reader: Any) -> dict[str, Any]:
    view = selectors.bid_scores(selectors.bid_get(bid_ref, reader))
    framework = view.framework.framework if view.framework else None
    weighted = view.weighted
    return {
        "bid": bid_ref,
        "framework_version": framework.version if framework else None,
        "scale_max": framework.scale_max if framework else None,
        "criteria": [
            {
                "criterion": line.row.key,
                "text": line.row.text,
                "weight": line.row.weight,
                "mean": float(line.mean) if line.mean is not None else None,
                "scores": [
                    {
                        "criterion": line.row.key,
                        "assessor": s.assessor,
                        "score": s.score,
                        "comment": s.comment,
                    }
                    for s in line.scores
                ],
            }
            for line in view.criteria
        ],
        "weighted_score": (
            round(float(weighted.score) * 100, 1)
            if weighted is not None and weighted.score is not None
            else None
        ),
        "fully_scored": bool(weighted and weighted.fully_scored),
    }


@router.get(
    "/bids/{ref}/scores",
    response=BidScoresOut,
    auth=django_auth,
    summary="A bid's scores by criterion and assessor, and its weighted score (staff)",
)
def bid_score_list(request: HttpRequest, ref: str) -> Any:
    person = signed_in_person(request)
    enforce_staff(person, "A bid's scores")
    return _scores(ref, person)


class BidScoreIn(Schema):
    score: int = Field(..., description="From 0 to the framework's scale_max")
    comment: str = Field("", max_length=4000)


@router.put(
    "/bids/{ref}/scores/{criterion}",
    response=BidScoresOut,
    auth=django_auth,
    summary="Set your own score of a bid on a criterion (a bid assessor or the secretariat)",
    description="Against the board's agreed framework: 409 while it has none. One score per "
    "assessor per criterion: scoring again changes yours.",
)
def bid_score_set(request: HttpRequest, ref: str, criterion: str, payload: BidScoreIn) -> Any:
    services.score_set(
        actor=signed_in_person(request),
        bid_ref=ref,
        criterion_key=criterion,
        score=payload.score,
        comment=payload.comment,
    )
    return _scores(ref, signed_in_person(request))
