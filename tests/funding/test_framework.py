"""A board's investment framework: drafted and edited by the secretariat, agreed by a
decision of the board's meeting (which records the gateway criteria it meets as met, seed
004 §6.1), never edited once agreed; bids scored against it by named assessors."""

import pytest

from devolution.core.errors import InvalidInput, NotAllowed, RuleViolation, StaleEdit
from devolution.core.models import AuditEvent
from devolution.funding.models import Framework, FrameworkGateway, Score
from devolution.funding.rules.framework import CriterionLine
from devolution.funding.selectors.framework import bid_scores
from devolution.funding.services.framework import (
    framework_draft,
    framework_to_meeting,
    framework_update,
    score_set,
)
from devolution.governance.models import GatewayCriterion
from devolution.meetings.models import Decision
from tests.funding.conftest_framework import CRITERIA, agree, bid_make, draft_with_criteria

pytest_plugins = ["tests.funding.conftest_framework"]

GATEWAY = (
    "investment_framework_agreed",
    "decision_making_processes_agreed",
    "delivery_support_and_assurance_agreed",
)


def spb_gateway() -> dict[str, GatewayCriterion]:
    return {
        c.key: c
        for c in GatewayCriterion.objects.filter(
            phase__model__key="spb", phase__key="decision_making", key__in=GATEWAY
        )
    }


def test_london_names_the_three_criteria_an_agreed_framework_meets_from_seed_004(db):
    rows = list(FrameworkGateway.objects.filter(board__key="spb").select_related("criterion"))
    assert [r.criterion.key for r in rows] == list(GATEWAY)
    assert all(r.source.key == "seed-004" for r in rows)
    assert "To be agreed in Investment Framework" in rows[1].quote
    # London's data holds no framework: the seed says it is still to be signed off.
    assert not Framework.objects.exists()
    statuses = {k: c.status for k, c in spb_gateway().items()}
    assert statuses == {
        "investment_framework_agreed": "ongoing",
        "decision_making_processes_agreed": "not_started",
        "delivery_support_and_assurance_agreed": "not_started",
    }


def test_agreeing_a_framework_at_an_spb_meeting_meets_the_three_gateway_criteria(
    secretariat, meeting
):
    framework = draft_with_criteria(secretariat)
    decision = agree(secretariat, meeting, framework)
    assert framework.status == "agreed"
    assert framework.agreed_on == meeting.date
    assert framework.decision_id == decision.pk
    for criterion in spb_gateway().values():
        assert criterion.status == "met" and not criterion.inferred, criterion.key
        assert criterion.is_met
    # Governance's own service recorded each, with the resolution, in the audit chain.
    resolved = AuditEvent.objects.filter(action="resolve_criterion")
    assert resolved.count() == 3
    assert all(e.after["meeting"] == meeting.key for e in resolved)


@pytest.mark.parametrize("outcome", ["not_agreed", "deferred"])
def test_a_decision_not_to_agree_meets_nothing(secretariat, meeting, outcome):
    framework = draft_with_criteria(secretariat)
    agree(secretariat, meeting, framework, outcome=outcome)
    assert framework.status == "draft" and framework.agreed_on is None
    statuses = {k: c.status for k, c in spb_gateway().items()}
    assert statuses["investment_framework_agreed"] == "ongoing"
    assert statuses["decision_making_processes_agreed"] == "not_started"


def test_a_new_version_supersedes_the_one_agreed_before(secretariat, meeting, agreed):
    draft = framework_draft(actor=secretariat, board_key="spb")
    assert draft.version == agreed.version + 1
    # A copy of the latest's criteria, to edit.
    assert [(c.key, c.weight) for c in draft.criteria.all()] == [
        (c.key, c.weight) for c in CRITERIA
    ]
    draft = framework_update(
        actor=secretariat,
        framework_id=draft.pk,
        revision=draft.revision,
        title="SPB investment framework",
        scale_max=10,
        criteria=[*CRITERIA, CriterionLine("equity", "Narrows health inequalities", 4)],
    )
    agree(secretariat, meeting, draft)
    agreed.refresh_from_db()
    assert agreed.status == "superseded"
    assert draft.status == "agreed" and draft.scale_max == 10
    assert Framework.objects.filter(board__key="spb", status="agreed").get() == draft


def test_an_agreed_version_is_never_edited(secretariat, agreed):
    with pytest.raises(RuleViolation) as refused:
        framework_update(
            actor=secretariat,
            framework_id=agreed.pk,
            revision=agreed.revision,
            title="Changed",
            scale_max=5,
            criteria=CRITERIA,
        )
    assert refused.value.status == 409
    assert "never edited" in refused.value.message
    agreed.refresh_from_db()
    assert agreed.title == "SPB investment framework"


def test_a_stale_edit_is_refused_and_nothing_saved(secretariat):
    draft = framework_draft(actor=secretariat, board_key="spb")
    framework_update(
        actor=secretariat,
        framework_id=draft.pk,
        revision=draft.revision,
        title="First",
        scale_max=5,
        criteria=CRITERIA,
    )
    with pytest.raises(StaleEdit):
        framework_update(
            actor=secretariat,
            framework_id=draft.pk,
            revision=draft.revision,
            title="Second",
            scale_max=5,
            criteria=CRITERIA[:1],
        )
    draft.refresh_from_db()
    assert draft.title == "First" and draft.criteria.count() == 3


def test_bad_criteria_are_refused_naming_each_field(secretariat):
    draft = framework_draft(actor=secretariat, board_key="spb")
    with pytest.raises(InvalidInput) as refused:
        framework_update(
            actor=secretariat,
            framework_id=draft.pk,
            revision=draft.revision,
            title="",
            scale_max=0,
            criteria=[CriterionLine("a", "A", 0), CriterionLine("a", "B", 1)],
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"title", "scale_max", "criteria.1.weight", "criteria.2.key"}
    draft.refresh_from_db()
    assert draft.revision == 1


def test_only_the_secretariat_drafts(alice):
    with pytest.raises(NotAllowed):
        framework_draft(actor=alice, board_key="spb")


def test_one_draft_at_a_time(secretariat):
    framework_draft(actor=secretariat, board_key="spb")
    with pytest.raises(RuleViolation) as refused:
        framework_draft(actor=secretariat, board_key="spb")
    assert refused.value.rule_id == "FUND-FRAMEWORK-ONE-DRAFT"


def test_the_decision_kind_needs_an_item_bringing_a_framework(secretariat, meeting):
    from devolution.meetings.models import AgendaItem
    from devolution.meetings.services.decisions import decision_record

    other = AgendaItem.objects.create(
        meeting=meeting, key="other", title="Another matter", purpose="decide"
    )
    with pytest.raises(RuleViolation) as refused:
        decision_record(
            actor=secretariat,
            item_id=other.pk,
            outcome="agreed",
            text="Agreed.",
            decision_kind="agree_investment_framework",
        )
    assert refused.value.rule_id == "FUND-ITEM-FRAMEWORK"
    assert not Decision.objects.filter(item=other).exists()  # taken back with it


def test_a_draft_with_no_criteria_is_not_brought_to_a_meeting(secretariat, meeting):
    draft = framework_draft(actor=secretariat, board_key="spb")
    with pytest.raises(RuleViolation) as refused:
        framework_to_meeting(actor=secretariat, framework_id=draft.pk, meeting_key=meeting.key)
    assert refused.value.field == "criteria"


def test_bringing_a_draft_makes_the_agenda_item(secretariat, meeting):
    framework = draft_with_criteria(secretariat)
    item = framework_to_meeting(
        actor=secretariat, framework_id=framework.pk, meeting_key=meeting.key
    )
    assert item.meeting_id == meeting.pk and item.purpose == "decide"
    assert item.framework == Framework.objects.get(pk=framework.pk)
    assert "version 1" in item.title


# ------------------------------------------------------------------ scoring


def test_an_assessor_scores_against_the_agreed_framework(agreed, bid, assessor, assessor2):
    score_set(actor=assessor, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=4)
    score_set(actor=assessor2, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=5)
    score_set(actor=assessor, bid_ref=bid.proposal.ref, criterion_key="value", score=3)
    view = bid_scores(bid)
    assert view.weighted is not None and not view.weighted.fully_scored
    score_set(
        actor=assessor,
        bid_ref=bid.proposal.ref,
        criterion_key="readiness",
        score=5,
        comment="Staff in post.",
    )
    view = bid_scores(bid)
    assert view.assessors == ("Ash Assessor", "Bea Assessor")
    outcomes = view.criteria[0]
    assert [(s.assessor, s.score) for s in outcomes.scores] == [
        ("Ash Assessor", 4),
        ("Bea Assessor", 5),
    ]
    # (3 x 4.5 + 2 x 3 + 1 x 5) / (6 x 5) = 81.7%
    assert view.weighted.fully_scored and view.weighted.percent == "81.7%"


def test_one_score_per_assessor_per_criterion_changed_in_place(agreed, bid, assessor):
    score_set(actor=assessor, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=2)
    score_set(
        actor=assessor,
        bid_ref=bid.proposal.ref,
        criterion_key="outcomes",
        score=4,
        comment="On reflection.",
    )
    scores = Score.objects.filter(bid=bid, assessor=assessor)
    assert [(s.score, s.comment) for s in scores] == [(4, "On reflection.")]


def test_scoring_is_refused_for_an_applicant(agreed, bid, applicant):
    with pytest.raises(NotAllowed) as refused:
        score_set(actor=applicant, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=3)
    assert "assessor" in refused.value.message
    assert not Score.objects.exists()


def test_scoring_is_refused_for_a_draft_bid(agreed, assessor):
    draft = bid_make("bid-draft", state="draft")
    with pytest.raises(RuleViolation) as refused:
        score_set(actor=assessor, bid_ref=draft.proposal.ref, criterion_key="outcomes", score=3)
    assert refused.value.rule_id == "FUND-SCORE-STATE" and "draft" in refused.value.message


@pytest.mark.parametrize("score", [-1, 6, 100])
def test_a_score_beyond_the_scale_is_refused_naming_the_field(agreed, bid, assessor, score):
    with pytest.raises(InvalidInput) as refused:
        score_set(actor=assessor, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=score)
    assert refused.value.status == 400
    assert [p.field for p in refused.value.problems] == ["score"]
    assert "0 to 5" in refused.value.problems[0].message
    assert not Score.objects.exists()


def test_an_unknown_criterion_is_refused_naming_the_field(agreed, bid, assessor):
    with pytest.raises(InvalidInput) as refused:
        score_set(actor=assessor, bid_ref=bid.proposal.ref, criterion_key="nope", score=1)
    assert [p.field for p in refused.value.problems] == ["criterion"]


def test_scoring_is_refused_while_the_board_has_no_agreed_framework(bid, assessor, secretariat):
    draft_with_criteria(secretariat)  # a draft is not what bids are scored against
    with pytest.raises(RuleViolation) as refused:
        score_set(actor=assessor, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=3)
    assert refused.value.status == 409
    assert refused.value.rule_id == "FUND-FRAMEWORK-NONE"
    assert "no agreed investment framework" in refused.value.message


def test_an_assessor_does_not_score_their_own_organisations_bid(agreed, bid):
    from devolution.partners.models import Role
    from tests.conftest import make_person

    own = make_person("own@cityandhackney.example", "ccg-city-and-hackney", Role.ASSESSOR)
    with pytest.raises(NotAllowed):
        score_set(actor=own, bid_ref=bid.proposal.ref, criterion_key="outcomes", score=3)
