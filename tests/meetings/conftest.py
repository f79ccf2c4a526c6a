"""The meetings tests' people who chair (a chair is one because the board's seats say so),
and issue 5's SPB meeting with an item allocating money to a North East London bid."""

import datetime as dt

import pytest

from devolution.core.models import User
from devolution.governance.models import Board, BoardMember, Function
from devolution.meetings.models import AgendaItem, Attendance, ItemParty, Meeting
from devolution.partners.models import Organisation, Place, Role
from tests.conftest import make_person


def seat(person: User, *, board: str = "spb", organisation: str, office: str = "") -> BoardMember:
    """Seat `person` on `board` for `organisation`, holding `office` (chair, co_chair,
    deputy or none)."""
    return BoardMember.objects.create(
        board=Board.objects.get(key=board),
        person=person,
        organisation=Organisation.objects.get(key=organisation),
        office=office,
    )


@pytest.fixture
def chair(db) -> User:
    """NHS England's London regional director, seated as a co-chair of the SPB (seed 001)."""
    person = make_person("chair@nhse.example", "nhs-england-london", Role.CHAIR, "Chris Chair")
    seat(person, organisation="nhs-england-london", office="co_chair")
    return person


@pytest.fixture
def meeting(alice, bob, chair, secretariat):
    spb = Board.objects.get(key="spb")
    meeting = Meeting.objects.create(
        key="spb-test", board=spb, date=dt.date(2018, 5, 24), quorum=2, status="agenda_published"
    )
    for person, org, is_chair in [
        (alice, "la-hackney", False),
        (bob, "la-camden", False),
        (chair, "nhs-england-london", True),
    ]:
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            kind="present",
            organisation=Organisation.objects.get(key=org),
            is_chair=is_chair,
        )
    return meeting


@pytest.fixture
def nel_bid(meeting):
    item = AgendaItem.objects.create(
        meeting=meeting,
        key="nel-bid",
        title="Transformation funding for a NEL bid",
        purpose="decide",
        function=Function.objects.get(key="transformation_funding"),
    )
    item.places.set([Place.objects.get(code="QMF")])
    ItemParty.objects.create(
        item=item,
        role="applicant",
        organisation=Organisation.objects.get(key="ccg-city-and-hackney"),
    )
    # The bid the item brings, whose allocation its decision writes (funding's handler).
    from tests.funding.conftest_allocations import bid_on_item

    bid_on_item(item)
    return item
