"""The rules of a bid's life, as tables: who sees it, who changes it, who moves it where,
and what a submission needs. Pure: no database."""

import pytest

from devolution.funding.rules import bids as rules
from devolution.partners.rules import MembershipFact

HACKNEY, CAMDEN, NHSE, COUNCILS = 1, 2, 3, 4
HACKNEY_APPLICANT = frozenset({MembershipFact(HACKNEY, "applicant")})
CAMDEN_APPLICANT = frozenset({MembershipFact(CAMDEN, "applicant")})
HACKNEY_READER = frozenset({MembershipFact(HACKNEY, "read_only")})
CAMDEN_MEMBER = frozenset({MembershipFact(CAMDEN, "board_member")})
ASSESSOR = frozenset({MembershipFact(NHSE, "assessor")})
SECRETARIAT = frozenset({MembershipFact(COUNCILS, "secretariat")})
PUBLIC: frozenset[MembershipFact] = frozenset()
PERSONAS = {
    "hackney applicant": HACKNEY_APPLICANT,
    "camden applicant": CAMDEN_APPLICANT,
    "hackney reader": HACKNEY_READER,
    "camden member": CAMDEN_MEMBER,
    "assessor": ASSESSOR,
    "secretariat": SECRETARIAT,
    "public": PUBLIC,
}


def hackney_bid(state: str, submitted: bool | None = None) -> rules.BidFact:
    if submitted is None:
        submitted = state != "draft"
    return rules.BidFact(state=state, owner_ids=frozenset({HACKNEY}), submitted=submitted)


# Who sees a Hackney bid in each state: the personas that see it.
SEEN_BY = {
    "draft": {"hackney applicant"},
    "submitted": {"hackney applicant", "hackney reader", "assessor", "secretariat"},
    "assessed": {"hackney applicant", "hackney reader", "assessor", "secretariat"},
    "withdrawn": {"hackney applicant", "hackney reader", "assessor", "secretariat"},
    "recommended": set(PERSONAS),
    "allocated": set(PERSONAS),
    "declined": set(PERSONAS),
}


@pytest.mark.parametrize("state", rules.STATES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_a_bid_in_each_state(state, persona):
    verdict = rules.may_see_bid(PERSONAS[persona], hackney_bid(state))
    assert verdict.allowed is (persona in SEEN_BY[state])


@pytest.mark.parametrize("state", rules.STATES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_scope_a_list_uses_agrees_with_may_see_bid(state, persona):
    """The list's one query (scope_of) and a bid's own check say the same."""
    scope = rules.scope_of(PERSONAS[persona])
    bid = hackney_bid(state)
    private = rules.private(bid)
    by_scope = (
        state in rules.DECIDED
        or (private and bool(scope.draft_owner_ids & bid.owner_ids))
        or (not private and (scope.all_submitted or bool(scope.owner_ids & bid.owner_ids)))
    )
    assert by_scope is rules.may_see_bid(PERSONAS[persona], bid).allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_withdrawn_before_submission_stays_its_applicants(persona):
    verdict = rules.may_see_bid(PERSONAS[persona], hackney_bid("withdrawn", submitted=False))
    assert verdict.allowed is (persona == "hackney applicant")


@pytest.mark.parametrize(
    "persona, state, allowed, rule_id",
    [
        ("hackney applicant", "draft", True, "FUND-BID-OWN"),
        ("hackney applicant", "submitted", False, "FUND-BID-DRAFT-ONLY"),
        ("hackney applicant", "assessed", False, "FUND-BID-DRAFT-ONLY"),
        ("camden applicant", "draft", False, "FUND-BID-APPLICANT"),
        ("hackney reader", "draft", False, "FUND-BID-APPLICANT"),
        ("secretariat", "draft", False, "FUND-BID-APPLICANT"),
        ("assessor", "submitted", False, "FUND-BID-APPLICANT"),
        ("public", "draft", False, "FUND-BID-SIGN-IN"),
    ],
)
def test_only_a_draft_is_changed_and_only_by_its_applicants(persona, state, allowed, rule_id):
    verdict = rules.may_change_bid(PERSONAS[persona], hackney_bid(state))
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id


@pytest.mark.parametrize(
    "persona, move, allowed, rule_id",
    [
        ("hackney applicant", ("draft", "submitted"), True, "FUND-BID-MOVE"),
        ("hackney applicant", ("draft", "withdrawn"), True, "FUND-BID-MOVE"),
        ("hackney applicant", ("submitted", "withdrawn"), True, "FUND-BID-MOVE"),
        ("hackney applicant", ("assessed", "withdrawn"), False, "FUND-BID-NO-SUCH-MOVE"),
        ("hackney applicant", ("submitted", "assessed"), False, "FUND-BID-ASSESSOR"),
        ("hackney applicant", ("withdrawn", "submitted"), False, "FUND-BID-NO-SUCH-MOVE"),
        ("camden applicant", ("draft", "submitted"), False, "FUND-BID-APPLICANT"),
        ("hackney reader", ("submitted", "withdrawn"), False, "FUND-BID-APPLICANT"),
        ("assessor", ("submitted", "assessed"), True, "FUND-BID-MOVE"),
        ("secretariat", ("submitted", "assessed"), True, "FUND-BID-MOVE"),
        ("assessor", ("draft", "assessed"), False, "FUND-BID-NO-SUCH-MOVE"),
        ("assessor", ("submitted", "withdrawn"), False, "FUND-BID-APPLICANT"),
        ("secretariat", ("assessed", "allocated"), False, "FUND-BID-BY-DECISION"),
        ("secretariat", ("assessed", "recommended"), False, "FUND-BID-BY-DECISION"),
        ("hackney applicant", ("submitted", "declined"), False, "FUND-BID-BY-DECISION"),
        ("public", ("draft", "submitted"), False, "FUND-BID-SIGN-IN"),
    ],
)
def test_who_moves_a_bid_from_state_to_state(persona, move, allowed, rule_id):
    from_state, to_state = move
    verdict = rules.may_move_bid(PERSONAS[persona], hackney_bid(from_state), to_state)
    assert verdict.allowed is allowed
    assert verdict.reasons[0].rule_id == rule_id


def test_the_moves_offered_are_those_allowed():
    assert rules.moves_offered(HACKNEY_APPLICANT, hackney_bid("draft")) == (
        "submitted",
        "withdrawn",
    )
    assert rules.moves_offered(ASSESSOR, hackney_bid("submitted")) == ("assessed",)
    assert rules.moves_offered(HACKNEY_READER, hackney_bid("submitted")) == ()


def test_a_partnership_bid_belongs_to_the_applicants_of_its_members():
    bid = rules.BidFact(state="draft", owner_ids=frozenset({HACKNEY, CAMDEN}))
    assert rules.may_change_bid(CAMDEN_APPLICANT, bid).allowed
    assert not rules.may_change_bid(frozenset({MembershipFact(NHSE, "applicant")}), bid).allowed


def test_an_applicant_bids_only_for_their_own_organisation():
    assert rules.may_make_bid(HACKNEY_APPLICANT, frozenset({HACKNEY})).allowed
    assert not rules.may_make_bid(HACKNEY_APPLICANT, frozenset({CAMDEN})).allowed
    assert not rules.may_make_bid(HACKNEY_READER, frozenset({HACKNEY})).allowed
    assert not rules.may_make_bid(PUBLIC, frozenset({HACKNEY})).allowed


def test_a_submission_names_everything_missing_field_by_field():
    missing = rules.submission_missing(
        rules.Submission(
            purpose=" ",
            outcomes="",
            amounts=0,
            measures=0,
            places=0,
            assurances_without_evidence=(("clinical-support", "Clinical support"),),
        )
    )
    assert [field for field, _ in missing] == [
        "purpose",
        "outcomes",
        "amounts",
        "measures",
        "places",
        "evidence_clinical-support",
    ]
    assert "Clinical support" in missing[-1][1]


def test_a_complete_submission_misses_nothing():
    assert (
        rules.submission_missing(
            rules.Submission("For X", "Y better", 1, 1, 1, assurances_without_evidence=())
        )
        == []
    )


@pytest.mark.parametrize(
    "level, group",
    [
        ("locality", "Local"),
        ("borough", "Local"),
        ("multi_borough", "Local"),
        ("stp", "Sub-regional"),
        ("region", "Pan-London"),
        ("national", ""),
    ],
)
def test_the_spatial_levels_offered(level, group):
    assert rules.level_group(level) == group
    assert (level in rules.LEVELS) is bool(group)
