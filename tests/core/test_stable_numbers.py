"""A milestone, an action and a register entry are addressed by their number within what
they belong to (their commitment, their item, their person's register): numbered 1, 2, 3
… in the order they were added, never renumbered by a second load of the London data,
and given to rows that existed before the numbers by the migrations."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps

from devolution.commitments.models import Commitment, Milestone
from devolution.commitments.services import milestone_create
from devolution.core.loading import london_load
from devolution.core.models import User
from devolution.governance.models import Board
from devolution.meetings.interests.services import interest_declare
from devolution.meetings.models import Action, AgendaItem, Interest, Meeting
from devolution.meetings.services import action_create
from devolution.partners.models import Organisation, Role
from tests.conftest import make_person

SECRETARIAT = "sec@londoncouncils.example"
ALICE = "alice@hackney.example"


def _numbers_by_parent(rows) -> dict[int, list[int]]:
    numbers: dict[int, list[int]] = {}
    for parent, number in rows:
        numbers.setdefault(parent, []).append(number)
    return numbers


@pytest.mark.django_db
def test_london_milestones_are_numbered_in_order_and_a_second_load_keeps_them():
    before = dict(Milestone.objects.values_list("pk", "number"))
    assert before
    per_commitment = _numbers_by_parent(
        Milestone.objects.order_by("commitment_id", "id").values_list("commitment_id", "number")
    )
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in per_commitment.values())
    london_load()
    assert dict(Milestone.objects.values_list("pk", "number")) == before


@pytest.mark.django_db
def test_each_parent_numbers_its_own_and_a_number_is_not_given_twice(alice, bob, secretariat):
    commitment = Commitment.objects.filter(milestones__isnull=True).first()
    other = Commitment.objects.exclude(pk=commitment.pk).filter(milestones__isnull=True).first()
    made = [Milestone.objects.create(commitment=c, title=f"M {c.pk}") for c in (commitment, other)]
    assert [m.number for m in made] == [1, 1]
    second = Milestone.objects.create(commitment=commitment, title="second")
    made[0].delete()
    third = Milestone.objects.create(commitment=commitment, title="third")
    assert (second.number, third.number) == (2, 3)

    meeting = Meeting.objects.create(
        key="spb-2018-05-24-numbers", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    one, two = (
        AgendaItem.objects.create(meeting=meeting, order=n, key=f"item-{n}", title=f"Item {n}")
        for n in (1, 2)
    )
    hackney = Organisation.objects.get(key="la-hackney")
    actions = [
        Action.objects.create(item=item, text="x", owner_organisation=hackney)
        for item in (one, one, two)
    ]
    assert [a.number for a in actions] == [1, 2, 1]

    entries = [
        interest_declare(
            actor=secretariat, person=p, kind="employment", organisation_key="la-camden"
        )
        for p in (alice, alice, bob)
    ]
    assert [(e.person, e.number) for e in entries] == [(alice, 1), (alice, 2), (bob, 1)]


@pytest.mark.django_db
def test_the_migrations_number_the_rows_that_were_there_before(alice, bob, secretariat):
    """The migrations' numbering, run over rows numbered otherwise: each parent's rows are
    numbered 1, 2, 3 … in the order they were added."""
    commitments = import_module("devolution.commitments.migrations.0005_milestone_number")
    meetings = import_module("devolution.meetings.migrations.0006_action_and_interest_numbers")
    commitment = Commitment.objects.filter(milestones__isnull=True).first()
    first, later = (
        Milestone.objects.create(commitment=commitment, title=t, number=n)
        for t, n in (("first", 70), ("later", 9))
    )
    meeting = Meeting.objects.create(
        key="spb-2018-05-24-numbers", board=Board.objects.get(key="spb"), date=dt.date(2018, 5, 24)
    )
    item = AgendaItem.objects.create(meeting=meeting, order=1, key="numbers", title="Numbers")
    hackney = Organisation.objects.get(key="la-hackney")
    actions = [
        Action.objects.create(item=item, text="x", owner_organisation=hackney, number=n)
        for n in (5, 3)
    ]
    entries = [
        Interest.objects.create(person=p, kind="employment", organisation=hackney, number=n)
        for p, n in ((alice, 8), (bob, 4), (alice, 6))
    ]
    commitments.number_milestones(apps, None)
    meetings.number_rows(apps, None)
    assert [Milestone.objects.get(pk=m.pk).number for m in (first, later)] == [1, 2]
    assert [Action.objects.get(pk=a.pk).number for a in actions] == [1, 2]
    assert [Interest.objects.get(pk=e.pk).number for e in entries] == [1, 1, 2]
    per_commitment = _numbers_by_parent(
        Milestone.objects.order_by("commitment_id", "id").values_list("commitment_id", "number")
    )
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in per_commitment.values())


def test_eight_added_at_once_to_one_parent_take_eight_numbers(db, concurrent_db):
    """The number is given under the parent's lock: eight writers at once, each on its
    own connection, all saved, numbered 1 to 8 with none twice."""

    def scenario() -> tuple[int, str]:
        make_person(SECRETARIAT, "london-councils", Role.SECRETARIAT)
        make_person(ALICE, "la-hackney", Role.BOARD_MEMBER)
        meeting = Meeting.objects.create(
            key="spb-numbers-at-once",
            board=Board.objects.get(key="spb"),
            date=dt.date(2018, 5, 24),
        )
        item = AgendaItem.objects.create(meeting=meeting, order=1, key="bid", title="A bid")
        reference = Commitment.objects.filter(milestones__isnull=True).first().reference
        return item.pk, reference

    item_id, reference = concurrent_db.setup(scenario)

    def person(email: str) -> User:
        return User.objects.get(email=email)

    def add(i: int) -> object:
        secretariat = person(SECRETARIAT)
        action_create(
            actor=secretariat, item_id=item_id, text=f"a{i}", organisation_key="la-camden"
        )
        interest_declare(
            actor=secretariat,
            person=person(ALICE),
            kind="employment",
            organisation_key="la-camden",
            description=f"i{i}",
        )
        return milestone_create(actor=None, reference=reference, title=f"m{i}", values={})

    outcomes = concurrent_db.at_once(8, add)
    assert not [o for o in outcomes if isinstance(o, BaseException)], outcomes

    def numbers() -> tuple[list[int], ...]:
        return (
            sorted(Action.objects.filter(item_id=item_id).values_list("number", flat=True)),
            sorted(Interest.objects.filter(person__email=ALICE).values_list("number", flat=True)),
            sorted(
                Milestone.objects.filter(commitment__reference=reference).values_list(
                    "number", flat=True
                )
            ),
        )

    assert concurrent_db.read(numbers) == (list(range(1, 9)),) * 3
