"""The Mayor's six assurances as pure rules (SPEC §11): the hard rule on hospital beds and
the summary, tried over every case hypothesis finds."""

from hypothesis import given
from hypothesis import strategies as st

from devolution.funding.rules import assurances as rules

judgements = st.sampled_from(("", *rules.RATINGS))
facts = st.builds(
    rules.BedFacts,
    beds_change=st.one_of(st.none(), st.integers(-5000, 5000)),
    independent_review=st.one_of(st.none(), st.booleans()),
    conditions_met=st.integers(0, 3),
)


def breaks_rule(f: rules.BedFacts) -> bool:
    return (
        f.beds_change is not None
        and f.beds_change < 0
        and (f.independent_review is not True or f.conditions_met == 0)
    )


@given(judgements, facts)
def test_a_bed_reduction_without_review_or_a_condition_is_not_met_whatever_was_judged(judged, f):
    rating = rules.derived_rating(judged, bed_rule=True, facts=f)
    if breaks_rule(f):
        assert rating == rules.NOT_MET
        why = rules.overruled_because(judged, bed_rule=True, facts=f)
        assert "The Opportunity for London" in why and "NHS England" in why
    else:
        assert rating == judged
        assert rules.overruled_because(judged, bed_rule=True, facts=f) == ""


@given(judgements, facts)
def test_the_rule_touches_only_the_assurance_that_carries_it(judged, f):
    assert rules.derived_rating(judged, bed_rule=False, facts=f) == judged
    assert rules.overruled_because(judged, bed_rule=False, facts=f) == ""


@given(judgements, st.integers(0, 5000), st.one_of(st.none(), st.booleans()), st.integers(0, 3))
def test_no_reduction_in_beds_is_never_overruled(judged, beds, review, met):
    f = rules.BedFacts(beds, review, met)
    assert rules.derived_rating(judged, bed_rule=True, facts=f) == judged


def test_a_reviewed_reduction_meeting_a_condition_keeps_the_judgement():
    f = rules.BedFacts(-20, True, 1)
    assert rules.bed_rule_breach(f) is None
    assert rules.derived_rating(rules.PARTLY_MET, bed_rule=True, facts=f) == rules.PARTLY_MET


def test_the_reason_names_what_is_missing_in_plain_words():
    why = rules.bed_rule_breach(rules.BedFacts(-20, False, 0))
    assert why is not None
    assert "20 fewer beds" in why
    assert "no independent review" in why
    assert "none of NHS England's three conditions" in why
    only_review = rules.bed_rule_breach(rules.BedFacts(-1, None, 2))
    assert only_review is not None and "conditions" not in only_review.split(".")[0]


ASSURANCES = [
    ("a", "Patient and public engagement", False),
    ("b", "Clinical support", False),
    ("c", "Impact on health inequality", False),
    ("d", "Impact on social care", False),
    ("e", "Hospital capacity", True),
    ("f", "Sufficient investment", False),
]


@given(st.dictionaries(st.sampled_from("abcdef"), st.sampled_from(rules.RATINGS)), facts)
def test_the_summary_counts_every_assurance_once(judged, f):
    summary = rules.summarise(ASSURANCES, judged, f)
    assert summary.total == 6
    assert [line.key for line in summary.lines] == list("abcdef")
    assert summary.met == sum(1 for line in summary.lines if line.rating == rules.MET)
    if breaks_rule(f):
        assert summary.lines[4].rating == rules.NOT_MET
        assert "hospital capacity not met" in summary.overall
    if summary.assessed:
        assert summary.overall.startswith(f"{summary.met} of 6 met")


def test_the_summary_reads_as_a_line():
    judged = {k: rules.MET for k in "abcdf"} | {"e": rules.MET}
    summary = rules.summarise(ASSURANCES, judged, rules.BedFacts(-20, False, 0))
    assert summary.overall == "5 of 6 met; hospital capacity not met"
    summary = rules.summarise(
        ASSURANCES, {"a": rules.MET, "b": rules.PARTLY_MET}, rules.BedFacts(None, None, 0)
    )
    assert summary.overall == "1 of 6 met; clinical support partly met; 4 not yet assessed"
    blank = rules.summarise(ASSURANCES, {}, rules.BedFacts(None, None, 0))
    assert blank.overall == "Not yet assessed against any of the 6 assurances."
    assert [line.words for line in blank.lines] == ["not yet assessed"] * 6


@given(st.sampled_from(rules.RATINGS), st.text(max_size=5))
def test_a_rating_short_of_met_needs_a_reason(rating, reason):
    problem = rules.reason_problem(rating, reason)
    assert (problem is not None) == (rating != rules.MET and not reason.strip())


def test_a_rating_not_listed_is_refused():
    assert rules.reason_problem("excellent", "why") == "choose met, partly met or not met"


def test_assessors_and_the_secretariat_assess_and_no_one_else():
    assert rules.may_assess(["assessor"]) and rules.may_assess(["read_only", "secretariat"])
    for role in ("applicant", "read_only", "board_member", "chair", "commitment_owner"):
        assert not rules.may_assess([role])
