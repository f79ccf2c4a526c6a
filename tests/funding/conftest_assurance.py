"""Fixtures of the assurance tests: an assessor, an applicant, a service change that closes
beds, and an SPB meeting with a public item where it is decided."""

import datetime as dt

import pytest

from devolution.funding.services import assurance as services
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.models import Role
from tests.conftest import make_person

HOSPITAL = "hospital-capacity"
ASSURANCES = (
    "patient-public-engagement",
    "clinical-support",
    "health-inequality",
    "social-care",
    HOSPITAL,
    "sufficient-investment",
)


@pytest.fixture
def assessor(db):
    return make_person("ash@nhse.example", "nhs-england-london", Role.ASSESSOR, "Ash Assessor")


@pytest.fixture
def applicant(db):
    return make_person(
        "ann@cityandhackney.example", "ccg-city-and-hackney", Role.APPLICANT, "Ann Applicant"
    )


def facts(**given) -> services.ProposalFacts:
    values = {
        "kind": "service_change",
        "title": "Close ward 7 at Homerton",
        "summary": "Twenty beds close as care moves into the community.",
        "organisation": "ccg-city-and-hackney",
        "beds_change": -20,
        "independent_review": None,
        "conditions": [],
    }
    values.update(given)
    return services.ProposalFacts(**values)


def propose(secretariat, **given):
    return services.proposal_create(actor=secretariat, facts=facts(**given))


@pytest.fixture
def decided_at(secretariat):
    """An SPB meeting with its agenda published and a public item, decided, where the
    proposal is decided."""
    meeting = Meeting.objects.create(
        key="spb-assurance",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        status="agenda_published",
    )
    item = AgendaItem.objects.create(
        meeting=meeting, key="ward-7", title="Ward 7 closure", purpose="decide", public=True
    )
    Decision.objects.create(item=item, outcome="agreed", text="Agreed the closure.")
    return item
