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
from devolution.core.events import DecisionTaken, decision_taken
from devolution.core.events import decision_kind as decision_kind_of
from devolution.core.models import User
from devolution.core.selectors import audit_head
from devolution.core.services import audit_record, snapshot
from devolution.governance.selectors import board_facts, decision_power_for
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Membership, Organisation, Place
from devolution.partners.rules import may_keep_registers

from .interests.models import Declaration, Interest
from .models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
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


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _minutes_frozen(minutes: Minutes, field: str = "text") -> RuleViolation:
    at = minutes.approved_at_meeting
    reason = agenda_rules.minutes_frozen(_day(at.date) if at is not None else None)
    return RuleViolation(reason.rule_id, reason.message, reason.source, field=field)


def meeting_record_lock(meeting_id: int, *, field: str) -> Meeting:
    """Lock the meeting's row for a write to its record (attendance, declarations, flags,
    rulings, decisions, actions, minutes), so such writes to one meeting run one at a
    time, and refuse the write once its minutes are approved: the record they approve
    never changes. Runs inside the write's transaction."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("board").get(pk=meeting_id)
    )
    minutes = (
        Minutes.objects.select_related("approved_at_meeting").filter(meeting_id=meeting_id).first()
    )
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        raise _minutes_frozen(minutes, field)
    return meeting


def _members_present(meeting: Meeting) -> tuple[rules.Member, ...]:
    """The members present, each with every organisation they belong to (not only the
    one they attend for) and their declared interests."""
    person_ids = list(
        Attendance.objects.filter(meeting=meeting, kind="present").values_list(
            "person_id", flat=True
        )
    )
    people = {p.pk: str(p) for p in User.objects.filter(pk__in=person_ids)}
    organisations: dict[int, dict[int, rules.MemberOrganisation]] = {}
    for membership in (
        Membership.objects.filter(person_id__in=person_ids)
        .select_related("organisation")
        .prefetch_related("organisation__serves", "organisation__partnerships")
        .order_by("organisation__name")
    ):
        org = membership.organisation
        organisations.setdefault(membership.person_id, {})[org.pk] = rules.MemberOrganisation(
            org.pk,
            org.name,
            frozenset(p.pk for p in org.partnerships.all()),
            frozenset(p.pk for p in org.serves.all()),
        )
    interests: dict[int, list[rules.Interest]] = {}
    for i in Interest.objects.filter(person__in=person_ids).select_related(
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
    return tuple(
        rules.Member(
            person,
            people[person],
            tuple(organisations.get(person, {}).values()),
            tuple(interests.get(person, ())),
        )
        for person in person_ids
    )


def _flags_refresh(item: AgendaItem) -> list[ConflictFlag]:
    """Detect the potential conflicts of the members present on one item and keep new
    ones; runs inside the caller's transaction, under its lock on the meeting. A flag
    once raised is never removed here, whoever is present now: it stays until a chair
    rules on it (a changed attendance row must not clear the way to a decision)."""
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
    found = rules.detect_conflicts(
        _members_present(item.meeting),
        rules.Item(parties, frozenset(places), places),
        on=item.meeting.date,
        ancestors=_ancestors(),
    )
    kept = {f.person_id: f for f in ConflictFlag.objects.filter(item=item)}
    for flag in found:
        if flag.person_id not in kept:
            row = ConflictFlag.objects.create(
                item=item, person_id=flag.person_id, reasons=list(flag.reasons)
            )
            audit_record(actor=None, action="flag", obj=row, before=None, after=snapshot(row))
            kept[row.person_id] = row
    return list(kept.values())


def item_flags_refresh(*, item_id: int) -> list[ConflictFlag]:
    """Detect the potential conflicts of the members present on one item, and keep them
    with the flags raised before."""
    with transaction.atomic():
        item = AgendaItem.objects.filter(pk=item_id).first()
        if item is None:
            raise InvalidInput([Problem("no such agenda item", field="item")])
        item.meeting = meeting_record_lock(item.meeting_id, field="item")
        return _flags_refresh(item)


def flag_rule(*, actor: User, flag_id: int, outcome: str, reason: str) -> Ruling:
    """A chair, co-chair or deputy, as the board's seats name them and present at the
    meeting, rules on a flag, never on their own (SPEC §9)."""
    problems = []
    if outcome not in rules.RULINGS:
        problems.append(
            Problem(
                "the ruling is: takes full part, discussion only, or withdraws", field="outcome"
            )
        )
    if not reason.strip():
        problems.append(Problem("give the reason for the ruling", field="reason"))
    with transaction.atomic():
        flag = ConflictFlag.objects.filter(pk=flag_id).first()
        if flag is None:
            raise InvalidInput([Problem("no such flag", field="flag"), *problems])
        meeting = meeting_record_lock(
            AgendaItem.objects.values_list("meeting_id", flat=True).get(pk=flag.item_id),
            field="flag",
        )
        seats = board_facts(meeting.board_id)
        verdict = rules.may_rule(
            ruler_id=actor.pk,
            flagged_id=flag.person_id,
            present_ids=frozenset(
                Attendance.objects.filter(meeting=meeting, kind="present").values_list(
                    "person_id", flat=True
                )
            ),
            chair_ids=seats.chair_ids,
            deputy_ids=seats.deputy_ids,
        )
        if not verdict.allowed:
            raise NotAllowed(verdict.reasons[0].message)
        if problems:
            raise InvalidInput(problems)
        once = rules.ruling_once_verdict(ruled=Ruling.objects.filter(flag=flag).exists())
        if not once.allowed:
            raise RuleViolation.refusing(once, field="flag")
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
        flags = _flags_refresh(item)  # whoever is present now is checked, every time
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
            a.person_id: a
            for a in Attendance.objects.filter(meeting=meeting, kind="present").select_related(
                "organisation"
            )
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
                organisations=[present[p].organisation for p in sorted(taking_part)],
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


# ------------------------------------------- attendance, actions and minutes (the pages')


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
    """The secretariat records who is present and who sent apologies, each for one of
    their own organisations, and who chairs or deputises: only someone the board's seats
    make a chair or co-chair (or a deputy) is recorded as one. A second entry for the same
    person replaces the first; the flags raised on them stay."""
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
    elif (
        person is not None
        and not Membership.objects.filter(person=person, organisation=organisation).exists()
    ):
        problems.append(
            Problem(
                f"{person} does not belong to {organisation.name}: choose one of their own "
                "organisations",
                field="organisation",
            )
        )
    if kind not in Attendance.Kind.values:
        problems.append(Problem("say whether they are present or sent apologies", field="kind"))
    elif kind == Attendance.Kind.APOLOGIES and (is_chair or is_deputy):
        problems.append(
            Problem("someone who sent apologies cannot chair or deputise", field="is_chair")
        )
    if meeting is not None and person is not None and (is_chair or is_deputy):
        seats = board_facts(meeting.board_id)
        if is_chair and not seats.chairs(person.pk):
            problems.append(
                Problem(
                    f"{person} holds no chair's or co-chair's seat on this board",
                    field="is_chair",
                )
            )
        if is_deputy and not seats.deputises(person.pk):
            problems.append(
                Problem(f"{person} holds no deputy chair's seat on this board", field="is_deputy")
            )
    if problems or meeting is None or person is None or organisation is None:
        raise InvalidInput(problems)
    with transaction.atomic():
        meeting = meeting_record_lock(meeting.pk, field="meeting")
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
    """The secretariat records an action of an item, owned by a person or an organisation;
    not once the meeting's minutes are approved."""
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
        meeting_record_lock(item.meeting_id, field="text")
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
        meeting = meeting_record_lock(meeting.pk, field="text")
        existing = Minutes.objects.filter(meeting=meeting).first()
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
    """The draft minutes, refused if changed since read; the caller holds the meeting's
    lock (meeting_record_lock), which has refused approved minutes already."""
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise InvalidInput([Problem("the minutes are not drafted yet", field="text")])
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
        meeting = meeting_record_lock(meeting.pk, field="text")
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
        meeting = meeting_record_lock(meeting.pk, field="text")
        minutes = _minutes_for_change(meeting, version)
        approval = ["status", "approved_at_meeting", "approved_on", "audit_head", "version"]
        before = snapshot(minutes, approval)
        minutes.status = Minutes.Status.APPROVED
        minutes.approved_at_meeting = at
        minutes.approved_on = at.date
        # The chain's head as the minutes approve it: the approval's own event follows.
        minutes.audit_head = audit_head()
        minutes.version += 1
        minutes.save(update_fields=approval)
        audit_record(
            actor=actor,
            action="approve_minutes",
            obj=minutes,
            before=before,
            after=snapshot(minutes, approval),
        )
        _meeting_status(meeting, Meeting.Status.MINUTES_APPROVED)
    return minutes
