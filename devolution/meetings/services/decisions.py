"""Decisions recorded at meetings, once, with the effect of their kind (SPEC §5, §8; ADR 5)."""

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, RuleViolation
from devolution.core.events import DecisionTaken, decision_taken
from devolution.core.events import decision_kind as decision_kind_of
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.selectors import decision_power_for
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from ..models import AgendaItem, Attendance, Decision, Ruling
from ..rules import agenda as agenda_rules
from ..rules import conflicts as rules
from .conflicts import flags_refresh_locked
from .record import meeting_record_lock


def _subject(item: AgendaItem) -> dict[str, str]:
    """What the item names, for the handlers of the decision's kind (ADR 5)."""
    subject = {}
    if item.gateway_phase is not None:
        subject["gateway_phase"] = item.gateway_phase.key
    if item.gateway_criterion is not None:
        subject["gateway_criterion"] = (
            f"{item.gateway_criterion.phase.key}:{item.gateway_criterion.key}"
        )
    if item.function is not None:
        subject["function"] = item.function.key
    return subject


def decision_record(
    *,
    actor: User,
    item_id: int,
    outcome: str,
    how: str = "consensus",
    text: str = "",
    decision_kind: str = "decide",
) -> Decision:
    """Record an item's decision, once: never once the meeting's minutes are approved, nor
    while a flag has no ruling, and only when quorate after withdrawals; binding or a
    recommendation is derived, not typed in (SPEC §5). Every check and write runs in one
    transaction with the meeting and the item locked, and the handler of the decision's
    kind makes its effect in it too: its refusal takes the decision back (ADR 5)."""
    enforce(may_keep_registers(memberships_of(actor)))
    problems = []
    if outcome not in Decision.Outcome.values:
        problems.append(Problem("the outcome is agreed, not agreed or deferred", field="outcome"))
    if how and how not in Decision.How.values:
        problems.append(Problem("the decision is reached by consensus or vote", field="how"))
    kind = decision_kind_of(decision_kind)
    if kind is None:
        problems.append(Problem("choose one of the kinds of decision", field="decision_kind"))
    if problems or kind is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        item_row = AgendaItem.objects.filter(pk=item_id).values_list("meeting_id").first()
        if item_row is None:
            raise InvalidInput([Problem("no such agenda item", field="item")])
        meeting = meeting_record_lock(item_row[0], field="outcome")
        # Outer joins to the item's names: PostgreSQL locks only the item's own row.
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("function", "gateway_phase", "gateway_criterion__phase")
            .get(pk=item_id)
        )
        item.meeting = meeting
        if Decision.objects.filter(item=item).exists():
            raise RuleViolation.refusing(
                agenda_rules.decision_once_verdict(decided=True), field="outcome"
            )
        flags = flags_refresh_locked(item)  # whoever is present now is checked, every time
        rulings = {
            r.flag_id: r.outcome for r in Ruling.objects.filter(flag__in=[f.pk for f in flags])
        }
        open_flags = rules.unruled(
            tuple(rules.Flag(f.person_id, tuple(f.reasons)) for f in flags),
            frozenset(f.person_id for f in flags if f.pk in rulings),
        )
        if open_flags:
            raise RuleViolation(
                "MTG-UNRULED-FLAG",
                f"{len(open_flags)} potential conflict(s) on this item have no "
                "ruling yet: the chairs must rule on each before a decision.",
                rules.SOURCE,
            )
        present = {
            a.person_id: a.organisation
            for a in Attendance.objects.filter(meeting=meeting, kind="present").select_related(
                "organisation"
            )
            if a.person_id is not None and a.organisation is not None
        }
        outcomes = {f.person_id: rulings[f.pk] for f in flags}
        taking_part = rules.deciders_after_rulings(frozenset(present), outcomes)
        quorum = rules.quorum_verdict(taking_part=len(taking_part), quorum=meeting.quorum)
        if not quorum.allowed:
            raise RuleViolation.refusing(quorum)
        board = meeting.board
        binding, to, reasons = None, "", []
        if item.function is not None:
            power = decision_power_for(
                board=board,
                decision_kind=kind.key,
                function_key=item.function.key,
                organisations=[present[p] for p in sorted(taking_part)],
            )
            binding, to, reasons = power.binding, power.recommendation_to or "", list(power.reasons)
        decision = Decision.objects.create(
            item=item,
            kind=kind.key,
            outcome=outcome,
            how=how,
            text=text.strip(),
            binding=binding,
            recommendation_to=to,
            power_reasons=reasons,
            recorded_by=actor,
        )
        decision.taking_part.set(list(taking_part))
        audit_record(
            actor=actor,
            action="decide",
            obj=decision,
            before=None,
            after={
                **snapshot(
                    decision, ["item", "kind", "outcome", "how", "binding", "recommendation_to"]
                ),
                "taking_part": sorted(taking_part),
            },
        )
        decision_taken(
            DecisionTaken(
                decision_id=decision.pk,
                item_id=item.pk,
                item_title=item.title,
                meeting_key=meeting.key,
                meeting_date=meeting.date,
                board_key=board.key,
                kind=kind.key,
                outcome=outcome,
                binding=binding,
                recommendation_to=to,
                resolution=decision.text,
                subject=_subject(item),
                actor=actor,
            )
        )
    return decision
