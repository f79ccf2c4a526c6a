"""Every write to boards, phases, gateways, functions and arrangements, audited."""

from collections.abc import Mapping

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, RuleViolation, StaleEdit
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Membership, Organisation, Place
from devolution.partners.rules import may_keep_registers

from .models import (
    Arrangement,
    ArrangementEvidence,
    Board,
    BoardChair,
    BoardMember,
    GatewayCriterion,
    Phase,
    PhaseMove,
    SeatRule,
)
from .rules.access import may_keep_criterion
from .rules.legal import CheckResult, Party, Proposal, check_arrangement
from .rules.phases import (
    BY_RESOLUTION_SOURCE,
    CriterionFact,
    Resolution,
    phase_move_verdict,
    resolution_verdict,
)
from .selectors import boards_gated_by


def board_move_phase(
    *,
    actor: User,
    board_key: str,
    to_phase: str,
    resolution: Resolution,
) -> PhaseMove:
    """Record a board's move to another phase by a resolution of its own meeting (SPEC §4):
    forward one phase at a time and only when every criterion of its gateway is met;
    back at any time. Called by the handler of the board's decision (governance.events),
    inside the transaction that records the decision; a role alone moves nothing.
    """
    enforce(may_keep_registers(memberships_of(actor)))  # the secretariat records it
    by_resolution = resolution_verdict(board_key, resolution)
    if not by_resolution.allowed:
        raise RuleViolation.refusing(by_resolution, field="resolution")
    with transaction.atomic():
        board = Board.objects.select_for_update().filter(key=board_key).first()
        if board is None:
            raise InvalidInput([Problem(f"no board {board_key!r}", field="board")])
        if board.phase_model_id is None:
            raise RuleViolation(
                "GOV-PHASE-NO-MODEL",
                f"{board.name} has no phase model.",
                "Devolution's rules for boards' phases",
            )
        target = Phase.objects.filter(model_id=board.phase_model_id, key=to_phase).first()
        if target is None:
            raise InvalidInput(
                [Problem(f"{board.name} has no phase {to_phase!r}", field="to_phase")]
            )
        current = board.current_phase
        gateway = tuple(
            CriterionFact(c.key, c.text, c.status, c.inferred)
            for c in GatewayCriterion.objects.filter(phase=target)
        )
        verdict = phase_move_verdict(current.order if current else None, target.order, gateway)
        if not verdict.allowed:
            raise RuleViolation.refusing(verdict, field="to_phase")
        before = snapshot(board, ["current_phase", "version"])
        move = PhaseMove.objects.create(
            board=board,
            from_phase=current,
            to_phase=target,
            direction=PhaseMove.Direction.BACK
            if current and target.order < current.order
            else PhaseMove.Direction.FORWARD,
            resolution_date=resolution.date,
            resolution=resolution.text.strip(),
            recorded_by=actor,
        )
        board.current_phase = target
        board.version += 1
        board.save(update_fields=["current_phase", "version"])
        audit_record(
            actor=actor,
            action="move_phase",
            obj=board,
            before=before,
            after={
                **snapshot(board, ["current_phase", "version"]),
                "resolution": move.resolution,
                "resolution_date": resolution.date.isoformat(),
                "meeting": resolution.meeting_key,
            },
        )
    return move


def criterion_status_set(
    *, actor: User, criterion_key: str, status: str, resolution: Resolution
) -> GatewayCriterion:
    """A gateway criterion of the board's next phases marked met, ongoing or not started,
    by a resolution of the board's own meeting (SPEC §4), from the handler of its decision.
    `criterion_key` is "<phase key>:<criterion key>" within the board's phase model."""
    enforce(may_keep_registers(memberships_of(actor)))  # the secretariat records it
    by_resolution = resolution_verdict(resolution.board_key, resolution)
    if not by_resolution.allowed:
        raise RuleViolation.refusing(by_resolution, field="resolution")
    if status not in GatewayCriterion.Status.values:
        raise InvalidInput([Problem("status must be not started, ongoing or met", field="status")])
    phase_key, _, key = criterion_key.partition(":")
    with transaction.atomic():
        board = Board.objects.filter(key=resolution.board_key).first()
        criterion = (
            GatewayCriterion.objects.select_for_update()
            .filter(phase__model_id=board.phase_model_id, phase__key=phase_key, key=key)
            .first()
            if board is not None and board.phase_model_id is not None
            else None
        )
        if criterion is None:
            raise RuleViolation(
                "GOV-RESOLUTION-OTHER-BOARD",
                "The item names no gateway criterion of this board's phases: only a "
                "resolution of the board's own meeting changes its criteria.",
                BY_RESOLUTION_SOURCE,
                field="gateway_criterion",
            )
        before = snapshot(criterion, ["status", "inferred", "version"])
        criterion.status = status
        # The board has now resolved it: the status is stated, no longer inferred.
        criterion.inferred = False
        criterion.version += 1
        criterion.save(update_fields=["status", "inferred", "version"])
        audit_record(
            actor=actor,
            action="resolve_criterion",
            obj=criterion,
            before=before,
            after={
                **snapshot(criterion, ["status", "inferred", "version"]),
                "resolution": resolution.text.strip(),
                "resolution_date": resolution.date.isoformat(),
                "meeting": resolution.meeting_key,
            },
        )
    return criterion


CRITERION_EDITABLE = ("owner", "evidence", "note")


def criterion_update(
    *, actor: User, criterion_id: int, version: int, data: Mapping[str, str]
) -> GatewayCriterion:
    """The secretariat and the gated board's chairs (by its seats) keep a criterion's owner,
    evidence and note. Its status changes only by a resolution of the board's meeting
    (criterion_status_set), never by a role."""
    phase_id = GatewayCriterion.objects.filter(pk=criterion_id).values_list("phase_id").first()
    if phase_id is None:
        raise InvalidInput([Problem("no such gateway criterion", field="criterion")])
    enforce(
        may_keep_criterion(
            memberships_of(actor),
            person_id=actor.pk if actor.is_authenticated else None,
            boards=boards_gated_by(phase_id[0]),
        )
    )
    if "status" in data:
        raise RuleViolation(
            "GOV-CRITERION-BY-RESOLUTION",
            "A gateway criterion's status changes only by a resolution of the board's "
            "meeting: the secretariat records the decision on the meeting's agenda item.",
            BY_RESOLUTION_SOURCE,
            field="status",
        )
    unknown = sorted(set(data) - set(CRITERION_EDITABLE))
    if unknown:
        raise InvalidInput([Problem("this field cannot be changed here", field=f) for f in unknown])
    with transaction.atomic():
        criterion = GatewayCriterion.objects.select_for_update().get(pk=criterion_id)
        if criterion.version != version:
            raise StaleEdit(
                "This criterion was changed by someone else. Nothing was saved: "
                "reload the page and try again."
            )
        before = snapshot(criterion, list(data))
        for name, value in data.items():
            setattr(criterion, name, (value or "").strip())
        criterion.version += 1
        criterion.save()
        audit_record(
            actor=actor,
            action="update",
            obj=criterion,
            before=before,
            after=snapshot(criterion, list(data)),
        )
    return criterion


# --- Arrangements: checked against the legal framework before they may be active --------


def _spectrum_criteria(step: str) -> list[str]:
    from .legal import governance_data

    for entry in governance_data()["legal"]["spectrum"]:
        if entry["key"] == step:
            return [str(c) for c in entry.get("criteria") or []]
    return []


def arrangement_proposal(arrangement: Arrangement) -> Proposal:
    """The arrangement as a proposal the legal rules can judge."""
    fn = arrangement.function
    giver_type = (
        arrangement.from_organisation.type
        if arrangement.from_organisation
        else fn.original_holder_type
    )
    holds = "original" if giver_type == fn.original_holder_type else "delegated"
    if arrangement.form == "internal_delegation" or arrangement.to_board_id:
        taker_types = [giver_type]
    else:
        taker_types = list(arrangement.to_organisation_types) or [
            o.type for o in arrangement.to_organisations.all()
        ]
    parties = (Party(giver_type, holds), *(Party(t, None) for t in taker_types[:1] or [""]))
    return Proposal(
        form=arrangement.form or "seat_at_table",
        function=fn.key,
        parties=parties,
        decision_making=arrangement.spectrum_step in {"co_commissioning", "delegated_commissioning"}
        and arrangement.form not in {"delegation", "internal_delegation", "transfer"},
        region="london",
        level=arrangement.level.key if arrangement.level else None,
        case_for_level=arrangement.case_for_level,
        all_parties_agree=arrangement.all_parties_agree,
    )


def arrangement_check(arrangement: Arrangement) -> CheckResult:
    from .legal import framework

    return check_arrangement(arrangement_proposal(arrangement), framework())


def arrangement_evidence_record(
    *,
    actor: User,
    arrangement_key: str,
    criterion: str,
    evidence: str,
    met: bool,
    version: int | None = None,
) -> ArrangementEvidence:
    """The secretariat records the evidence against one criterion of the spectrum step.

    `version` is the evidence's version as the person saw it (0 for none yet): evidence
    recorded meanwhile by someone else is not overwritten (QUALITY R2)."""
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        arrangement = Arrangement.objects.select_for_update().filter(key=arrangement_key).first()
        if arrangement is None:
            raise InvalidInput([Problem(f"no arrangement {arrangement_key!r}", field="key")])
        if criterion not in _spectrum_criteria(arrangement.spectrum_step):
            raise InvalidInput(
                [Problem("not a criterion of this step of the spectrum", field="criterion")]
            )
        row = ArrangementEvidence.objects.filter(
            arrangement=arrangement, criterion=criterion
        ).first()
        if version is not None and (row.version if row else 0) != version:
            raise StaleEdit(
                "The evidence for this criterion was recorded by someone else meanwhile. "
                "Nothing was saved: reload the page and try again."
            )
        before = snapshot(row, ["evidence", "met"]) if row else None
        if row is None:
            row = ArrangementEvidence(arrangement=arrangement, criterion=criterion, version=0)
        row.evidence, row.met = evidence.strip(), met
        row.version += 1
        row.save()
        audit_record(
            actor=actor,
            action="record_evidence",
            obj=row,
            before=before,
            after=snapshot(row, ["evidence", "met"]),
        )
    return row


def arrangement_activate(*, actor: User, arrangement_key: str, version: int) -> Arrangement:
    """Make an arrangement active: only if the legal rules allow it and every criterion of
    its step on the spectrum is met with evidence (SPEC §5)."""
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        arrangement = (
            Arrangement.objects.select_for_update(of=("self",))
            .select_related("function", "from_organisation", "level")
            .get(key=arrangement_key)
        )
        if arrangement.version != version:
            raise StaleEdit(
                "This arrangement was changed by someone else. Nothing was saved: "
                "reload the page and try again."
            )
        if arrangement.status == Arrangement.Status.ACTIVE:
            raise InvalidInput([Problem("the arrangement is already active", field="status")])
        result = arrangement_check(arrangement)
        if not result.allowed:
            first = result.reasons[0]
            raise RuleViolation(
                first.rule_id, "; ".join(r.message for r in result.reasons), first.source
            )
        met = set(
            ArrangementEvidence.objects.filter(arrangement=arrangement, met=True)
            .exclude(evidence="")
            .values_list("criterion", flat=True)
        )
        missing = [c for c in _spectrum_criteria(arrangement.spectrum_step) if c not in met]
        if missing:
            raise RuleViolation(
                "GOV-SPECTRUM-CRITERIA",
                "These criteria of the spectrum have no evidence yet: " + "; ".join(missing),
                "“Integration: Technical pack” (December 2017), Governance: NHS England's "
                "devolution spectrum, 'criteria to meet'",
            )
        before = snapshot(arrangement, ["status", "version"])
        arrangement.status = Arrangement.Status.ACTIVE
        arrangement.version += 1
        arrangement.save(update_fields=["status", "version"])
        audit_record(
            actor=actor,
            action="activate",
            obj=arrangement,
            before=before,
            after=snapshot(arrangement, ["status", "version"]),
        )
    return arrangement


# --- Seats: filled by people, kept by the secretariat ------------------------------------


def board_member_add(
    *,
    actor: User,
    board_key: str,
    seat_rule_id: int,
    person_email: str,
    organisation_key: str,
    place_code: str | None = None,
    office: str = "",
) -> BoardMember:
    """Seat a person on a board for an organisation (and place, for per-place seats).

    The seat's fit is not refused here: the board page shows a wrongly filled seat, as
    boards do seat people before their nominations are tidy (SPEC §3).
    """
    enforce(may_keep_registers(memberships_of(actor)))
    problems = []
    board = Board.objects.filter(key=board_key).first()
    rule = SeatRule.objects.filter(pk=seat_rule_id, board=board).first() if board else None
    person = User.objects.filter(email=person_email.strip().lower(), is_active=True).first()
    organisation = Organisation.objects.filter(key=organisation_key).first()
    place = Place.objects.filter(code=place_code).first() if place_code else None
    if board is None:
        problems.append(Problem(f"no board {board_key!r}", field="board"))
    if board is not None and rule is None:
        problems.append(Problem("no such seat on this board", field="seat"))
    if person is None:
        problems.append(Problem("no active person with this email address", field="person"))
    if organisation is None:
        problems.append(Problem(f"no organisation {organisation_key!r}", field="organisation"))
    if place_code and place is None:
        problems.append(Problem(f"no place {place_code!r}", field="place"))
    if rule is not None and rule.per_level_id and place is None:
        problems.append(Problem("this seat is one per place: say which place", field="place"))
    if office and office not in BoardChair.Role.values:
        problems.append(
            Problem("the office is chair, co-chair, deputy chair or none", field="office")
        )
    if (
        person is not None
        and organisation is not None
        and not Membership.objects.filter(person=person, organisation=organisation).exists()
    ):
        problems.append(
            Problem(
                f"{person} has no place at {organisation.name}: a seat is held for one of "
                "the person's own organisations",
                field="organisation",
            )
        )
    if problems or board is None or person is None or organisation is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        # The board's row is the lock for its seats: two people seating the same person at
        # once give one seat and one refusal.
        Board.objects.select_for_update().filter(pk=board.pk).first()
        if BoardMember.objects.filter(board=board, person=person).exists():
            raise RuleViolation(
                "GOV-ONE-SEAT",
                f"{person} already holds a seat on {board.name}.",
                "Devolution's rules for seats: seats are specified by rule and filled by people",
                field="person",
            )
        member = BoardMember.objects.create(
            board=board,
            seat_rule=rule,
            person=person,
            organisation=organisation,
            place=place,
            office=office,
        )
        audit_record(actor=actor, action="seat", obj=member, before=None, after=snapshot(member))
    return member


def board_member_remove(*, actor: User, member_id: int) -> None:
    enforce(may_keep_registers(memberships_of(actor)))
    with transaction.atomic():
        member = BoardMember.objects.select_for_update().filter(pk=member_id).first()
        if member is None:
            raise InvalidInput([Problem("no such member", field="member")])
        before = snapshot(member)
        audit_record(actor=actor, action="unseat", obj=member, before=before, after=None)
        member.delete()
