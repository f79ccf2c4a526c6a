"""The meetings and decisions the seeds record, with their sources."""

import pytest

from devolution.core.loading import load_file
from devolution.core.models import AuditEvent
from devolution.meetings.dataset import LONDON
from devolution.meetings.models import AgendaItem, Decision, Meeting

pytestmark = pytest.mark.django_db


def test_the_spb_meetings_the_seeds_record():
    keys = set(Meeting.objects.filter(board__key="spb").values_list("key", flat=True))
    assert {
        "spb-2017-03-30",
        "spb-2017-05-24",
        "spb-2017-08-10",
        "spb-2018-01",
        "spb-2018-03-22",
    } <= keys
    assert Meeting.objects.get(key="spb-2018-01").date_precision == "month"


def test_january_2018_agreed_the_move_to_shadow_decision_making():
    decision = Decision.objects.select_related("item__gateway_phase").get(
        item__meeting__key="spb-2018-01", item__gateway_phase__key="shadow_decision_making"
    )
    assert decision.outcome == "agreed"
    assert decision.source.key in {"seed-004", "seed-001"}


def test_march_2018_asks_about_decision_making_with_no_recorded_outcome():
    item = AgendaItem.objects.get(
        meeting__key="spb-2018-03-22", gateway_phase__key="decision_making"
    )
    assert item.recommendation
    assert not Decision.objects.filter(item=item).exists()


def test_loading_meetings_again_changes_nothing():
    events = AuditEvent.objects.count()
    assert not load_file(LONDON).changed
    assert AuditEvent.objects.count() == events
