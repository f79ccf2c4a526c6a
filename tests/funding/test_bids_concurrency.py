"""Bids drafted at the same moment each take their own number (B-<year>-NNN), on SQLite
and PostgreSQL alike."""

from devolution.core.models import User
from devolution.funding.models import Proposal
from devolution.funding.services.bids import bid_create
from devolution.partners.models import Role
from tests.conftest import make_person
from tests.funding.conftest_bids import full_data

EMAIL = "applicant@hackney.example"


def test_eight_drafts_at_once_take_eight_numbers(db, concurrent_db):
    concurrent_db.setup(lambda: make_person(EMAIL, "la-hackney", Role.APPLICANT).pk)

    def draft(i: int) -> str:
        person = User.objects.get(email=EMAIL)
        return bid_create(actor=person, data=full_data(title=f"Bid {i}")).proposal.ref

    outcomes = concurrent_db.at_once(8, draft)
    refs = [o for o in outcomes if isinstance(o, str)]
    assert len(refs) == 8, outcomes
    assert sorted(int(r.rsplit("-", 1)[1]) for r in refs) == list(range(1, 9))
    assert concurrent_db.read(lambda: Proposal.objects.filter(kind="bid").count()) == 8
