"""The London demo: the London Health Board's members as seed 001 names them, the seats a
source says are filled without naming anyone, the seats the sources say nothing of, and
the demo accounts in their seats, all loaded again without change."""

import pytest
from django.core.management import call_command
from django.test import Client

from devolution.commitments.models import Commitment
from devolution.core.loading import london_load
from devolution.core.models import User
from devolution.governance.models import BoardMember
from devolution.governance.selectors import board_get, board_seats
from tests.governance.test_pages import tables

pytestmark = pytest.mark.django_db

# Seed 001 (Integration: Technical pack, December 2017), Governance chapter (pages 40 to
# 65), slide "The London Health Board brings together health and care partners and
# political leaders in London", under "Membership": the nine members, each with the seat
# the slide lists them under.
LHB_MEMBERS = [
    ("Sadiq Khan", "Chair: Mayor of London"),
    ("Cllr Kevin Davis", "Borough leader"),
    ("Cllr Denise Hyland", "Borough leader"),
    ("Cllr Richard Watts", "Borough leader"),
    ("Daniel Elkeles", "Provider representative"),
    ("Claire Murdoch", "Provider representative"),
    ("Jane Cummings", "Commissioner representative: NHS England London Regional Director"),
    (
        "Marc Rowland",
        "Commissioner representative: Chair, London-wide Clinical Commissioning Council",
    ),
    ("Yvonne Doyle", "Wider health and care partners: PHE London Regional Director"),
]
FILLED_UNNAMED = "Filled, name not in the sources"
NOT_IN_SOURCES = "Not in the sources"


def test_the_london_health_boards_nine_members_sit_in_their_seats_as_seed_001_names_them():
    members = BoardMember.objects.filter(board__key="lhb").select_related("seat_rule", "source")
    assert sorted((m.name, m.seat_rule.label) for m in members) == sorted(LHB_MEMBERS)
    for m in members:
        assert m.person is None  # named in the seed, not people with accounts
        assert m.source.key == "seed-001"
        assert "The London Health Board brings together" in m.location
        assert m.name in m.quote  # the seed's own line
    states, wrong = board_seats(board_get("lhb"))
    assert not wrong
    assert [s.state for s in states] == ["filled"] * len(states)


def test_the_board_page_shows_each_named_member_with_their_title_and_source():
    response = Client().get("/boards/lhb/")
    members = tables(response)["Members of London Health Board"]
    names = [row[0] for row in members]
    for name, _ in LHB_MEMBERS:
        assert any(cell.startswith(name) for cell in names), name
    murdoch = next(row for row in members if row[0].startswith("Claire Murdoch"))
    assert "Chair, Cavendish Square Group" in murdoch[0]
    assert murdoch[4].startswith("Integration: Technical pack (December 2017), Governance")
    seats = tables(response)["Seats of LHB, against their members"]
    leaders = next(row for row in seats if row[0] == "Borough leader")
    assert leaders[3] == "Cllr Kevin Davis, Cllr Denise Hyland, Cllr Richard Watts"
    assert leaders[4] == "Filled"
    assert not any("seed" in cell for row in members for cell in row)  # a citation, no file


def test_a_seat_a_source_says_is_filled_without_a_name_says_so_not_vacant():
    response = Client().get("/boards/leb/")
    seats = tables(response)["Seats of LEB, against their members"]
    pilots = next(row for row in seats if row[0] == "Devolution pilot")
    assert pilots[3] == FILLED_UNNAMED
    assert pilots[4].startswith(FILLED_UNNAMED)
    # ... with the source that says it is filled.
    assert "slide “Further governance progression”, row 3" in pilots[4]
    assert all("Vacant" not in row[4] for row in seats)
    chair = next(
        row
        for row in tables(Client().get("/boards/haringey-hwb/"))[
            "Seats of Haringey Health and Wellbeing Board, against their members"
        ]
        if row[0] == "Chair: Leader of the Council"
    )
    assert chair[3] == FILLED_UNNAMED


def test_a_seat_the_sources_say_nothing_of_says_so():
    seats = tables(Client().get("/boards/spb/"))["Seats of SPB, against their members"]
    cqc = next(row for row in seats if row[0] == "Care Quality Commission regional representative")
    assert cqc[3:] == [NOT_IN_SOURCES, NOT_IN_SOURCES]
    assert all(not row[4].startswith("Vacant") for row in seats)


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("demo_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _seat(email: str) -> BoardMember:
    return BoardMember.objects.select_related("seat_rule", "place", "organisation").get(
        person__email=email
    )


def test_the_demo_accounts_hold_the_seats_every_flow_needs(demo):
    chair = _seat("chair@demo.devolution.example")
    cochair = _seat("cochair@demo.devolution.example")
    assert (chair.board.key, chair.office) == ("spb", "co_chair")
    assert (cochair.board.key, cochair.office) == ("spb", "co_chair")
    assert chair.seat_rule.label == "NHS England London Regional Director (co-chair)"
    assert cochair.seat_rule.label == "CELC Health Lead (co-chair)"
    stps = {
        _seat(f"{name}@demo.devolution.example").place.name
        for name in ("member", "member2", "member3")
    }
    assert stps == {"North East London", "South West London", "North West London"}
    states, wrong = board_seats(board_get("spb"))
    assert not wrong  # each sits in a seat their organisation fits
    filled = {(s.slot.label, s.slot.place_name) for s in states if s.state == "filled"}
    assert ("STP borough lead", "South West London") in filled
    assert ("STP CCG lead", "North West London") in filled
    owner = User.objects.get(email="owner@demo.devolution.example")
    organisation = owner.memberships.get().organisation
    assert Commitment.objects.filter(lead_owner=organisation).exists()


def test_a_demo_account_reset_is_at_its_one_organisation_only(demo):
    from devolution.partners.models import Organisation, Role
    from devolution.partners.services import membership_grant

    owner = User.objects.get(email="owner@demo.devolution.example")
    # As an earlier version of the demo placed the owner, at the GLA.
    gla = Organisation.objects.get(key="gla")
    membership_grant(actor=None, person=owner, organisation=gla, role=Role.COMMITMENT_OWNER)
    call_command("demo_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.organisation.key for m in owner.memberships.all()] == ["nhs-england"]


def test_loading_the_data_and_the_demo_accounts_again_changes_nothing(demo, settings):
    def seats():
        return sorted(
            BoardMember.objects.values_list(
                "board__key", "seat_rule__label", "person__email", "name", "place__code", "office"
            ),
            key=repr,
        )

    before = seats()
    london_load()
    call_command("demo_accounts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert seats() == before
    assert BoardMember.objects.filter(board__key="lhb").count() == len(LHB_MEMBERS)


def test_only_the_secretariat_ends_a_persons_other_places(alice, secretariat):
    from devolution.core.errors import NotAllowed
    from devolution.partners.models import Organisation
    from devolution.partners.services import membership_grant, memberships_keep_only

    camden = Organisation.objects.get(key="la-camden")
    membership_grant(actor=None, person=alice, organisation=camden, role="board_member")
    with pytest.raises(NotAllowed):
        memberships_keep_only(actor=alice, person=alice, organisation=camden)
    assert alice.memberships.count() == 2
    assert memberships_keep_only(actor=secretariat, person=alice, organisation=camden) == 1
    assert [m.organisation.key for m in alice.memberships.all()] == ["la-camden"]
