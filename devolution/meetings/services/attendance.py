"""Who attends a meeting, for which of their organisations, and who chairs (SPEC §8, §15)."""

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.selectors import board_facts
from devolution.partners.access import enforce, memberships_of
from devolution.partners.models import Membership, Organisation
from devolution.partners.rules import may_keep_registers

from ..models import Attendance, Meeting
from .record import meeting_record_lock


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
