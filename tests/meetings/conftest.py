"""The meetings tests' people who chair: a chair is one because the board's seats say so."""

import pytest

from devolution.core.models import User
from devolution.governance.models import Board, BoardMember
from devolution.partners.models import Organisation, Role
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
