"""The registry of decision kinds (ADR 5): one app per kind, handlers run only inside the
decision's transaction, and the event cannot be changed by a handler."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from devolution.core import events
from devolution.core.models import User


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry, so that kinds registered here do not outlive the test."""
    monkeypatch.setattr(events, "_KINDS", dict(events._KINDS))
    return events


def event(kind: str) -> events.DecisionTaken:
    return events.DecisionTaken(
        decision_id=1,
        item_id=1,
        item_title="An item",
        meeting_key="spb-2018-05-24",
        meeting_date=dt.date(2018, 5, 24),
        board_key="spb",
        kind=kind,
        outcome="agreed",
        binding=None,
        recommendation_to="",
        resolution="Resolved.",
        subject={"gateway_phase": "set_up"},
        actor=User(email="sec@example.org"),
    )


def test_a_kind_is_registered_by_one_app_only(registry):
    registry.register_decision_kind("approve_disposal", "Approving a disposal")
    registry.register_decision_kind("approve_disposal", "Approving a disposal")  # ready() again
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        registry.register_decision_kind("approve_disposal", "Approving a sale", print)


def test_the_area_owning_a_provisional_kinds_effect_takes_it_over(registry, db):
    kind_key = "approve_lease"  # held provisionally, until an area owns its effect
    registry.register_decision_kind(kind_key, "Approving a lease", provisional=True)
    assert registry.decision_kind(kind_key).provisional
    effects = []
    registry.register_decision_kind(kind_key, "Approving a lease", effects.append)
    # governance's provisional registration, run again, does not take it back
    registry.register_decision_kind(kind_key, "Approving", provisional=True)
    kind = registry.decision_kind(kind_key)
    assert (kind.handler, kind.provisional) == (effects.append, False)
    with transaction.atomic():
        registry.decision_taken(event(kind_key))
    assert len(effects) == 1


def test_funding_owns_the_effect_of_allocating_funding():
    from devolution.funding.events import allocation_decided

    kind = events.decision_kind("allocate_funding")
    assert (kind.handler, kind.provisional) == (allocation_decided, False)


def test_capital_owns_the_effect_of_approving_a_capital_business_case():
    from devolution.capital.events import case_decided

    kind = events.decision_kind("approve_capital_business_case")
    assert (kind.handler, kind.provisional) == (case_decided, False)


def test_an_event_outside_the_decisions_transaction_is_refused(registry):
    seen = []
    registry.register_decision_kind("approve_disposal", "Approving a disposal", seen.append)
    with pytest.raises(RuntimeError, match="inside the transaction"):
        registry.decision_taken(event("approve_disposal"))
    assert seen == []


@pytest.mark.django_db
def test_the_handler_of_the_events_kind_runs_in_the_transaction(registry):
    seen = []
    registry.register_decision_kind("approve_disposal", "Approving a disposal", seen.append)
    with transaction.atomic():
        registry.decision_taken(event("approve_disposal"))
    assert [e.subject["gateway_phase"] for e in seen] == ["set_up"]


@pytest.mark.django_db
def test_an_unregistered_kind_is_a_configuration_error(registry):
    with transaction.atomic(), pytest.raises(ImproperlyConfigured):
        registry.decision_taken(event("no_such_kind"))


def test_a_handler_cannot_change_the_event():
    taken = event("decide")
    with pytest.raises(dataclasses.FrozenInstanceError):
        taken.outcome = "not_agreed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        taken.subject["gateway_phase"] = "decision_making"  # type: ignore[index]
