"""The framework tests' people, a bid and a way to agree a framework at the SPB's meeting
(tests/meetings/conftest.py's `meeting`: 24 May 2018, three present). Imported from the
framework test modules."""

import pytest

from devolution.funding.models import Bid, Category, Fund, Proposal
from devolution.funding.rules.framework import CriterionLine
from devolution.funding.services.framework import (
    framework_agreed_from_decision,  # noqa: F401 (imported to be sure the module loads)
    framework_draft,
    framework_to_meeting,
    framework_update,
)
from devolution.meetings.services.decisions import decision_record
from devolution.partners.models import Level, Organisation, Partnership, Role
from tests.conftest import make_person
from tests.meetings.conftest import chair, meeting  # noqa: F401 (fixtures, offered with these)

CRITERIA = (
    CriterionLine("outcomes", "The outcomes it will deliver for Londoners", 3),
    CriterionLine("value", "Value for money", 2),
    CriterionLine("readiness", "Ready to deliver", 1),
)


@pytest.fixture
def assessor(db):
    return make_person("ash@nhse.example", "nhs-england-london", Role.ASSESSOR, "Ash Assessor")


@pytest.fixture
def assessor2(db):
    return make_person("bea@nhse.example", "nhs-england", Role.ASSESSOR, "Bea Assessor")


@pytest.fixture
def applicant(db):
    return make_person(
        "app@cityandhackney.example", "ccg-city-and-hackney", Role.APPLICANT, "Ann Applicant"
    )


def bid_make(ref: str = "bid-1", state: str = "submitted") -> Bid:
    fund = Fund.objects.get(key="london-transformation-funding")
    proposal = Proposal.objects.create(
        partnership=Partnership.objects.get(key="london-devolution-partnership"),
        ref=ref,
        kind="bid",
        title="Joined-up care at home in City and Hackney",
        organisation=Organisation.objects.get(key="ccg-city-and-hackney"),
    )
    return Bid.objects.create(
        proposal=proposal,
        fund=fund,
        category=Category.objects.get(fund=fund, key="unallocated"),
        level=Level.objects.get(key="borough"),
        state=state,
    )


@pytest.fixture
def bid(db):
    return bid_make()


def draft_with_criteria(secretariat, criteria=CRITERIA, scale_max: int = 5):
    draft = framework_draft(actor=secretariat, board_key="spb")
    return framework_update(
        actor=secretariat,
        framework_id=draft.pk,
        revision=draft.revision,
        title="SPB investment framework",
        scale_max=scale_max,
        criteria=criteria,
    )


def agree(secretariat, meeting, framework, outcome: str = "agreed"):  # noqa: F811
    """Bring the draft to the meeting and record the board's decision on it."""
    item = framework_to_meeting(
        actor=secretariat, framework_id=framework.pk, meeting_key=meeting.key
    )
    decision = decision_record(
        actor=secretariat,
        item_id=item.pk,
        outcome=outcome,
        text="The Board agreed the investment framework.",
        decision_kind="agree_investment_framework",
    )
    framework.refresh_from_db()
    return decision


@pytest.fixture
def agreed(secretariat, meeting):  # noqa: F811
    framework = draft_with_criteria(secretariat)
    agree(secretariat, meeting, framework)
    return framework
