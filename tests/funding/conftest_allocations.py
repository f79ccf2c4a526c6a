"""What the allocation tests share: a North East London bid (NHS City and Hackney CCG,
the NEL STP, QMF) to the unallocated category of London's transformation funding, SPB
meetings with members present, and the SPB brought to where it may decide (its gateway
met and moved by resolution, the delegation of transformation funding put in place, by
governance's own services)."""

import datetime as dt

from devolution.core.models import User
from devolution.funding.models import Bid, BidAmount, Category, Fund, Measure, Proposal
from devolution.governance.models import Arrangement, Board, GatewayCriterion
from devolution.governance.rules.phases import Resolution
from devolution.governance.services import (
    _spectrum_criteria,
    arrangement_activate,
    arrangement_evidence_record,
    board_move_phase,
    criterion_status_set,
)
from devolution.meetings.models import Attendance, Meeting
from devolution.partners.models import Level, Organisation, Partnership, Place, Role
from tests.conftest import make_person
from tests.meetings.conftest import seat

FUND = "london-transformation-funding"
YEAR = "2018-19"
DELEGATION = "transformation-funding-delegation-to-london"
CCG = "ccg-city-and-hackney"


def bid_make(
    ref: str,
    *,
    asked: int = 250_000,
    category: str = "unallocated",
    applicant: str = CCG,
    places: tuple[str, ...] = ("QMF",),
    state: str = "submitted",
    measures: int = 1,
) -> Bid:
    """A bid as the bids part would leave it once submitted (tests make their own: London's
    data holds none)."""
    fund = Fund.objects.get(key=FUND)
    proposal = Proposal.objects.create(
        partnership=Partnership.objects.get(pk=fund.partnership_id),
        ref=ref,
        kind="bid",
        title=f"Integrated urgent care for North East London ({ref})",
        organisation=Organisation.objects.get(key=applicant),
    )
    proposal.places.set(Place.objects.filter(code__in=places))
    bid = Bid.objects.create(
        proposal=proposal,
        fund=fund,
        category=Category.objects.get(fund=fund, key=category),
        level=Level.objects.get(key="stp"),
        outcomes="Fewer emergency admissions",
        state=state,
    )
    BidAmount.objects.create(bid=bid, year=YEAR, amount=asked)
    for n in range(1, measures + 1):
        Measure.objects.create(
            bid=bid,
            number=n,
            name="Emergency admissions a month",
            unit="admissions",
            baseline=1200,
            target=1000,
            target_date=dt.date(2019, 3, 31),
        )
    return bid


def spb_meeting(
    key: str, day: dt.date, present: list[tuple[User, str]], quorum: int = 2
) -> Meeting:
    """An SPB meeting still to be held, with these people (and the organisations they
    attend for) recorded as present."""
    meeting = Meeting.objects.create(
        key=key, board=Board.objects.get(key="spb"), date=day, quorum=quorum, status="scheduled"
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            kind="present",
            organisation=Organisation.objects.get(key=org),
            is_chair=org == "nhs-england-london",
        )
        for person, org in present
    )
    return meeting


def spb_may_decide(secretariat: User, day: dt.date = dt.date(2018, 6, 1)) -> None:
    """By resolutions of the SPB's meeting: every gateway criterion of decision-making met,
    the board moved into decision-making; and the delegation of transformation funding to
    London evidenced and made active."""
    resolution = Resolution(f"spb-{day.isoformat()}", "spb", day, "SPB: gateway met")
    for c in GatewayCriterion.objects.filter(phase__model__key="spb", phase__key="decision_making"):
        criterion_status_set(
            actor=secretariat,
            criterion_key=f"decision_making:{c.key}",
            status="met",
            resolution=resolution,
        )
    board_move_phase(
        actor=secretariat, board_key="spb", to_phase="decision_making", resolution=resolution
    )
    arrangement = Arrangement.objects.get(key=DELEGATION)
    for criterion in _spectrum_criteria(arrangement.spectrum_step):
        arrangement_evidence_record(
            actor=secretariat,
            arrangement_key=DELEGATION,
            criterion=criterion,
            evidence="Scheme of delegation signed",
            met=True,
        )
    arrangement_activate(
        actor=secretariat,
        arrangement_key=DELEGATION,
        version=Arrangement.objects.get(key=DELEGATION).version,
    )


def chair_make() -> User:
    person = make_person("chair@nhse.example", "nhs-england-london", Role.CHAIR, "Chris Chair")
    seat(person, organisation="nhs-england-london", office="co_chair")
    return person


def applicant_make() -> User:
    """A person of NHS City and Hackney CCG, the bid's applicant (its recipient)."""
    return make_person("cara@cityandhackney.example", CCG, Role.APPLICANT, "Cara Applicant")


def allocation_make(ref: str, secretariat: User, present: list[tuple[User, str]], day: dt.date):
    """A bid allocated by a binding decision of an SPB meeting on `day` (the SPB made able
    to decide first, if it is not); the Allocation."""
    from devolution.funding.models import Allocation
    from devolution.funding.services.agenda import bid_to_agenda
    from devolution.meetings.services import decision_record

    board = Board.objects.select_related("current_phase").get(key="spb")
    if board.current_phase.key != "decision_making":
        spb_may_decide(secretariat)
    bid_make(ref, measures=2)
    meeting = spb_meeting(f"spb-{day.isoformat()}", day, present)
    item = bid_to_agenda(actor=secretariat, ref=ref, meeting_key=meeting.key)
    decision_record(
        actor=secretariat,
        item_id=item.pk,
        outcome="agreed",
        text="Agreed to allocate the funding asked for.",
        decision_kind="allocate_funding",
    )
    return Allocation.objects.get(bid__proposal__ref=ref, status="allocated")
