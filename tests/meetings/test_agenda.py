"""A draft agenda starts from the board's work programme (SPEC §7, §8)."""

import datetime as dt

import pytest

from devolution.core.errors import InvalidInput, NotAllowed
from devolution.meetings.agenda import agenda_draft, meeting_schedule

pytestmark = pytest.mark.django_db

# Every meeting is scheduled from a start to an end time, at a place.
WHEN = {"starts_at": dt.time(14), "ends_at": dt.time(16), "place": "City Hall"}


def test_the_march_2018_spb_agenda_starts_from_annex_a(secretariat):
    # A March meeting of the SPB other than the one the seeds record (22 March 2018).
    meeting = meeting_schedule(
        actor=secretariat, board_key="spb", date=dt.date(2018, 3, 5), quorum=5, **WHEN
    )
    items = agenda_draft(actor=secretariat, meeting_key=meeting.key)
    titles = [i.title for i in items]
    assert "Draft London Estates Strategy" in titles
    assert "SPB progression to decision-making phase" in titles
    assert len(titles) == 8  # Annex A's March column
    assert agenda_draft(actor=secretariat, meeting_key=meeting.key) == []  # nothing twice


def test_a_meeting_the_plan_does_not_cover_has_no_draft(secretariat):
    meeting = meeting_schedule(actor=secretariat, board_key="spb", date=dt.date(2018, 4, 2), **WHEN)
    with pytest.raises(InvalidInput, match="plans nothing"):
        agenda_draft(actor=secretariat, meeting_key=meeting.key)


def test_only_the_secretariat_schedules(alice):
    with pytest.raises(NotAllowed):
        meeting_schedule(actor=alice, board_key="spb", date=dt.date(2018, 3, 5), **WHEN)


def test_the_recorded_march_meeting_gains_no_duplicate_of_its_annex_a_items(secretariat):
    from devolution.meetings.models import AgendaItem

    before = AgendaItem.objects.filter(meeting__key="spb-2018-03-22").count()
    added = agenda_draft(actor=secretariat, meeting_key="spb-2018-03-22")
    titles = list(
        AgendaItem.objects.filter(meeting__key="spb-2018-03-22").values_list("title", flat=True)
    )
    assert len(titles) == len(set(titles)) == before + len(added)


def test_one_meeting_a_day_per_board(secretariat):
    meeting_schedule(actor=secretariat, board_key="spb", date=dt.date(2018, 5, 24), **WHEN)
    with pytest.raises(InvalidInput, match="already has a meeting"):
        meeting_schedule(actor=secretariat, board_key="spb", date=dt.date(2018, 5, 24), **WHEN)
