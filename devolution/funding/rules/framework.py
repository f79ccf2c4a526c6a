"""An investment framework's arithmetic (SPEC §10): criteria with whole-number weights,
each scored by named assessors on the framework's scale, and a bid's weighted score.

A bid's weighted score is the sum over the criteria of the weight times the mean of the
assessors' scores on it, over the sum of the weights times the scale's top: a
percentage, 100 when every assessor gives every criterion the top score. A criterion no
assessor has scored yet counts as nought in the part scored and leaves the bid not
fully scored, which the pages say beside the score."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from devolution.core.errors import Problem
from devolution.core.rules import Verdict, VerdictReason

SOURCE = (
    "SPEC §10: a board's investment framework is its criteria and their weights, agreed by "
    "the board; bids are scored against it by named assessors"
)
GATEWAY_SOURCE = (
    "Seed 004 §6.1: the Board progresses to its decision-making phase once it has a "
    "'Finalised and agreed Investment Framework (or similar)'; its decision-making "
    "processes and arrangements for delivery support and assurance are 'To be agreed in "
    "Investment Framework'"
)

SCALE_LIMIT = 100  # the highest top of a scale a framework may have
WEIGHT_LIMIT = 1000  # the highest weight a criterion may have
CRITERIA_LIMIT = 50
TEXT_LIMIT = 2000
KEY_LIMIT = 60


@dataclass(frozen=True)
class CriterionLine:
    key: str
    text: str
    weight: int


def weight_problems(weight: object, field: str = "weight") -> list[Problem]:
    """A weight is a whole number from 1: a share of the criteria's sum."""
    if isinstance(weight, bool) or not isinstance(weight, int):
        return [Problem("a weight is a whole number, 1 or more", field=field)]
    if weight < 1 or weight > WEIGHT_LIMIT:
        return [Problem(f"a weight is a whole number from 1 to {WEIGHT_LIMIT:,}", field=field)]
    return []


def scale_problems(scale_max: object, field: str = "scale_max") -> list[Problem]:
    if isinstance(scale_max, bool) or not isinstance(scale_max, int):
        return [Problem("the top of the scale is a whole number", field=field)]
    if scale_max < 1 or scale_max > SCALE_LIMIT:
        return [
            Problem(f"the top of the scale is a whole number from 1 to {SCALE_LIMIT}", field=field)
        ]
    return []


def score_problems(score: object, scale_max: int, field: str = "score") -> list[Problem]:
    """A score is a whole number from 0 to the top of the framework's scale."""
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= scale_max:
        return [Problem(f"a score is a whole number from 0 to {scale_max}", field=field)]
    return []


def is_key(key: str) -> bool:
    return (
        0 < len(key) <= KEY_LIMIT
        and key[0].isalnum()
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in key)
        and key == key.lower()
    )


def criteria_problems(criteria: Sequence[CriterionLine]) -> list[Problem]:
    """Every problem with a draft's criteria, each naming its line (criteria.<n>.<field>,
    from 1): keys unique and plain, a text, a positive whole weight."""
    problems: list[Problem] = []
    if len(criteria) > CRITERIA_LIMIT:
        problems.append(
            Problem(f"a framework has at most {CRITERIA_LIMIT} criteria", field="criteria")
        )
    seen: set[str] = set()
    for n, line in enumerate(criteria, start=1):
        where = f"criteria.{n}"
        if not is_key(line.key):
            problems.append(
                Problem(
                    "a criterion's key is lower-case letters, digits, hyphens or underscores, "
                    f"up to {KEY_LIMIT} characters",
                    field=f"{where}.key",
                )
            )
        elif line.key in seen:
            problems.append(Problem(f"the key {line.key!r} is used twice", field=f"{where}.key"))
        seen.add(line.key)
        if not line.text.strip():
            problems.append(Problem("say what the criterion asks", field=f"{where}.text"))
        elif len(line.text) > TEXT_LIMIT:
            problems.append(Problem(f"{TEXT_LIMIT:,} characters at most", field=f"{where}.text"))
        problems.extend(weight_problems(line.weight, f"{where}.weight"))
    return problems


def shares(weights: Mapping[str, int]) -> dict[str, Fraction]:
    """Each criterion's share of the whole, from its weight: weights 3, 1 are 3/4, 1/4."""
    total = sum(weights.values())
    return {key: Fraction(w, total) for key, w in weights.items()} if total else {}


def percent(share: Fraction | None) -> str:
    """A share or score as a person reads it: one decimal place, no trailing .0."""
    if share is None:
        return "not scored"
    value = round(float(share) * 100, 1)
    return f"{value:g}%"


@dataclass(frozen=True)
class Weighted:
    """A bid's weighted score (a fraction of 1; None when no criterion is scored) and
    whether every criterion has at least one assessor's score."""

    score: Fraction | None
    fully_scored: bool
    scored: int  # how many criteria have at least one score
    criteria: int

    @property
    def percent(self) -> str:
        return percent(self.score)


def criterion_mean(scores: Iterable[int]) -> Fraction | None:
    given = list(scores)
    return Fraction(sum(given), len(given)) if given else None


def weighted_score(
    weights: Mapping[str, int],
    scores: Mapping[str, Iterable[int]],
    scale_max: int,
) -> Weighted:
    """sum(weight x mean of the assessors' scores) / (sum(weights) x scale_max), over the
    framework's criteria (`weights`, by key); `scores` are each criterion's assessors'
    scores, by key (scores on keys not in the framework are not counted)."""
    total = sum(weights.values()) * scale_max
    means = {key: criterion_mean(scores.get(key, ())) for key in weights}
    scored = sum(1 for m in means.values() if m is not None)
    if not weights or total <= 0 or scored == 0:
        return Weighted(None, False, scored, len(weights))
    reached = sum(
        (weights[key] * mean for key, mean in means.items() if mean is not None),
        Fraction(0),
    )
    return Weighted(reached / total, scored == len(weights), scored, len(weights))


# ------------------------------------------------------------------ who scores

SCORES = VerdictReason(
    "FUND-SCORE-ASSESSOR",
    "Bid assessors and the secretariat score bids against the board's agreed framework.",
    SOURCE,
)
NOT_ASSESSOR = VerdictReason(
    "FUND-SCORE-ASSESSOR",
    "Only a bid assessor or the secretariat scores bids: ask the secretariat for the "
    "assessor's role.",
    SOURCE,
)
SIGNED_OUT = VerdictReason("ACC-SIGN-IN", "Sign in to score a bid.", SOURCE)
OWN_BID = VerdictReason(
    "FUND-SCORE-OWN-BID",
    "An assessor does not score a bid from their own organisation.",
    SOURCE,
)


def may_score(roles: Iterable[tuple[int, str]], *, proposer_organisation_id: int | None) -> Verdict:
    """`roles`: the person's (organisation id, role) memberships. An assessor or the
    secretariat scores, never for a bid their own organisation proposes."""
    held = list(roles)
    if not held:
        return Verdict.refuse(SIGNED_OUT)
    scoring = [org for org, role in held if role in ("assessor", "secretariat")]
    if not scoring:
        return Verdict.refuse(NOT_ASSESSOR)
    if proposer_organisation_id is not None and all(
        org == proposer_organisation_id for org in scoring
    ):
        return Verdict.refuse(OWN_BID)
    return Verdict.allow(SCORES)


# The states of a bid its assessors score.
SCORABLE = ("submitted", "assessed")
