"""A bid's states, who may move it between them, who may see it and who may change it
(SPEC §10, §11, §15).

Who sees a bid, decided here once for every door (pages, API, downloads):

- a draft is the applicant's own work in progress: only the applicants of the
  organisation that makes the bid see it (for a bid a partnership makes, the applicants
  of the partnership's member organisations). Nobody else, not the secretariat nor an
  assessor, reads what has not been submitted; a draft withdrawn before it was ever
  submitted stays as private as a draft;
- once submitted (and when assessed, or withdrawn), the applicant's organisation (anyone
  there, of whatever role), the assessors and the secretariat see it;
- once a board has decided on it (recommended, allocated or declined) everyone sees it,
  the public included: the board's decision is public, and so is what it decided on.

Who changes it: only a draft, only by its applicants. Once submitted a bid is never
changed; it moves only: its applicant withdraws it, an assessor or the secretariat marks
it assessed, and a board's decision (services/allocations.py, never a person here)
recommends, allocates or declines it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from devolution.core.rules import Verdict, VerdictReason
from devolution.partners.rules import MembershipFact

SOURCE = (
    "SPEC §10: bids come from an organisation or partnership at a spatial level, with "
    "amount, purpose, category, outcomes and measures and assurance evidence"
)

DRAFT = "draft"
SUBMITTED = "submitted"
ASSESSED = "assessed"
RECOMMENDED = "recommended"
ALLOCATED = "allocated"
DECLINED = "declined"
WITHDRAWN = "withdrawn"
STATES = (DRAFT, SUBMITTED, ASSESSED, RECOMMENDED, ALLOCATED, DECLINED, WITHDRAWN)
# The states only a board's decision brings a bid to.
DECIDED = (RECOMMENDED, ALLOCATED, DECLINED)

APPLICANT = "applicant"
ASSESSOR = "assessor"
SECRETARIAT = "secretariat"

# The moves a person makes, by who makes them.
APPLICANT_MOVES = frozenset({(DRAFT, SUBMITTED), (DRAFT, WITHDRAWN), (SUBMITTED, WITHDRAWN)})
ASSESSOR_MOVES = frozenset({(SUBMITTED, ASSESSED)})

# The spatial levels a bid is made at (SPEC §10: local, sub-regional, pan-London), each
# with the keys of the partners' levels it takes.
LEVEL_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("local", "Local", ("locality", "borough", "multi_borough")),
    ("sub_regional", "Sub-regional", ("stp",)),
    ("pan_london", "Pan-London", ("region",)),
)
LEVELS = tuple(key for _, _, keys in LEVEL_GROUPS for key in keys)


def level_group(level_key: str) -> str:
    """The name of the group a level is offered under ("Local"), "" for none."""
    for _, name, keys in LEVEL_GROUPS:
        if level_key in keys:
            return name
    return ""


@dataclass(frozen=True)
class BidFact:
    """What the rules need of a bid: its state and the organisations it belongs to (the
    applicant organisation, or the members of the partnership that makes it)."""

    state: str
    owner_ids: frozenset[int]
    submitted: bool = False  # whether it was ever submitted


def private(bid: BidFact) -> bool:
    """A draft, or a draft withdrawn before it was submitted: its applicants' alone."""
    return bid.state == DRAFT or (bid.state == WITHDRAWN and not bid.submitted)


def _reason(rule_id: str, message: str) -> VerdictReason:
    return VerdictReason(rule_id, message, SOURCE)


SIGN_IN = _reason("FUND-BID-SIGN-IN", "Sign in to make or change a bid.")
NOT_APPLICANT = _reason(
    "FUND-BID-APPLICANT",
    "Only an applicant of the organisation making the bid may make or change it.",
)
APPLICANT_OWN = _reason("FUND-BID-OWN", "An applicant makes and changes their own bids.")
ONLY_DRAFTS = _reason(
    "FUND-BID-DRAFT-ONLY",
    "A bid cannot be changed once it has been submitted: withdraw it and make a new one.",
)
SEE_DRAFT = _reason(
    "FUND-BID-SEE-DRAFT",
    "A draft is seen only by the applicants of the organisation making the bid.",
)
SEE_SUBMITTED = _reason(
    "FUND-BID-SEE-SUBMITTED",
    "A submitted bid is seen by the organisation making it, the assessors and the secretariat.",
)
SEE_DECIDED = _reason(
    "FUND-BID-SEE-DECIDED", "Once a board has decided on a bid, everyone may read it."
)
BY_DECISION = _reason(
    "FUND-BID-BY-DECISION",
    "A bid is recommended, allocated or declined only by a board's decision at a meeting.",
)
ASSESSOR_ONLY = _reason(
    "FUND-BID-ASSESSOR",
    "Only an assessor or the secretariat marks a bid assessed.",
)
MOVE_ALLOWED = _reason("FUND-BID-MOVE", "This change of state is allowed.")
NO_SUCH_MOVE = _reason("FUND-BID-NO-SUCH-MOVE", "A bid cannot move from this state to that.")


def applicant_of(memberships: Iterable[MembershipFact], owner_ids: frozenset[int]) -> bool:
    """Whether the person is an applicant at one of the organisations owning the bid."""
    return any(m.role == APPLICANT and m.organisation_id in owner_ids for m in memberships)


def assesses(memberships: Iterable[MembershipFact]) -> bool:
    """Assessors and the secretariat read every submitted bid and mark it assessed."""
    return any(m.role in (ASSESSOR, SECRETARIAT) for m in memberships)


def may_see_bid(memberships: frozenset[MembershipFact], bid: BidFact) -> Verdict:
    if bid.state in DECIDED:
        return Verdict.allow(SEE_DECIDED)
    if private(bid):
        if applicant_of(memberships, bid.owner_ids):
            return Verdict.allow(SEE_DRAFT)
        return Verdict.refuse(SEE_DRAFT)
    if assesses(memberships) or any(m.organisation_id in bid.owner_ids for m in memberships):
        return Verdict.allow(SEE_SUBMITTED)
    return Verdict.refuse(SEE_SUBMITTED)


@dataclass(frozen=True)
class Scope:
    """What a person sees of the bids, for a selector to turn into one query: drafts
    (and drafts withdrawn unsubmitted) of `draft_owner_ids`; bids submitted (whatever
    their state since) of `owner_ids`, or of every organisation when `all_submitted`;
    and every bid a board has decided on."""

    draft_owner_ids: frozenset[int]
    owner_ids: frozenset[int]
    all_submitted: bool


def scope_of(memberships: frozenset[MembershipFact]) -> Scope:
    """The same rule as may_see_bid, over all bids at once."""
    return Scope(
        draft_owner_ids=frozenset(m.organisation_id for m in memberships if m.role == APPLICANT),
        owner_ids=frozenset(m.organisation_id for m in memberships),
        all_submitted=assesses(memberships),
    )


def may_make_bid(memberships: frozenset[MembershipFact], owner_ids: frozenset[int]) -> Verdict:
    """An applicant makes a bid for their own organisation (or a partnership it is a
    member of)."""
    if not memberships:
        return Verdict.refuse(SIGN_IN)
    if applicant_of(memberships, owner_ids):
        return Verdict.allow(APPLICANT_OWN)
    return Verdict.refuse(NOT_APPLICANT)


def may_change_bid(memberships: frozenset[MembershipFact], bid: BidFact) -> Verdict:
    """Only a draft, only by its applicants."""
    if not memberships:
        return Verdict.refuse(SIGN_IN)
    if not applicant_of(memberships, bid.owner_ids):
        return Verdict.refuse(NOT_APPLICANT)
    if bid.state != DRAFT:
        return Verdict.refuse(ONLY_DRAFTS)
    return Verdict.allow(APPLICANT_OWN)


def may_move_bid(memberships: frozenset[MembershipFact], bid: BidFact, to_state: str) -> Verdict:
    """Applicants submit and withdraw their bids; assessors and the secretariat mark a
    submitted bid assessed; a board's decision alone recommends, allocates or declines."""
    if to_state in DECIDED:
        return Verdict.refuse(BY_DECISION)
    if not memberships:
        return Verdict.refuse(SIGN_IN)
    move = (bid.state, to_state)
    if move in APPLICANT_MOVES:
        if applicant_of(memberships, bid.owner_ids):
            return Verdict.allow(MOVE_ALLOWED)
        return Verdict.refuse(NOT_APPLICANT)
    if move in ASSESSOR_MOVES:
        if assesses(memberships):
            return Verdict.allow(MOVE_ALLOWED)
        return Verdict.refuse(ASSESSOR_ONLY)
    return Verdict.refuse(NO_SUCH_MOVE)


def moves_offered(memberships: frozenset[MembershipFact], bid: BidFact) -> tuple[str, ...]:
    """The states the person may move the bid to, for the page's buttons."""
    return tuple(s for s in STATES if may_move_bid(memberships, bid, s).allowed)


@dataclass(frozen=True)
class Submission:
    """What a submission is checked for."""

    purpose: str
    outcomes: str
    amounts: int
    measures: int
    places: int
    assurances_without_evidence: tuple[tuple[str, str], ...]  # their keys and titles


def submission_missing(submission: Submission) -> list[tuple[str, str]]:
    """What a bid lacks before it may be submitted, each as (field, what to do)."""
    missing: list[tuple[str, str]] = []
    if not submission.purpose.strip():
        missing.append(("purpose", "give the bid's purpose: what the money is for"))
    if not submission.outcomes.strip():
        missing.append(("outcomes", "give the outcomes the bid will bring"))
    if submission.amounts < 1:
        missing.append(("amounts", "ask for an amount in at least one financial year"))
    if submission.measures < 1:
        missing.append(("measures", "give at least one measure of the bid's outcomes"))
    if submission.places < 1:
        missing.append(("places", "name at least one place the bid serves"))
    for key, title in submission.assurances_without_evidence:
        missing.append((f"evidence_{key}", f"give evidence for the assurance “{title}”"))
    return missing


def history_note(from_state: str, to_state: str) -> str:
    """The words of a bid's history for a change of state a person makes."""
    return {
        (DRAFT, SUBMITTED): "Submitted for assessment.",
        (DRAFT, WITHDRAWN): "Withdrawn before submission.",
        (SUBMITTED, WITHDRAWN): "Withdrawn after submission.",
        (SUBMITTED, ASSESSED): "Marked assessed.",
    }.get((from_state, to_state), "")
