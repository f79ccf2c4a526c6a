"""Many people writing a meeting's record at once (issue 9, QUALITY R2): one success, the
rest a clear 409, never a 500, nothing lost; each on its own connection (ADR 7)."""

import datetime as dt

from django.test import Client

from devolution.core.errors import DevolutionError
from devolution.core.models import User
from devolution.governance.models import Board
from devolution.meetings.models import (
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    ItemParty,
    Meeting,
    Minutes,
    Ruling,
)
from devolution.meetings.services import (
    attendance_record,
    flag_rule,
    item_flags_refresh,
    minutes_draft,
)
from devolution.partners.models import Organisation, Place, Role
from tests.conftest import make_person
from tests.meetings.conftest import seat

SECRETARIAT = "sec@londoncouncils.example"
CHAIR = "chair@nhse.example"
ALICE = "alice@hackney.example"


def _scenario() -> int:
    """An SPB meeting with Alice (flagged on the item: Hackney serves North East London)
    and the co-chair present; the item's id."""
    make_person(SECRETARIAT, "london-councils", Role.SECRETARIAT)
    chair = make_person(CHAIR, "nhs-england-london", Role.CHAIR)
    seat(chair, organisation="nhs-england-london", office="co_chair")
    alice = make_person(ALICE, "la-hackney", Role.BOARD_MEMBER)
    meeting = Meeting.objects.create(
        key="spb-at-once",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        quorum=1,
        status="agenda_published",
    )
    for person, organisation in ((alice, "la-hackney"), (chair, "nhs-england-london")):
        Attendance.objects.create(
            meeting=meeting,
            person=person,
            kind="present",
            organisation=Organisation.objects.get(key=organisation),
        )
    item = AgendaItem.objects.create(
        meeting=meeting, key="nel-bid", title="A NEL bid", purpose="decide"
    )
    item.places.set([Place.objects.get(code="QMF")])
    ItemParty.objects.create(
        item=item,
        role="applicant",
        organisation=Organisation.objects.get(key="ccg-city-and-hackney"),
    )
    return item.pk


def _person(email: str) -> User:
    return User.objects.get(email=email)


def _status(outcome: object) -> int:
    """The HTTP status the outcome gives: a response's, a refusal's, or 500 for anything
    else raised (an IntegrityError, a deadlock)."""
    if isinstance(outcome, DevolutionError):
        return outcome.status
    if isinstance(outcome, BaseException):
        return 500
    return getattr(outcome, "status_code", 200)


def _statuses(outcomes: list[object]) -> list[int]:
    return sorted(_status(o) for o in outcomes)


def test_twenty_decisions_on_one_item_at_once_record_one_and_refuse_nineteen(db, concurrent_db):
    def ruled_scenario() -> int:
        item_id = _scenario()
        for flag in item_flags_refresh(item_id=item_id):
            flag_rule(actor=_person(CHAIR), flag_id=flag.pk, outcome="withdraw", reason="NEL")
        return item_id

    item_id = concurrent_db.setup(ruled_scenario)

    def decide(i: int) -> object:
        client = Client()
        client.force_login(_person(SECRETARIAT))
        return client.post(
            "/api/meetings/spb-at-once/items/nel-bid/decision",
            {"outcome": "agreed", "text": f"decision {i}"},
            content_type="application/json",
        )

    outcomes = concurrent_db.at_once(20, decide)
    assert _statuses(outcomes) == [201] + [409] * 19
    assert concurrent_db.read(lambda: Decision.objects.filter(item_id=item_id).count()) == 1


def test_ten_rulings_on_one_flag_at_once_give_one_ruling(db, concurrent_db):
    def flagged_scenario() -> int:
        return item_flags_refresh(item_id=_scenario())[0].pk

    flag_id = concurrent_db.setup(flagged_scenario)
    outcomes = concurrent_db.at_once(
        10,
        lambda i: flag_rule(
            actor=_person(CHAIR), flag_id=flag_id, outcome="withdraw", reason=f"ruling {i}"
        ),
    )
    assert _statuses(outcomes) == [200] + [409] * 9
    assert concurrent_db.read(lambda: Ruling.objects.filter(flag_id=flag_id).count()) == 1


def test_ten_entries_of_one_persons_attendance_at_once_leave_one_row_and_the_flag(
    db, concurrent_db
):
    def flagged_scenario() -> int:
        item_id = _scenario()
        item_flags_refresh(item_id=item_id)
        return item_id

    item_id = concurrent_db.setup(flagged_scenario)
    kinds = ("present", "apologies")
    outcomes = concurrent_db.at_once(
        10,
        lambda i: attendance_record(
            actor=_person(SECRETARIAT),
            meeting_key="spb-at-once",
            person_email=ALICE,
            organisation_key="la-hackney",
            kind=kinds[i % 2],
        ),
    )
    # Each entry replaces the one before: all are recorded in turn, none fails.
    assert _statuses(outcomes) == [200] * 10
    rows = concurrent_db.read(
        lambda: Attendance.objects.filter(meeting__key="spb-at-once", person__email=ALICE).count()
    )
    assert rows == 1
    assert concurrent_db.read(
        lambda: ConflictFlag.objects.filter(item_id=item_id, person__email=ALICE).exists()
    )


def test_ten_drafts_of_the_minutes_at_once_make_one(db, concurrent_db):
    concurrent_db.setup(_scenario)
    outcomes = concurrent_db.at_once(
        10, lambda i: minutes_draft(actor=_person(SECRETARIAT), meeting_key="spb-at-once")
    )
    assert _statuses(outcomes) == [200] + [409] * 9
    assert (
        concurrent_db.read(lambda: Minutes.objects.filter(meeting__key="spb-at-once").count()) == 1
    )
