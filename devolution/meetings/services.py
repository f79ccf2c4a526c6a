"""Conflicts detected, ruled on and decisions recorded at meetings, audited (SPEC §8, §9)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from devolution.core.errors import (
    InvalidInput,
    NotAllowed,
    NotFound,
    Problem,
    RuleViolation,
    StaleEdit,
)
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.services import board_move_phase, decision_power_for
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Organisation, Place
from devolution.partners.rules import may_keep_registers

from .models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    Declaration,
    Interest,
    Meeting,
    Minutes,
    Ruling,
)
from .rules import agenda as agenda_rules
from .rules import conflicts as rules
from .rules.access import may_mark_action_done

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


# ------------------------------------------- attendance, actions and minutes (the pages')


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def attendance_record(
    *,
    actor: User,
    meeting_key: str,
    person_email: str,
    organisation_key: str,
    kind: str,
    is_chair: bool = False,
    is_deputy: bool = False,
) -> Attendance:
    """The secretariat records who is present and who sent apologies, and who chairs; a
    second entry for the same person replaces the first."""
    enforce(may_keep_registers(memberships_of(actor)))
    meeting = Meeting.objects.filter(key=meeting_key).first()
    person = User.objects.filter(email__iexact=person_email.strip()).first()
    organisation = Organisation.objects.filter(key=organisation_key).first()
    problems = []
    if meeting is None:
        problems.append(Problem(f"no meeting {meeting_key!r}", field="meeting"))
    if person is None:
        problems.append(
            Problem("no one with that email address can sign in here", field="person_email")
        )
    if organisation is None:
        problems.append(Problem("choose the organisation they represent", field="organisation"))
    if kind not in Attendance.Kind.values:
        problems.append(Problem("say whether they are present or sent apologies", field="kind"))
    elif kind == Attendance.Kind.APOLOGIES and (is_chair or is_deputy):
        problems.append(
            Problem("someone who sent apologies cannot chair or deputise", field="is_chair")
        )
    if problems or meeting is None or person is None or organisation is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        row = Attendance.objects.filter(meeting=meeting, person=person).first()
        before = snapshot(row) if row else None
        if row is None:
            row = Attendance(meeting=meeting, person=person)
        row.organisation = organisation
        row.kind = kind
        row.is_chair = is_chair
        row.is_deputy = is_deputy
        row.save()
        audit_record(actor=actor, action="attendance", obj=row, before=before, after=snapshot(row))
    return row


def action_create(
    *,
    actor: User,
    item_id: int,
    text: str,
    owner_email: str = "",
    organisation_key: str = "",
    due: dt.date | None = None,
) -> Action:
    """The secretariat records an action of an item, owned by a person or an organisation."""
    enforce(may_keep_registers(memberships_of(actor)))
    item = AgendaItem.objects.filter(pk=item_id).first()
    owner = (
        User.objects.filter(email__iexact=owner_email.strip()).first()
        if owner_email.strip()
        else None
    )
    organisation = (
        Organisation.objects.filter(key=organisation_key).first() if organisation_key else None
    )
    problems = []
    if item is None:
        problems.append(Problem("no such agenda item", field="item"))
    if not text.strip():
        problems.append(Problem("say what is to be done", field="text"))
    if owner_email.strip() and owner is None:
        problems.append(
            Problem("no one with that email address can sign in here", field="owner_email")
        )
    if organisation_key and organisation is None:
        problems.append(Problem(f"no organisation {organisation_key!r}", field="organisation"))
    if not owner_email.strip() and not organisation_key:
        problems.append(
            Problem("name the person or the organisation who owns it", field="owner_email")
        )
    if problems or item is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        action = Action.objects.create(
            item=item, text=text.strip(), owner=owner, owner_organisation=organisation, due=due
        )
        audit_record(actor=actor, action="create", obj=action, before=None, after=snapshot(action))
    return action


def action_done(*, actor: User, action_id: int, done_on: dt.date, version: int) -> Action:
    """The action's owner, the people of its owning organisation or the secretariat mark
    it done: on a day between its meeting and today."""
    action = (
        Action.objects.select_related("item__meeting", "owner_organisation")
        .filter(pk=action_id)
        .first()
    )
    if action is None:
        raise NotFound("No such action.")
    enforce(
        may_mark_action_done(
            memberships_of(actor),
            person_id=actor.pk if actor.is_authenticated else None,
            owner_id=action.owner_id,
            owner_organisation_id=action.owner_organisation_id,
        )
    )
    meeting = action.item.meeting
    if done_on > timezone.localdate():
        raise InvalidInput(
            [Problem("the date it was done cannot be in the future", field="done_on")]
        )
    if done_on < meeting.date:
        raise InvalidInput(
            [
                Problem(
                    f"the date it was done cannot be before the meeting of {_day(meeting.date)}",
                    field="done_on",
                )
            ]
        )
    with transaction.atomic():
        action = (
            Action.objects.select_for_update(of=("self",))
            .select_related("item__meeting", "owner", "owner_organisation")
            .get(pk=action_id)
        )
        if action.version != version:
            raise StaleEdit(
                "Someone else changed this action after you opened it: nothing was saved. "
                "Reload the page to see their change."
            )
        if action.done_on is not None:
            raise StaleEdit(
                f"This action was already marked done on {_day(action.done_on)}: "
                "nothing was changed.",
                field="done_on",
            )
        before = snapshot(action, ["done_on", "version"])
        action.done_on = done_on
        action.version += 1
        action.save(update_fields=["done_on", "version"])
        audit_record(
            actor=actor,
            action="done",
            obj=action,
            before=before,
            after=snapshot(action, ["done_on", "version"]),
        )
    return action


def _minutes_text(meeting_id: int) -> str:
    """The minutes as the record gives them. Confidential items are left out, and only
    counted: minutes are published once approved (SPEC §8)."""
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "organisation")
        .order_by("-is_chair", "-is_deputy", "person__full_name")
    )
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision")
        .prefetch_related("decision__taking_part")
        .order_by("order", "id")
    )
    flags: dict[int, list[ConflictFlag]] = {}
    for flag in (
        ConflictFlag.objects.filter(item__meeting=meeting)
        .select_related("person", "ruling__ruled_by")
        .order_by("person__full_name")
    ):
        flags.setdefault(flag.item_id, []).append(flag)
    actions: dict[int, list[Action]] = {}
    for action in Action.objects.filter(item__meeting=meeting).select_related(
        "owner", "owner_organisation"
    ):
        actions.setdefault(action.item_id, []).append(action)

    lines = [f"Minutes of the meeting of {meeting.board.name}"]
    lines.append(_day(meeting.date) + (f", {meeting.place}" if meeting.place else ""))
    for kind, heading in Attendance.Kind.choices:
        lines += ["", str(heading)]
        people = [a for a in attendance if a.kind == kind]
        for a in people:
            role = " (chair)" if a.is_chair else " (deputy chair)" if a.is_deputy else ""
            lines.append(f"- {a.person}, {a.organisation.name}{role}")
        if not people:
            lines.append("- None recorded")
    lines += ["", "Declarations of interest"]
    declarations = list(
        Declaration.objects.filter(meeting=meeting)
        .select_related("person", "item")
        .order_by("recorded_at", "id")
    )
    for d in declarations:
        if d.item is not None and not d.item.public:
            lines.append(f"- {d.person} declared an interest in a confidential item.")
        else:
            on = f" (on {d.item.title})" if d.item else ""
            lines.append(f"- {d.person}{on}: {d.text}")
    if not declarations:
        lines.append("- None declared")
    public = [i for i in items if i.public]
    for number, item in enumerate(public, start=1):
        lines += ["", f"{number}. {item.title} (to {item.get_purpose_display().lower()})"]
        for flag in flags.get(item.pk, []):
            ruling = getattr(flag, "ruling", None)
            why = "; ".join(flag.reasons)
            if ruling is None:
                lines.append(f"Potential conflict: {flag.person} ({why}). No ruling recorded.")
            else:
                lines.append(
                    f"Conflict of interest: {flag.person} ({why}). Ruled by {ruling.ruled_by}: "
                    f"{ruling.get_outcome_display().lower()}, because {ruling.reason}"
                )
        decision = getattr(item, "decision", None)
        if decision is not None:
            how = f", by {decision.get_how_display().lower()}" if decision.how else ""
            line = f"Decision: {decision.get_outcome_display()}{how}."
            if decision.binding is False and decision.recommendation_to:
                line += f" A recommendation to {decision.recommendation_to}."
            elif decision.binding:
                line += " Binding."
            if decision.text:
                line += f" {decision.text}"
            lines.append(line)
            names = ", ".join(sorted(str(p) for p in decision.taking_part.all()))
            lines.append(f"Taking part in the decision: {names or 'none recorded'}.")
        for action in actions.get(item.pk, []):
            owner = ", ".join(
                str(o) for o in (action.owner, action.owner_organisation) if o is not None
            )
            due = f", by {_day(action.due)}" if action.due else ""
            lines.append(f"Action: {action.text} ({owner}{due})")
    confidential = len(items) - len(public)
    if confidential:
        lines += [
            "",
            f"Confidential items: {confidential}, minuted separately and not published.",
        ]
    return "\n".join(lines) + "\n"


def _minutes_frozen(minutes: Minutes) -> RuleViolation:
    at = minutes.approved_at_meeting
    reason = agenda_rules.minutes_frozen(_day(at.date) if at is not None else None)
    return RuleViolation(reason.rule_id, reason.message, reason.source, field="text")


def _minutes_meeting(meeting_key: str) -> Meeting:
    meeting = Meeting.objects.filter(key=meeting_key).first()
    if meeting is None:
        raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
    return meeting


def _meeting_status(meeting: Meeting, status: str) -> None:
    before = snapshot(meeting, ["status", "version"])
    meeting.status = status
    meeting.version += 1
    meeting.save(update_fields=["status", "version"])
    audit_record(
        actor=None,
        action="status",
        obj=meeting,
        before=before,
        after=snapshot(meeting, ["status", "version"]),
    )


def minutes_draft(*, actor: User, meeting_key: str) -> Minutes:
    """The secretariat drafts the minutes from the record, as text to edit."""
    enforce(may_keep_registers(memberships_of(actor)))
    meeting = _minutes_meeting(meeting_key)
    with transaction.atomic():
        existing = (
            Minutes.objects.select_for_update(of=("self",))
            .select_related("approved_at_meeting")
            .filter(meeting=meeting)
            .first()
        )
        if existing is not None and existing.status == Minutes.Status.APPROVED:
            raise _minutes_frozen(existing)
        if existing is not None:
            raise StaleEdit("The minutes of this meeting are already drafted: edit them.")
        minutes = Minutes.objects.create(meeting=meeting, text=_minutes_text(meeting.pk))
        audit_record(
            actor=actor,
            action="draft_minutes",
            obj=minutes,
            before=None,
            after=snapshot(minutes, ["meeting", "text", "status", "version"]),
        )
        if meeting.status in (
            Meeting.Status.SCHEDULED,
            Meeting.Status.AGENDA_PUBLISHED,
            Meeting.Status.HELD,
        ):
            _meeting_status(meeting, Meeting.Status.MINUTES_DRAFTED)
    return minutes


def _minutes_for_change(meeting: Meeting, version: int) -> Minutes:
    """The draft minutes, locked; refused if approved (frozen) or changed since read."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("approved_at_meeting")
        .filter(meeting=meeting)
        .first()
    )
    if minutes is None:
        raise InvalidInput([Problem("the minutes are not drafted yet", field="text")])
    if minutes.status == Minutes.Status.APPROVED:
        raise _minutes_frozen(minutes)
    if minutes.version != version:
        raise StaleEdit(
            "Someone else changed these minutes after you opened them: nothing was saved. "
            "Reload the page to see their change."
        )
    return minutes


def minutes_update(*, actor: User, meeting_key: str, text: str, version: int) -> Minutes:
    """The secretariat edits draft minutes; approved minutes never change."""
    enforce(may_keep_registers(memberships_of(actor)))
    meeting = _minutes_meeting(meeting_key)
    with transaction.atomic():
        minutes = _minutes_for_change(meeting, version)
        if not text.strip():
            raise InvalidInput([Problem("the minutes cannot be empty", field="text")])
        before = snapshot(minutes, ["text", "version"])
        minutes.text = text.strip() + "\n"
        minutes.version += 1
        minutes.save(update_fields=["text", "version"])
        audit_record(
            actor=actor,
            action="edit_minutes",
            obj=minutes,
            before=before,
            after=snapshot(minutes, ["text", "version"]),
        )
    return minutes


def minutes_approve(*, actor: User, meeting_key: str, at_meeting_key: str, version: int) -> Minutes:
    """The minutes are approved at a later meeting of the same board, and frozen."""
    enforce(may_keep_registers(memberships_of(actor)))
    meeting = _minutes_meeting(meeting_key)
    at = Meeting.objects.filter(key=at_meeting_key).first()
    if at is None or at.board_id != meeting.board_id or at.date <= meeting.date:
        raise InvalidInput(
            [
                Problem(
                    "choose a later meeting of the same board, where the minutes were approved",
                    field="at_meeting",
                )
            ]
        )
    with transaction.atomic():
        minutes = _minutes_for_change(meeting, version)
        before = snapshot(minutes, ["status", "approved_at_meeting", "approved_on", "version"])
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_at_meeting = at
        minutes.approved_on = at.date
        minutes.version += 1
        minutes.save(update_fields=["status", "approved_at_meeting", "approved_on", "version"])
        audit_record(
            actor=actor,
            action="approve_minutes",
            obj=minutes,
            before=before,
            after=snapshot(minutes, ["status", "approved_at_meeting", "approved_on", "version"]),
        )
        _meeting_status(meeting, Meeting.Status.MINUTES_APPROVED)
    return minutes
