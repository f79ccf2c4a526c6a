"""A record of meetings made up for the bench (attendance, declarations, rulings, actions):
London's, then a copy for each generated system (QUALITY P3, P4)."""

import datetime as dt

from django.db import transaction

from devolution.core.models import Source, User
from devolution.governance.models import (
    Board,
)
from devolution.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    ConflictFlag,
    Decision,
    Declaration,
    Meeting,
    Paper,
    Ruling,
)
from devolution.partners.models import (
    Membership,
    Organisation,
    Role,
)

# The bench's secretariat officer: P3 and P4 request the staff pages signed in as them.
BENCH_SECRETARIAT = "bench-secretariat@devolution.invalid"
SECRETARIAT_ORGANISATION = "london-councils"
RECORD_MEMBERS = 6
SCHEDULED_MONTHS = (3, 9)


def meetings_record() -> None:
    """The record London's data set does not give of its meetings, made up for the bench
    so that the meetings pages show every part of theirs. At each meeting with an agenda,
    six synthetic members are present (the first chairs, the second deputises); on each
    item one of them declares an interest, two are flagged with a potential conflict
    that the chair rules on (so London's log fills more than a page), and there are two
    actions: one the bench's secretariat officer owns (done a fortnight after the
    meeting), one their organisation owns. And each of London's boards has two meetings
    scheduled in 2019, with no agenda yet, so that London's list of meetings fills more
    than a page. It is bulk-created and not audited, like England."""
    with transaction.atomic():
        Meeting.objects.bulk_create(
            Meeting(
                key=f"bench-{board.key}-2019-{month:02d}",
                board=board,
                date=dt.date(2019, month, 1),
                date_precision="month",
                note="Synthetic: scheduled by the bench",
            )
            for board in Board.objects.order_by("key")
            for month in SCHEDULED_MONTHS
        )
        officer = User.objects.create_user(
            BENCH_SECRETARIAT, None, full_name="Bench secretariat officer (synthetic)"
        )
        organisation = Organisation.objects.get(key=SECRETARIAT_ORGANISATION)
        Membership.objects.create(person=officer, organisation=organisation, role=Role.SECRETARIAT)
        members = [
            User.objects.create_user(
                f"bench-member-{n}@devolution.invalid", None, full_name=f"Synthetic member {n}"
            )
            for n in range(1, RECORD_MEMBERS + 1)
        ]
        seats = list(Organisation.objects.order_by("key")[:RECORD_MEMBERS])
        items = list(
            AgendaItem.objects.select_related("meeting").order_by("meeting__date", "order", "pk")
        )
        meetings = {i.meeting_id: i.meeting for i in items}
        Attendance.objects.bulk_create(
            Attendance(
                meeting_id=meeting,
                person=person,
                organisation=seats[n % len(seats)],
                kind=Attendance.Kind.PRESENT,
                is_chair=n == 0,
                is_deputy=n == 1,
            )
            for meeting in meetings
            for n, person in enumerate(members)
        )
        Declaration.objects.bulk_create(
            Declaration(
                meeting_id=i.meeting_id,
                person=person,
                item=i,
                text=f"{person} declares a synthetic interest in “{i.title}”",
            )
            for i in items
            for person in members[2:3]
        )
        flags = ConflictFlag.objects.bulk_create(
            ConflictFlag(
                item=i,
                person=person,
                reasons=[f"Synthetic: {person}'s organisation stands to gain from the decision"],
            )
            for i in items
            for person in members[3:5]
        )
        Ruling.objects.bulk_create(
            Ruling(
                flag=flag,
                outcome=Ruling.Outcome.values[n % len(Ruling.Outcome.values)],
                reason="Synthetic ruling for the bench",
                ruled_by=members[0],
            )
            for n, flag in enumerate(flags)
        )
        Action.objects.bulk_create(
            Action(
                item=i,
                text=f"Synthetic action on “{i.title}”, for {whom}",
                owner=officer if whom == "the officer" else None,
                owner_organisation=None if whom == "the officer" else organisation,
                due=i.meeting.date + dt.timedelta(days=28),
                done_on=i.meeting.date + dt.timedelta(days=14) if whom == "the officer" else None,
                number=number,
            )
            for i in items
            for number, whom in enumerate(("the officer", "their organisation"), start=1)
        )


def systems_meetings_copy(
    source: Source,
    londons: list[Board],
    copies: dict[tuple[int, int], Board],
    per_system: list[list[Organisation]],
) -> None:
    """Each system's copy of the meetings of London's SPB and the boards under it: their
    agendas, papers (the cover sheets; no files), decisions and whatever record of them
    there is (`meetings_record`), with the same members. Each copy's actions are owned
    by the system's first organisation, not by anyone of London's."""
    meetings = list(Meeting.objects.filter(board__in=londons).order_by("pk"))
    items = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("pk"))
    papers = list(Paper.objects.filter(item__in=items).order_by("pk"))
    decisions = list(Decision.objects.filter(item__in=items).order_by("pk"))
    attendance = list(Attendance.objects.filter(meeting__in=meetings).order_by("pk"))
    declarations = list(Declaration.objects.filter(meeting__in=meetings).order_by("pk"))
    flags = list(ConflictFlag.objects.filter(item__in=items).order_by("pk"))
    rulings = list(Ruling.objects.filter(flag__in=flags).order_by("pk"))
    actions = list(Action.objects.filter(item__in=items).order_by("pk"))
    systems = range(1, len(per_system) + 1)
    seats = sorted({a.organisation_id for a in attendance})

    def seat(s: int, organisation_id: int) -> Organisation:
        own = per_system[s - 1]
        return own[seats.index(organisation_id) % len(own)]

    made = Meeting.objects.bulk_create(
        Meeting(
            key=f"bench-s{s:02d}-{m.key}",
            board=copies[(s, m.board_id)],
            date=m.date,
            date_precision=m.date_precision,
            place=m.place,
            status=m.status,
            quorum=m.quorum,
            source=source,
        )
        for s in systems
        for m in meetings
    )
    meeting = dict(zip(((s, m.pk) for s in systems for m in meetings), made, strict=True))
    made_items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting[(s, i.meeting_id)],
            order=i.order,
            key=i.key,
            title=i.title,
            purpose=i.purpose,
            recommendation=i.recommendation,
            note=i.note,
            presenter=i.presenter,
            public=i.public,
            function_id=i.function_id,
            gateway_phase_id=i.gateway_phase_id,
            source=source,
        )
        for s in systems
        for i in items
    )
    item = dict(zip(((s, i.pk) for s in systems for i in items), made_items, strict=True))
    Paper.objects.bulk_create(
        Paper(
            item=item[(s, p.item_id)],
            title=p.title,
            author=p.author,
            date_completed=p.date_completed,
            purpose=p.purpose,
            executive_summary=p.executive_summary,
            action_required=p.action_required,
            source=source,
        )
        for s in systems
        for p in papers
    )
    Decision.objects.bulk_create(
        Decision(
            item=item[(s, d.item_id)],
            outcome=d.outcome,
            how=d.how,
            text=d.text,
            binding=d.binding,
            recommendation_to=d.recommendation_to,
            power_reasons=d.power_reasons,
            source=source,
        )
        for s in systems
        for d in decisions
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting[(s, a.meeting_id)],
            person_id=a.person_id,
            organisation=seat(s, a.organisation_id),
            kind=a.kind,
            is_chair=a.is_chair,
            is_deputy=a.is_deputy,
        )
        for s in systems
        for a in attendance
    )
    Declaration.objects.bulk_create(
        Declaration(
            meeting=meeting[(s, d.meeting_id)],
            person_id=d.person_id,
            item=item[(s, d.item_id)] if d.item_id else None,
            text=d.text,
        )
        for s in systems
        for d in declarations
    )
    made_flags = ConflictFlag.objects.bulk_create(
        ConflictFlag(item=item[(s, f.item_id)], person_id=f.person_id, reasons=f.reasons)
        for s in systems
        for f in flags
    )
    flag = dict(zip(((s, f.pk) for s in systems for f in flags), made_flags, strict=True))
    Ruling.objects.bulk_create(
        Ruling(
            flag=flag[(s, r.flag_id)],
            outcome=r.outcome,
            reason=r.reason,
            ruled_by_id=r.ruled_by_id,
        )
        for s in systems
        for r in rulings
    )
    Action.objects.bulk_create(
        Action(
            item=item[(s, a.item_id)],
            text=a.text,
            owner_organisation=per_system[s - 1][0],
            due=a.due,
            done_on=a.done_on,
            number=a.number,
        )
        for s in systems
        for a in actions
    )
