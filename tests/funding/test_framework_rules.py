"""The investment framework's arithmetic (rules/framework.py): a bid's weighted score is
sum(weight x mean of the assessors' scores) / (sum of weights x the scale's top)."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from devolution.funding.rules import framework as rules

KEYS = st.lists(
    st.text(alphabet="abcdefgh", min_size=1, max_size=4), min_size=1, max_size=6, unique=True
)


@st.composite
def scored(draw):
    """A framework's weights, its scale's top and the assessors' scores on each criterion."""
    keys = draw(KEYS)
    scale_max = draw(st.integers(1, 10))
    weights = {k: draw(st.integers(1, 50)) for k in keys}
    scores = {k: draw(st.lists(st.integers(0, scale_max), min_size=1, max_size=5)) for k in keys}
    return weights, scores, scale_max


@given(scored())
def test_weighted_score_is_the_weighted_mean_over_the_top(case):
    weights, scores, scale_max = case
    result = rules.weighted_score(weights, scores, scale_max)
    expected = sum(
        Fraction(weights[k]) * Fraction(sum(scores[k]), len(scores[k])) for k in weights
    ) / (sum(weights.values()) * scale_max)
    assert result.score == expected
    assert 0 <= result.score <= 1
    assert result.fully_scored and result.scored == result.criteria == len(weights)


@given(scored())
def test_all_top_scores_make_a_hundred_percent_and_all_noughts_nought(case):
    weights, scores, scale_max = case
    top = rules.weighted_score(
        weights, {k: [scale_max] * len(v) for k, v in scores.items()}, scale_max
    )
    assert top.score == 1 and top.percent == "100%"
    zero = rules.weighted_score(weights, {k: [0] for k in weights}, scale_max)
    assert zero.score == 0 and zero.percent == "0%"


@given(scored(), st.integers(2, 5))
def test_scaling_every_weight_changes_nothing(case, factor):
    weights, scores, scale_max = case
    scaled = {k: w * factor for k, w in weights.items()}
    assert (
        rules.weighted_score(scaled, scores, scale_max).score
        == rules.weighted_score(weights, scores, scale_max).score
    )


@given(scored())
def test_a_criterion_no_one_scored_leaves_the_bid_not_fully_scored(case):
    weights, scores, scale_max = case
    first = next(iter(weights))
    partial = {k: v for k, v in scores.items() if k != first}
    result = rules.weighted_score(weights, partial, scale_max)
    assert not result.fully_scored
    assert result.scored == len(weights) - 1
    if len(weights) == 1:
        assert result.score is None and result.percent == "not scored"
    else:
        # The unscored criterion counts as nought: never more than with it scored.
        assert result.score <= rules.weighted_score(weights, scores, scale_max).score


def test_a_worked_example():
    # Weights 3, 2, 1 on a scale to 5; outcomes scored 4 and 5 (mean 4.5), value 3,
    # readiness 5: (3 x 4.5 + 2 x 3 + 1 x 5) / (6 x 5) = 24.5 / 30 = 81.7%.
    result = rules.weighted_score(
        {"outcomes": 3, "value": 2, "readiness": 1},
        {"outcomes": [4, 5], "value": [3], "readiness": [5]},
        5,
    )
    assert result.score == Fraction(49, 60)
    assert result.percent == "81.7%"


def test_shares_of_the_weights():
    assert rules.shares({"a": 3, "b": 1}) == {"a": Fraction(3, 4), "b": Fraction(1, 4)}
    assert rules.percent(Fraction(1, 3)) == "33.3%"


@given(st.integers(-5, 1005))
def test_weights_are_positive_whole_numbers(weight):
    problems = rules.weight_problems(weight)
    assert bool(problems) == (not 1 <= weight <= rules.WEIGHT_LIMIT)
    assert all(p.field == "weight" for p in problems)


def test_a_weight_that_is_not_a_whole_number_is_refused():
    for weight in (1.5, "3", True, None):
        assert rules.weight_problems(weight)[0].field == "weight"


@given(st.integers(-3, 12), st.integers(1, 10))
def test_scores_run_from_nought_to_the_top_of_the_scale(score, scale_max):
    problems = rules.score_problems(score, scale_max)
    assert bool(problems) == (not 0 <= score <= scale_max)
    if problems:
        assert problems[0].field == "score" and str(scale_max) in problems[0].message


def test_criteria_problems_name_the_line_and_field():
    problems = rules.criteria_problems(
        [
            rules.CriterionLine("outcomes", "Outcomes", 2),
            rules.CriterionLine("outcomes", "Twice", 1),
            rules.CriterionLine("Bad Key", "", 0),
        ]
    )
    fields = [p.field for p in problems]
    assert fields == ["criteria.2.key", "criteria.3.key", "criteria.3.text", "criteria.3.weight"]


def test_who_scores():
    nhse, ccg = 1, 2
    assert rules.may_score([(nhse, "assessor")], proposer_organisation_id=ccg).allowed
    assert rules.may_score([(nhse, "secretariat")], proposer_organisation_id=ccg).allowed
    refused = rules.may_score([(ccg, "applicant")], proposer_organisation_id=ccg)
    assert not refused.allowed and "assessor" in refused.reasons[0].message
    own = rules.may_score([(ccg, "assessor")], proposer_organisation_id=ccg)
    assert not own.allowed and own.reasons[0].rule_id == "FUND-SCORE-OWN-BID"
    assert not rules.may_score([], proposer_organisation_id=ccg).allowed
