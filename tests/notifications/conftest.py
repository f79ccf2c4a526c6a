"""The notifications tests' board: the SPB with Alice seated on it, Chris in its chair,
and a meeting whose agenda the secretariat is about to publish."""

import datetime as dt

import pytest

from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Meeting
from tests.meetings.conftest import seat

DAY = dt.date(2030, 3, 12)


@pytest.fixture
def seated(alice):
    seat(alice, organisation="la-hackney")
    return alice


@pytest.fixture
def meeting(db):
    spb = Board.objects.get(key="spb")
    meeting = Meeting.objects.create(key="spb-notify", board=spb, date=DAY, status="scheduled")
    AgendaItem.objects.create(
        meeting=meeting, key="item-1", title="Estates strategy", purpose="note"
    )
    return meeting
