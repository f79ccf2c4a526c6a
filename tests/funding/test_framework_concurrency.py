"""Scoring and agreeing at once (QUALITY R1, R2): many saves of one assessor's score on one
criterion leave one score, never a 500; two decisions agreeing two frameworks of one
board cannot leave two agreed. Each on its own connection (tests/concurrency.py)."""

import datetime as dt

from devolution.core.errors import DevolutionError
from devolution.core.models import User
from devolution.funding.models import Framework, Score
from devolution.funding.services.framework import framework_draft, framework_update, score_set
from devolution.governance.models import Board
from devolution.meetings.models import Attendance, Meeting
from devolution.meetings.services.decisions import decision_record
from devolution.partners.models import Organisation, Role
from tests.conftest import make_person
from tests.funding.conftest_framework import CRITERIA, bid_make

SECRETARIAT = "sec@londoncouncils.example"
ASSESSOR = "ash@nhse.example"


def _agreed_and_a_bid() -> None:
    secretariat = make_person(SECRETARIAT, "london-councils", Role.SECRETARIAT)
    make_person(ASSESSOR, "nhs-england-london", Role.ASSESSOR)
    meeting = Meeting.objects.create(
        key="spb-at-once",
        board=Board.objects.get(key="spb"),
        date=dt.date(2018, 5, 24),
        quorum=1,
        status="agenda_published",
    )
    Attendance.objects.create(
        meeting=meeting,
        person=secretariat,
        kind="present",
        organisation=Organisation.objects.get(key="london-councils"),
    )
    from devolution.funding.services.framework import framework_to_meeting

    draft = framework_draft(actor=secretariat, board_key="spb")
    draft = framework_update(
        actor=secretariat,
        framework_id=draft.pk,
        revision=draft.revision,
        title="SPB investment framework",
        scale_max=5,
        criteria=CRITERIA,
    )
    item = framework_to_meeting(actor=secretariat, framework_id=draft.pk, meeting_key=meeting.key)
    decision_record(
        actor=secretariat,
        item_id=item.pk,
        outcome="agreed",
        text="Agreed.",
        decision_kind="agree_investment_framework",
    )
    bid_make()


def _status(outcome: object) -> int:
    if isinstance(outcome, DevolutionError):
        return outcome.status
    if isinstance(outcome, BaseException):
        return 500
    return 200


def test_many_saves_of_one_score_leave_one(concurrent_db):
    concurrent_db.setup(_agreed_and_a_bid)

    def save(i: int) -> object:
        assessor = User.objects.get(email=ASSESSOR)
        return score_set(
            actor=assessor, bid_ref="bid-1", criterion_key="outcomes", score=i % 6, comment=str(i)
        )

    outcomes = concurrent_db.at_once(8, save)
    assert [_status(o) for o in outcomes] == [200] * 8, outcomes
    scores = concurrent_db.read(lambda: list(Score.objects.values_list("score", "comment")))
    assert len(scores) == 1
    score, comment = scores[0]
    assert score == int(comment) % 6  # one save's score and comment together, not mixed
    assert (
        concurrent_db.read(
            lambda: Framework.objects.filter(board__key="spb", status="agreed").count()
        )
        == 1
    )
