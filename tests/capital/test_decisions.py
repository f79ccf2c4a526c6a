"""An approval is a board decision (ADR 5): a case brought to an LEB meeting is advised on
while the LEB is in phase 1, and approved by the LEB itself in phase 3 with the
delegation in force; conflicts are handled as for any item."""

import datetime as dt

import pytest

from devolution.capital.models import BusinessCase, CaseEvent
from devolution.capital.selectors.route import route_for
from devolution.capital.services.agenda import case_to_agenda
from devolution.core.errors import RuleViolation
from devolution.core.events import decision_kind
from devolution.meetings.models import Decision
from devolution.meetings.services import decision_record
from devolution.partners.models import Partnership, Role
from tests.conftest import make_person

from .conftest_capital import (
    LONDON,
    case_make,
    delegation_in_force,
    estates_lead,
    leb_meeting,
    leb_to_phase,
    site_make,
)

KIND = "approve_capital_business_case"


@pytest.fixture
def present(db):
    """Two members at the LEB for NHS England and Camden: neither is the case's sponsor."""
    nhse = make_person("nina@nhse.example", "nhs-england-london", Role.BOARD_MEMBER, "Nina")
    camden = make_person("bob@camden.example", "la-camden", Role.BOARD_MEMBER, "Bob")
    return [(nhse, "nhs-england-london"), (camden, "la-camden")]


def _decide(secretariat, present, ref, day, outcome="agreed"):
    meeting = leb_meeting(f"leb-{day}", day, present)
    item = case_to_agenda(actor=secretariat, ref=ref, meeting_key=meeting.key)
    assert item.function.key == "capital_business_case_approval"
    return decision_record(actor=secretariat, item_id=item.pk, outcome=outcome, decision_kind=KIND)


def test_the_kind_is_registered_by_capital_not_provisionally():
    kind = decision_kind(KIND)
    assert kind is not None and not kind.provisional and kind.handler is not None


def test_in_phase_1_the_board_advises_national_bodies(secretariat, present):
    lead = estates_lead()
    site_make("old-clinic")
    case_make(lead, "hub-1", sites=("old-clinic",))
    route = route_for(Partnership.objects.get(key=LONDON).pk)
    assert route.label == "Advice to national bodies"
    decision = _decide(secretariat, present, "hub-1", dt.date(2018, 7, 1))
    case = BusinessCase.objects.get(ref="hub-1")
    assert (case.state, case.advised_to, case.advice_supports) == (
        "advised",
        "national bodies",
        True,
    )
    assert case.decision_id == decision.pk
    assert decision.binding is False
    event = CaseEvent.objects.filter(case=case).last()
    assert (event.state_from, event.state_to, event.decision_id) == (
        "submitted",
        "advised",
        decision.pk,
    )
    assert "advised national bodies in support of the case" in event.note


def test_in_phase_3_without_the_delegation_it_still_advises(secretariat, present):
    leb_to_phase(secretariat, "phase_3")
    case_make(estates_lead(), "hub-2")
    assert route_for(Partnership.objects.get(key=LONDON).pk).label == "Advice to national bodies"
    _decide(secretariat, present, "hub-2", dt.date(2018, 7, 2))
    assert BusinessCase.objects.get(ref="hub-2").state == "advised"


def test_in_phase_3_with_the_delegation_the_board_approves(secretariat, present):
    leb_to_phase(secretariat, "phase_3")
    delegation_in_force(secretariat)
    case_make(estates_lead(), "hub-3")
    route = route_for(Partnership.objects.get(key=LONDON).pk)
    assert route.label == "Approval by the London Estates Board within its delegation"
    decision = _decide(secretariat, present, "hub-3", dt.date(2018, 7, 3))
    assert decision.binding is True
    case = BusinessCase.objects.get(ref="hub-3")
    assert (case.state, case.advised_to, case.advice_supports) == ("approved", "", None)
    assert CaseEvent.objects.filter(case=case, state_to="approved", decision=decision).exists()


def test_not_agreed_within_the_delegation_rejects(secretariat, present):
    leb_to_phase(secretariat, "phase_3")
    delegation_in_force(secretariat)
    case_make(estates_lead(), "hub-4")
    _decide(secretariat, present, "hub-4", dt.date(2018, 7, 4), outcome="not_agreed")
    assert BusinessCase.objects.get(ref="hub-4").state == "rejected"


def test_an_advised_case_comes_back_once_the_board_may_approve_it(secretariat, present):
    case_make(estates_lead(), "hub-5")
    _decide(secretariat, present, "hub-5", dt.date(2018, 7, 5))
    assert BusinessCase.objects.get(ref="hub-5").state == "advised"
    meeting = leb_meeting("leb-again", dt.date(2018, 7, 6), present)
    with pytest.raises(RuleViolation) as refused:
        case_to_agenda(actor=secretariat, ref="hub-5", meeting_key=meeting.key)
    assert refused.value.rule_id == "CAP-CASE-STATE"
    leb_to_phase(secretariat, "phase_3")
    delegation_in_force(secretariat)
    _decide(secretariat, present, "hub-5", dt.date(2018, 9, 1))
    assert BusinessCase.objects.get(ref="hub-5").state == "approved"


def test_the_sponsors_member_present_is_flagged_and_needs_a_ruling(secretariat, present):
    """Conflicts as for any item: a member present for the sponsoring CCG is flagged, and
    no decision is recorded until the chairs rule on it."""
    ccg = make_person("cara@cityandhackney.example", "ccg-city-and-hackney", Role.BOARD_MEMBER)
    case_make(estates_lead(), "hub-6")
    meeting = leb_meeting(
        "leb-conflict", dt.date(2018, 7, 7), [*present, (ccg, "ccg-city-and-hackney")]
    )
    item = case_to_agenda(actor=secretariat, ref="hub-6", meeting_key=meeting.key)
    with pytest.raises(RuleViolation) as refused:
        decision_record(actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind=KIND)
    assert refused.value.rule_id == "MTG-UNRULED-FLAG"
    assert not Decision.objects.filter(item=item).exists()
    assert BusinessCase.objects.get(ref="hub-6").state == "submitted"


def test_an_item_without_a_case_is_refused_and_nothing_is_recorded(secretariat, present):
    from devolution.meetings.agenda import ItemFields, item_save

    meeting = leb_meeting("leb-nocase", dt.date(2018, 7, 8), present)
    item = item_save(
        actor=secretariat,
        meeting_key=meeting.key,
        data=ItemFields(title="Something else", purpose="decide"),
    )
    with pytest.raises(RuleViolation) as refused:
        decision_record(actor=secretariat, item_id=item.pk, outcome="agreed", decision_kind=KIND)
    assert refused.value.rule_id == "CAP-ITEM-CASE"
    assert not Decision.objects.filter(item=item).exists()


@pytest.mark.parametrize("delegated", [False, True])
@pytest.mark.parametrize("phase", ["phase_1", "phase_2", "phase_3", "phase_4"])
def test_the_route_from_governances_data_in_each_phase(secretariat, phase, delegated):
    """The LEB moved by its own resolutions, the delegation put in place or not: the route
    read from governance's data approves only in phases 3 and 4 with the delegation."""
    leb_to_phase(secretariat, phase)
    if delegated:
        delegation_in_force(secretariat)
    route = route_for(Partnership.objects.get(key=LONDON).pk)
    deciding = delegated and phase in ("phase_3", "phase_4")
    assert route.board_decides is deciding
    assert route.label == (
        "Approval by the London Estates Board within its delegation"
        if deciding
        else "Advice to national bodies"
    )
