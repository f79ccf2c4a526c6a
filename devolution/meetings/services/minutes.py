"""Minutes drafted from the record, edited and approved, then frozen (SPEC §8)."""

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import User
from devolution.core.selectors import audit_head
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from ..interests.models import Declaration
from ..models import Action, AgendaItem, Attendance, ConflictFlag, Meeting, Minutes
from .record import day_text, meeting_record_lock


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
    lines.append(day_text(meeting.date) + (f", {meeting.place}" if meeting.place else ""))
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
        purpose = f" (to {item.get_purpose_display().lower()})" if item.purpose else ""
        lines += ["", f"{number}. {item.title}{purpose}"]
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
            due = f", by {day_text(action.due)}" if action.due else ""
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
