"""Minutes drafted from the record, edited and approved, then frozen (SPEC §8)."""

from django.db import transaction
from django.db.models import F, Max, Q

from devolution.core.errors import InvalidInput, Problem, StaleEdit
from devolution.core.models import User
from devolution.core.selectors import audit_head
from devolution.core.services import audit_record, snapshot
from devolution.partners.access import enforce, memberships_of
from devolution.partners.rules import may_keep_registers

from ..interests.models import Declaration
from ..models import Action, AgendaItem, Attendance, ConflictFlag, Meeting, Minutes
from ..selectors import HELD_STATUSES
from .record import day_text, meeting_record_lock


def _person(a: Attendance) -> str:
    if a.person_id is None:
        return a.name + (f", {a.organisation_name}" if a.organisation_name else "")
    return f"{a.person}" + (f", {a.organisation.name}" if a.organisation else "")


def _attendance_lines(attendance: list[Attendance]) -> list[str]:
    lines: list[str] = []
    for kind, heading in (
        (Attendance.Kind.PRESENT, "Present"),
        (Attendance.Kind.DEPUTY, "Deputies"),
        (Attendance.Kind.IN_ATTENDANCE, "In attendance"),
        (Attendance.Kind.APOLOGIES, "Apologies"),
        (Attendance.Kind.ABSENT, "Absent"),
    ):
        people = [a for a in attendance if a.kind == kind]
        if not people and kind not in (Attendance.Kind.PRESENT, Attendance.Kind.APOLOGIES):
            continue
        lines += ["", heading]
        for a in people:
            role = " (chair)" if a.is_chair else " (deputy chair)" if a.is_deputy else ""
            if kind == Attendance.Kind.DEPUTY:
                lines.append(f"- {a.deputy_name}, deputising for {_person(a)}")
            else:
                lines.append(f"- {_person(a)}{role}")
        if not people:
            lines.append("- None recorded")
    return lines


def _item_record(
    item: AgendaItem,
    flags: list[ConflictFlag],
    actions: list[Action],
) -> list[str]:
    """What the record says of one item: what was asked, conflicts, the decision, actions."""
    lines = []
    if item.recommendation:
        lines.append(f"The Board was asked to: {item.recommendation}")
    for flag in flags:
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
    for action in actions:
        owner = ", ".join(
            str(o) for o in (action.owner, action.owner_organisation) if o is not None
        )
        due = f", by {day_text(action.due)}" if action.due else ""
        lines.append(f"Action: {action.text} ({owner}{due})")
    return lines


def _minutes_text(meeting_id: int) -> tuple[str, str]:
    """The minutes as the record gives them: the public minutes, and the confidential
    minutes of the items taken in private. Each agenda item is a numbered minute, with
    the item's number and title as its heading; a confidential item's minute is in the
    confidential minutes, and the public minutes only say it was taken in private."""
    meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "organisation")
        .order_by("-is_chair", "-is_deputy", "person__full_name", "name")
    )
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("decision", "minutes_of__minutes")
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
    declarations = list(
        Declaration.objects.filter(meeting=meeting)
        .select_related("person", "item")
        .order_by("recorded_at", "id")
    )

    times = ""
    if meeting.starts_at is not None:
        times = f", {meeting.starts_at:%H:%M}"
        times += f" to {meeting.ends_at:%H:%M}" if meeting.ends_at else ""
    place = f", {meeting.place}" if meeting.place else ""
    head = [
        f"Minutes of the meeting of {meeting.board.name}",
        day_text(meeting.date) + times + place,
    ]
    public = [*head, *_attendance_lines(attendance)]
    confidential: list[str] = []
    declaration_lines = []
    for d in declarations:
        if d.item is not None and not d.item.public:
            declaration_lines.append(f"- {d.person} declared an interest in a confidential item.")
        else:
            on = f" (on {d.item.title})" if d.item else ""
            declaration_lines.append(f"- {d.person}{on}: {d.text}")
    if not any(i.standard == AgendaItem.Standard.DECLARATIONS for i in items):
        # An agenda without the standard item (one of the seeds'): the declarations open
        # the minutes.
        public += ["", "Declarations of interest", *(declaration_lines or ["- None declared"])]
    for number, item in enumerate(items, start=1):
        heading = f"{number}. {item.title}"
        body = _item_record(item, flags.get(item.pk, []), actions.get(item.pk, []))
        if item.standard == AgendaItem.Standard.APOLOGIES:
            sent = [a for a in attendance if a.kind in ("apologies", "deputy")]
            body.append(
                "Apologies were received from " + "; ".join(_person(a) for a in sent) + "."
                if sent
                else "No apologies were recorded."
            )
        elif item.standard == AgendaItem.Standard.DECLARATIONS:
            body += declaration_lines or ["No interests were declared."]
        elif item.standard == AgendaItem.Standard.PREVIOUS_MINUTES:
            previous = item.minutes_of
            approved = getattr(previous, "minutes", None) if previous else None
            if previous is not None and approved is not None and approved.status == "approved":
                body.append(
                    f"The minutes of the meeting of {day_text(previous.date)} were approved "
                    "as a correct record."
                )
            elif previous is not None:
                body.append(f"The minutes of the meeting of {day_text(previous.date)}.")
        if item.public:
            public += ["", heading, *body]
        else:
            public += ["", f"{number}. Confidential item: minuted in the confidential minutes."]
            confidential += ["", heading, *body]
    if confidential:
        confidential = [
            f"Confidential minutes of the meeting of {meeting.board.name}",
            day_text(meeting.date) + times + place,
            "Not for publication.",
            *confidential,
        ]
    return "\n".join(public) + "\n", ("\n".join(confidential) + "\n") if confidential else ""


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
        text, confidential = _minutes_text(meeting.pk)
        minutes = Minutes.objects.create(meeting=meeting, text=text, confidential_text=confidential)
        audit_record(
            actor=actor,
            action="draft_minutes",
            obj=minutes,
            before=None,
            after=snapshot(minutes, ["meeting", "text", "confidential_text", "status", "version"]),
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


def minutes_update(
    *,
    actor: User,
    meeting_key: str,
    text: str,
    version: int,
    confidential_text: str | None = None,
) -> Minutes:
    """The secretariat edits draft minutes (and the confidential minutes, where given);
    approved minutes never change."""
    enforce(may_keep_registers(memberships_of(actor)))
    meeting = _minutes_meeting(meeting_key)
    with transaction.atomic():
        meeting = meeting_record_lock(meeting.pk, field="text")
        minutes = _minutes_for_change(meeting, version)
        if not text.strip():
            raise InvalidInput([Problem("the minutes cannot be empty", field="text")])
        kept = ["text", "confidential_text", "version"]
        before = snapshot(minutes, kept)
        minutes.text = text.strip() + "\n"
        if confidential_text is not None:
            minutes.confidential_text = (
                confidential_text.strip() + "\n" if confidential_text.strip() else ""
            )
        minutes.version += 1
        minutes.save(update_fields=kept)
        audit_record(
            actor=actor,
            action="edit_minutes",
            obj=minutes,
            before=before,
            after=snapshot(minutes, kept),
        )
    return minutes


def minutes_approve(*, actor: User, meeting_key: str, at_meeting_key: str, version: int) -> Minutes:
    """The minutes are approved at a later meeting of the same board that has been held,
    and frozen; they become that meeting's "minutes of the previous meeting" item (the
    item is added to its agenda where it has none)."""
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
    if at.status not in HELD_STATUSES:
        raise InvalidInput(
            [
                Problem(
                    f"the meeting of {day_text(at.date)} has not been recorded as held: minutes "
                    "are approved at a meeting that has taken place",
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
        _previous_minutes_item(actor, at, meeting)
    return minutes


def _previous_minutes_item(actor: User, at: Meeting, previous: Meeting) -> AgendaItem:
    """The approving meeting's "minutes of the previous meeting" item, linked to the
    minutes it approved: its standard item if not linked to other minutes yet, else a
    new one after the items that open the agenda."""
    Meeting.objects.select_for_update().filter(pk=at.pk).first()
    standard = AgendaItem.Standard.PREVIOUS_MINUTES
    item = (
        AgendaItem.objects.filter(meeting=at, standard=standard)
        .filter(Q(minutes_of__isnull=True) | Q(minutes_of=previous))
        .order_by("order", "id")
        .first()
    )
    before = snapshot(item, ["minutes_of"]) if item is not None else None
    if item is None:
        opening = AgendaItem.objects.filter(
            meeting=at,
            standard__in=[
                AgendaItem.Standard.APOLOGIES,
                AgendaItem.Standard.DECLARATIONS,
                AgendaItem.Standard.PREVIOUS_MINUTES,
            ],
        ).aggregate(m=Max("order"))["m"]
        order = (opening or 0) + 1
        AgendaItem.objects.filter(meeting=at, order__gte=order).update(order=F("order") + 1)
        taken = AgendaItem.objects.filter(meeting=at, key__startswith="previous-minutes").count()
        item = AgendaItem(
            meeting=at,
            order=order,
            key="previous-minutes" if not taken else f"previous-minutes-{taken + 1}",
            title=f"Minutes of the meeting of {day_text(previous.date)}",
            purpose=AgendaItem.Purpose.AGREE,
            recommendation="Approve the minutes of its previous meeting as a correct record.",
            standard=standard,
        )
    item.minutes_of = previous
    item.save()
    audit_record(
        actor=actor,
        action="link_minutes",
        obj=item,
        before=before,
        after=snapshot(item, ["minutes_of"]),
    )
    return item
