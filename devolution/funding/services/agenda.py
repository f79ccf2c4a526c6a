"""A bid brought to a meeting of its fund's board, where the board decides it (SPEC §8,
§10): the secretariat chooses the meeting; the item is made by meetings' own service, so
its numbering, version, audit and conflict checks hold as for any other item."""

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, RuleViolation
from devolution.core.models import User
from devolution.core.reports import date_text
from devolution.core.services import audit_record, snapshot
from devolution.governance.rules.decision_power import BINDING_POWER
from devolution.meetings.agenda import ItemFields, item_save
from devolution.meetings.models import AgendaItem, Decision, Meeting
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from ..events import ALLOCATE
from ..models import Bid, Proposal
from ..rules import allocations as rules
from ..selectors.allocations import UPCOMING


def _refuse(rule_id: str, message: str, field: str) -> RuleViolation:
    return RuleViolation(rule_id, message, rules.SOURCE, field=field)


def applicant_of(proposal: Proposal) -> tuple[str, str]:
    """The bid's applicant as an agenda item names its party ("organisation:<key>") and
    as a person reads it."""
    if proposal.organisation is not None:
        return f"organisation:{proposal.organisation.key}", proposal.organisation.name
    if proposal.proposer_partnership is not None:
        partnership = proposal.proposer_partnership
        return f"partnership:{partnership.key}", partnership.name
    return "", ""


def asked_of(bid: Bid) -> int:
    return sum(a.amount for a in bid.amounts.all())


def recommendation_text(bid: Bid) -> str:
    _, applicant = applicant_of(bid.proposal)
    return (
        f"Allocate {rules.pounds(asked_of(bid))} from {bid.category.name} to "
        f"{applicant or 'the applicant'}."
    )


def _check_meeting(bid: Bid, meeting: Meeting | None, meeting_key: str) -> Meeting:
    if meeting is None:
        raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
    board = bid.fund.board
    if board is None:
        raise _refuse(
            "FUND-NO-BOARD",
            f"{bid.fund.name} names no board that decides its money, so a bid to it is not "
            "brought to a meeting here.",
            "meeting",
        )
    if meeting.board_id != board.pk:
        raise InvalidInput(
            [
                Problem(
                    f"this is a meeting of {meeting.board.name}; bids to {bid.fund.name} are "
                    f"decided by {board.name}: choose one of its meetings",
                    field="meeting",
                )
            ]
        )
    if meeting.status not in UPCOMING:
        raise _refuse(
            "FUND-MEETING-UPCOMING",
            f"The meeting of {date_text(meeting.date)} is {meeting.get_status_display().lower()}"
            ": bring the bid to a meeting still to be held.",
            "meeting",
        )
    return meeting


def _check_bid(bid: Bid) -> None:
    if bid.state not in rules.DECIDABLE:
        raise _refuse(
            "FUND-BID-STATE",
            f"This bid is {bid.get_state_display().lower()}: a board decides on a bid that is "
            "submitted, assessed or recommended.",
            "bid",
        )
    if bid.state == Bid.State.RECOMMENDED:
        board = bid.fund.board
        phase = board.current_phase if board is not None else None
        if phase is None or BINDING_POWER[ALLOCATE] not in (phase.powers or ()):
            phase_name = phase.name.lower() if phase is not None else "no"
            raise _refuse(
                "FUND-RECOMMENDED-WAITS",
                "This bid has been recommended already; it comes back to the board once the "
                f"board may decide (it is in its {phase_name} phase). Until then the "
                "recommendation stands with the body that holds the power.",
                "bid",
            )
    if not bid.amounts.exists():
        raise InvalidInput(
            [Problem("the bid asks for no money in any year: record what it asks", field="bid")]
        )
    item = bid.proposal.item
    undecided = item is not None and not Decision.objects.filter(item=item).exists()
    if undecided and item is not None and item.meeting.status in UPCOMING:
        raise _refuse(
            "FUND-BID-ON-AGENDA",
            f"This bid is already on the agenda of the meeting of "
            f"{date_text(item.meeting.date)} ({item.meeting.board.name}), not yet decided.",
            "meeting",
        )


def bid_to_agenda(*, actor: User, ref: str, meeting_key: str) -> AgendaItem:
    """Bring the bid `ref` to the meeting `meeting_key` of its fund's board: an item to
    decide it, naming the fund's function (so whether the decision binds is derived),
    the bid's places and its applicant (so conflicts are found), recommending what it
    asks; the proposal then points at the item, whose decision the handler reads."""
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        bid = (
            Bid.objects.select_for_update(of=("self",))
            .select_related(
                "proposal__organisation",
                "proposal__proposer_partnership",
                "proposal__item__meeting__board",
                "fund__board__current_phase",
                "fund__function",
                "category",
            )
            .filter(proposal__ref=ref)
            .first()
        )
        if bid is None:
            raise InvalidInput([Problem(f"no bid {ref!r}", field="bid")])
        meeting = _check_meeting(
            bid,
            Meeting.objects.select_related("board").filter(key=meeting_key).first(),
            meeting_key,
        )
        _check_bid(bid)
        proposal = bid.proposal
        applicant, _ = applicant_of(proposal)
        item = item_save(
            actor=actor,
            meeting_key=meeting.key,
            data=ItemFields(
                title=proposal.title[:300],
                purpose=AgendaItem.Purpose.DECIDE,
                recommendation=recommendation_text(bid),
                function=bid.fund.function.key if bid.fund.function else "",
                places=tuple(p.code for p in proposal.places.all()),
                applicants=(applicant,) if applicant else (),
            ),
        )
        before = snapshot(proposal, ["item", "version"])
        proposal.item = item
        proposal.version += 1
        proposal.save(update_fields=["item", "version"])
        audit_record(
            actor=actor,
            action="bring_to_agenda",
            obj=proposal,
            before=before,
            after={**snapshot(proposal, ["item", "version"]), "meeting": meeting.key},
        )
    return item
