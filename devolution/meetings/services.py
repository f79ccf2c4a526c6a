"""Conflicts detected, ruled on and decisions recorded at meetings, audited (SPEC §8, §9)."""

from django.db import transaction

from devolution.core.errors import InvalidInput, NotAllowed, Problem, RuleViolation
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.services import board_move_phase, decision_power_for
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Place
from devolution.partners.rules import may_keep_registers

from .models import AgendaItem, Attendance, ConflictFlag, Decision, Interest, Ruling
from .rules import conflicts as rules

BROAD_LEVELS = ("region", "national")


def _ancestors() -> dict[int, frozenset[int]]:
    """Each place's ancestors below the region (see rules.conflicts._places_overlap)."""
    rows = {
        pk: (parent, level)
        for pk, parent, level in Place.objects.values_list("pk", "parent_id", "level__key")
    }
    result = {}
    for pk in rows:
        above, parent = set(), rows[pk][0]
        while parent is not None and parent in rows:
            if rows[parent][1] not in BROAD_LEVELS:
                above.add(parent)
            parent = rows[parent][0]
        result[pk] = frozenset(above)
    return result


def item_flags_refresh(*, item_id: int) -> list[ConflictFlag]:
    """Detect the potential conflicts of the members present on one item, and keep them."""
    item = AgendaItem.objects.select_related("meeting").get(pk=item_id)
    present = list(
        Attendance.objects.filter(meeting=item.meeting, kind="present")
        .select_related("organisation", "person")
        .prefetch_related("organisation__serves", "organisation__partnerships")
    )
    interests: dict[int, list[rules.Interest]] = {}
    for i in Interest.objects.filter(person__in=[a.person_id for a in present]).select_related(
        "organisation", "partnership"
    ):
        kind, target = (
            ("organisation", i.organisation)
            if i.organisation_id
            else ("partnership", i.partnership)
        )
        if target is not None:
            interests.setdefault(i.person_id, []).append(
                rules.Interest(kind, target.pk, str(target), i.start, i.end)
            )
    members = tuple(
        rules.Member(
            a.person_id,
            str(a.person),
            a.organisation_id,
            a.organisation.name,
            frozenset(p.pk for p in a.organisation.partnerships.all()),
            frozenset(p.pk for p in a.organisation.serves.all()),
            tuple(interests.get(a.person_id, ())),
        )
        for a in present
    )
    parties = tuple(
        rules.Party(
            "organisation" if p.organisation_id else "partnership",
            p.organisation_id or p.partnership_id or 0,
            str(p.organisation or p.partnership),
            p.role,
        )
        for p in item.parties.select_related("organisation", "partnership")
    )
    places = {p.pk: p.name for p in item.places.all()}
    flags = rules.detect_conflicts(
        members,
        rules.Item(parties, frozenset(places), places),
        on=item.meeting.date,
        ancestors=_ancestors(),
    )
    with transaction.atomic():
        kept = {f.person_id: f for f in ConflictFlag.objects.filter(item=item)}
        stored = []
        for flag in flags:
            row = kept.pop(flag.person_id, None)
            if row is None:
                row = ConflictFlag.objects.create(
                    item=item, person_id=flag.person_id, reasons=list(flag.reasons)
                )
                audit_record(actor=None, action="flag", obj=row, before=None, after=snapshot(row))
            stored.append(row)
        for row in kept.values():
            if not hasattr(row, "ruling"):
                audit_record(actor=None, action="unflag", obj=row, before=snapshot(row), after=None)
                row.delete()
    return stored


def flag_rule(*, actor: User, flag_id: int, outcome: str, reason: str) -> Ruling:
    """A chair, co-chair or named deputy present rules on a flag, never on their own."""
    flag = ConflictFlag.objects.select_related("item__meeting").filter(pk=flag_id).first()
    if flag is None:
        raise InvalidInput([Problem("no such flag", field="flag")])
    problems = []
    if outcome not in rules.RULINGS:
        problems.append(
            Problem(
                "the ruling is: takes full part, discussion only, or withdraws", field="outcome"
            )
        )
    if not reason.strip():
        problems.append(Problem("give the reason for the ruling", field="reason"))
    if problems:
        raise InvalidInput(problems)
    chairs = Attendance.objects.filter(meeting=flag.item.meeting, kind="present")
    verdict = rules.may_rule(
        ruler_id=actor.pk,
        flagged_id=flag.person_id,
        chair_ids=frozenset(chairs.filter(is_chair=True).values_list("person_id", flat=True)),
        deputy_ids=frozenset(chairs.filter(is_deputy=True).values_list("person_id", flat=True)),
    )
    if not verdict.allowed:
        raise NotAllowed(verdict.reasons[0].message)
    with transaction.atomic():
        if Ruling.objects.filter(flag=flag).exists():
            raise InvalidInput([Problem("this flag is already ruled on", field="flag")])
        ruling = Ruling.objects.create(
            flag=flag, outcome=outcome, reason=reason.strip(), ruled_by=actor
        )
        audit_record(
            actor=actor,
            action="rule",
            obj=ruling,
            before=None,
            after=snapshot(ruling, ["flag", "outcome", "reason"]),
        )
    return ruling


def decision_record(
    *,
    actor: User,
    item_id: int,
    outcome: str,
    how: str = "consensus",
    text: str = "",
    decision_kind: str = "decide",
) -> Decision:
    """Record an item's decision: never while a flag has no ruling, only when quorate after
    withdrawals; binding or a recommendation is derived, not typed in (SPEC §5)."""
    enforce(may_keep_registers(memberships_of(actor)))
    if outcome not in Decision.Outcome.values:
        raise InvalidInput(
            [Problem("the outcome is agreed, not agreed or deferred", field="outcome")]
        )
    item = AgendaItem.objects.select_related(
        "meeting__board__current_phase", "function", "gateway_phase"
    ).get(pk=item_id)
    item_flags_refresh(item_id=item.pk)  # whoever is present now is checked, every time
    flags = list(ConflictFlag.objects.filter(item=item).select_related("ruling"))
    open_flags = rules.unruled(
        tuple(rules.Flag(f.person_id, tuple(f.reasons)) for f in flags),
        frozenset(f.person_id for f in flags if hasattr(f, "ruling")),
    )
    if open_flags:
        raise RuleViolation(
            "MTG-UNRULED-FLAG",
            f"{len(open_flags)} potential conflict(s) on this item have no "
            "ruling yet: the chairs must rule on each before a decision.",
            rules.SOURCE,
        )
    present = {
        a.person_id: a
        for a in Attendance.objects.filter(meeting=item.meeting, kind="present").select_related(
            "organisation"
        )
    }
    outcomes = {f.person_id: f.ruling.outcome for f in flags}
    taking_part = rules.deciders_after_rulings(frozenset(present), outcomes)
    quorum = rules.quorum_verdict(taking_part=len(taking_part), quorum=item.meeting.quorum)
    if not quorum.allowed:
        raise RuleViolation("MTG-QUORUM", quorum.reasons[0].message, quorum.reasons[0].source)
    board = item.meeting.board
    binding, to, reasons = None, "", []
    if item.function is not None:
        power = decision_power_for(
            board=board,
            decision_kind=decision_kind,
            function_key=item.function.key,
            organisations=[present[p].organisation for p in taking_part],
        )
        binding, to, reasons = power.binding, power.recommendation_to or "", list(power.reasons)
    with transaction.atomic():
        decision = Decision.objects.create(
            item=item,
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
                **snapshot(decision, ["item", "outcome", "how", "binding", "recommendation_to"]),
                "taking_part": sorted(taking_part),
            },
        )
        if item.gateway_phase is not None and outcome == Decision.Outcome.AGREED:
            board_move_phase(
                actor=actor,
                board_key=board.key,
                to_phase=item.gateway_phase.key,
                resolution_date=item.meeting.date,
                resolution=f"{item.meeting}: {item.title}. {text}".strip(),
            )
    return decision
