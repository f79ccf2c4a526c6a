"""The register of interests and declarations (SPEC §9)."""

import datetime as dt

import pytest

from devolution.core.errors import InvalidInput, NotAllowed, StaleEdit
from devolution.governance.models import Board
from devolution.meetings.interests.services import (
    declaration_record,
    interest_declare,
    interest_end,
    register_person,
)
from devolution.meetings.models import AgendaItem, Declaration, Interest, Meeting

pytestmark = pytest.mark.django_db


def test_a_member_declares_and_ends_their_own_interest(alice):
    interest = interest_declare(
        actor=alice,
        person=alice,
        kind="Trustee",
        organisation_key="la-camden",
        start=dt.date(2017, 1, 1),
    )
    interest_end(actor=alice, interest_id=interest.pk, end=dt.date(2018, 1, 1))
    assert Interest.objects.get(pk=interest.pk).end == dt.date(2018, 1, 1)


def test_others_cannot_edit_a_members_entry_but_the_secretariat_can(alice, bob, secretariat):
    with pytest.raises(NotAllowed):
        interest_declare(actor=bob, person=alice, kind="x", organisation_key="la-camden")
    assert (
        interest_declare(
            actor=secretariat, person=alice, kind="Employment", organisation_key="la-hackney"
        ).person
        == alice
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "", "organisation_key": "la-camden"}, "kind"),
        ({"kind": "x", "organisation_key": "nowhere"}, "organisation"),
        ({"kind": "x"}, "organisation"),
        (
            {
                "kind": "x",
                "organisation_key": "la-camden",
                "start": dt.date(2018, 1, 2),
                "end": dt.date(2018, 1, 1),
            },
            "end",
        ),
    ],
)
def test_bad_entries_name_the_field_and_store_nothing(alice, kwargs, field):
    count = Interest.objects.count()
    with pytest.raises(InvalidInput) as caught:
        interest_declare(actor=alice, person=alice, **kwargs)
    assert field in {p.field for p in caught.value.problems}
    assert Interest.objects.count() == count


def test_declarations_at_a_meeting_are_recorded_by_the_secretariat(alice, secretariat):
    Meeting.objects.create(
        key="spb-reg", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    interest = interest_declare(
        actor=alice, person=alice, kind="Trustee", organisation_key="la-camden"
    )
    declaration = declaration_record(
        actor=secretariat,
        meeting_key="spb-reg",
        person=alice,
        text="Trustee of a Camden charity",
        interest_id=interest.pk,
    )
    assert declaration.interest == interest
    with pytest.raises(NotAllowed):
        declaration_record(actor=alice, meeting_key="spb-reg", person=alice, text="x")


def test_a_declaration_on_an_item_names_an_item_of_that_meeting(alice, secretariat):
    spb = Board.objects.get(key="spb")
    meeting = Meeting.objects.create(key="spb-reg", board=spb, date=dt.date(2018, 5, 24))
    other = Meeting.objects.create(key="spb-other", board=spb, date=dt.date(2018, 6, 21))
    item = AgendaItem.objects.create(meeting=meeting, key="bid", title="A bid")
    elsewhere = AgendaItem.objects.create(meeting=other, key="bid", title="Another bid")
    with pytest.raises(InvalidInput) as caught:
        declaration_record(
            actor=secretariat, meeting_key="spb-reg", person=alice, text="x", item_id=elsewhere.pk
        )
    assert [p.field for p in caught.value.problems] == ["item"]
    assert not Declaration.objects.exists()
    declaration = declaration_record(
        actor=secretariat, meeting_key="spb-reg", person=alice, text="x", item_id=item.pk
    )
    assert declaration.item == item


def test_ending_an_entry_changed_since_it_was_read_is_refused(alice, secretariat):
    interest = interest_declare(actor=alice, person=alice, kind="x", organisation_key="la-camden")
    interest_end(actor=secretariat, interest_id=interest.pk, end=dt.date(2018, 1, 1), version=1)
    with pytest.raises(StaleEdit):
        interest_end(actor=alice, interest_id=interest.pk, end=dt.date(2018, 2, 1), version=1)
    assert Interest.objects.get(pk=interest.pk).end == dt.date(2018, 1, 1)


def test_a_register_entry_is_for_oneself_unless_the_secretariat_names_someone(
    alice, bob, secretariat
):
    assert register_person(actor=alice, email="") == alice
    assert register_person(actor=alice, email=" ALICE@hackney.example ") == alice
    with pytest.raises(NotAllowed):
        register_person(actor=alice, email=bob.email)
    with pytest.raises(NotAllowed):  # a member learns nothing of who can sign in
        register_person(actor=alice, email="nobody@nowhere.example")
    assert register_person(actor=secretariat, email=bob.email) == bob
    with pytest.raises(InvalidInput) as caught:
        register_person(actor=secretariat, email="nobody@nowhere.example")
    assert [p.field for p in caught.value.problems] == ["person"]
