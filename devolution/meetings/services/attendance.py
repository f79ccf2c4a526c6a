"""Who attends a meeting, for which of their organisations, and who chairs (SPEC §8, §15)."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from devolution.core.errors import InvalidInput, Problem
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.models import BoardMember
from devolution.governance.rules.access import CHAIR_OFFICES, DEPUTY_OFFICES
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
    if kind not in (Attendance.Kind.PRESENT, Attendance.Kind.APOLOGIES):
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


@dataclass(frozen=True)
class SeatCall:
    """One seat's line of the roll-call: its holder (the BoardMember row) present, sent
    apologies, represented by a named deputy, or absent."""

    seat_id: int
    kind: str
    deputy_name: str = ""


@dataclass(frozen=True)
class Guest:
    """Someone else in attendance: an officer, a presenter, an observer."""

    name: str
    organisation: str = ""


SEAT_KINDS = (
    Attendance.Kind.PRESENT,
    Attendance.Kind.APOLOGIES,
    Attendance.Kind.DEPUTY,
    Attendance.Kind.ABSENT,
)


def attendance_roll_call(
    *, actor: User, meeting_key: str, seats: Sequence[SeatCall], guests: Sequence[Guest]
) -> list[Attendance]:
    """The secretariat records the roll-call in one go: a line for each of the board's
    seats, and everyone else in attendance. Every line is checked first; one wrong line
    saves none, and each problem names its line. The lines replace what was recorded of
    those seats and the list of others in attendance; who chairs is what the seats say."""
    enforce(may_keep_registers(memberships_of(actor)))
    meeting = Meeting.objects.filter(key=meeting_key).first()
    if meeting is None:
        raise InvalidInput([Problem(f"no meeting {meeting_key!r}", field="meeting")])
    members = {
        m.pk: m
        for m in BoardMember.objects.filter(board_id=meeting.board_id).select_related(
            "person", "organisation"
        )
    }
    problems = []
    seen: set[int] = set()
    for call in seats:
        member = members.get(call.seat_id)
        if member is None:
            problems.append(
                Problem("that seat is not one of this board's", field=f"seat-{call.seat_id}")
            )
            continue
        who = member.holder + (f", {member.organisation.name}" if member.organisation else "")
        if call.seat_id in seen:
            problems.append(Problem(f"{who}: recorded twice", field=f"seat-{call.seat_id}"))
        seen.add(call.seat_id)
        if call.kind not in SEAT_KINDS:
            problems.append(
                Problem(
                    f"{who}: say whether they are present, sent apologies, are represented by "
                    "a deputy, or are absent",
                    field=f"seat-{call.seat_id}",
                )
            )
        elif call.kind == Attendance.Kind.DEPUTY and not call.deputy_name.strip():
            problems.append(
                Problem(
                    f"{who}: give the name of their deputy", field=f"seat-{call.seat_id}-deputy"
                )
            )
        elif call.kind != Attendance.Kind.DEPUTY and call.deputy_name.strip():
            problems.append(
                Problem(
                    f"{who}: a deputy's name is given only for a seat represented by a deputy",
                    field=f"seat-{call.seat_id}-deputy",
                )
            )
    for n, guest in enumerate(guests, start=1):
        if not guest.name.strip() and guest.organisation.strip():
            problems.append(
                Problem(f"In attendance, line {n}: give the person's name", field=f"guest-{n}-name")
            )
    if problems:
        raise InvalidInput(problems)
    seats_by_person = BoardMember.objects.filter(board_id=meeting.board_id)
    offices = {m.person_id: m.office for m in seats_by_person}
    rows = []
    with transaction.atomic():
        meeting = meeting_record_lock(meeting.pk, field="meeting")
        before = [
            snapshot(a, ["person_id", "kind", "name", "organisation_name", "deputy_name"])
            for a in Attendance.objects.filter(meeting=meeting).order_by("id")
        ]
        Attendance.objects.filter(meeting=meeting, kind=Attendance.Kind.IN_ATTENDANCE).delete()
        for call in seats:
            member = members[call.seat_id]
            office = offices.get(member.person_id, "") if member.person_id else member.office
            present = call.kind == Attendance.Kind.PRESENT
            # A seat held by someone the sources name who has no account is kept by name
            # (the others in attendance, also by name, were removed above).
            holder = (
                {"person": member.person}
                if member.person_id
                else {"person": None, "name": member.name}
            )
            row, _ = Attendance.objects.update_or_create(
                meeting=meeting,
                **holder,
                defaults={
                    "organisation": member.organisation,
                    "kind": call.kind,
                    "deputy_name": call.deputy_name.strip(),
                    "is_chair": present and office in CHAIR_OFFICES,
                    "is_deputy": present and office in DEPUTY_OFFICES,
                },
            )
            rows.append(row)
        rows += Attendance.objects.bulk_create(
            Attendance(
                meeting=meeting,
                kind=Attendance.Kind.IN_ATTENDANCE,
                name=guest.name.strip(),
                organisation_name=guest.organisation.strip(),
            )
            for guest in guests
            if guest.name.strip()
        )
        audit_record(
            actor=actor,
            action="roll_call",
            obj=meeting,
            before={"attendance": before},
            after={
                "attendance": [
                    snapshot(a, ["person_id", "kind", "name", "organisation_name", "deputy_name"])
                    for a in rows
                ]
            },
        )
    return rows
