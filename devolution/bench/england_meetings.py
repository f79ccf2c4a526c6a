"""A record of meetings made up for the bench (attendance, declarations, rulings, actions):
London's; then, for each generated system, its people and their register of interests, a
copy of London's meetings with their record, and a year of monthly meetings of each of the
system's boards (QUALITY P3, P4)."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from devolution.commitments.models import Commitment
from devolution.core.models import Source, User
from devolution.governance.models import (
    Board,
)
from devolution.meetings.interests.models import Interest
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
    Partnership,
    Role,
)

# The bench's secretariat officer: P3 and P4 request the staff pages signed in as them.
BENCH_SECRETARIAT = "bench-secretariat@devolution.invalid"
SECRETARIAT_ORGANISATION = "london-councils"
RECORD_MEMBERS = 6
SCHEDULED_MONTHS = (3, 9)

M = TypeVar("M", bound=models.Model)

# The day London's data is as at: seed 004 gives the SPB's gateway criteria as they stood
# at its meeting of 22 March 2018. A system's year of progress and of meetings ends then.
AS_AT = dt.date(2018, 3, 22)
MONTHS = 12
# The agenda of each meeting of a system's year: its key, title and purpose.
YEAR_AGENDA = (
    ("minutes", "Minutes and actions of the last meeting", AgendaItem.Purpose.AGREE),
    ("progress", "Progress on the board's commitments", AgendaItem.Purpose.NOTE),
    ("proposal", "A synthetic proposal for decision", AgendaItem.Purpose.DECIDE),
)


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
        london_register(members, seats)
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


def _register_entries(
    seated: Sequence[tuple[User, Organisation]],
    partnership: Partnership | None,
    otherwise: Organisation,
    since: dt.date,
    groups: str,
) -> tuple[list[Interest], list[Interest]]:
    """Each person's two synthetic register entries: their employment by the organisation
    they sit for, and a role in the partnership's groups (in `otherwise` with none)."""
    employment = [
        Interest(
            person=person,
            number=1,
            kind="employment",
            organisation=seat,
            description=f"Employed by {seat.name} (synthetic)",
            start=since,
        )
        for person, seat in seated
    ]
    roles = [
        Interest(
            person=person,
            number=2,
            kind="non-pecuniary",
            partnership=partnership,
            organisation=None if partnership else otherwise,
            description=f"Sits on {groups} groups (synthetic)",
            start=since,
        )
        for person, _ in seated
    ]
    return employment, roles


def london_register(members: Sequence[User], seats: Sequence[Organisation]) -> None:
    """London's members' entries in the register of interests, as each England system's
    members have theirs (system_people_make): their employment by the organisation they
    sit for, and a role in the deployment's default partnership. Without them London's
    register would be empty at both sizes, and its page would show no rows to measure."""
    since = AS_AT - dt.timedelta(days=2 * 365)
    default = Partnership.objects.filter(is_default=True).first()
    seated = [(person, seats[n % len(seats)]) for n, person in enumerate(members)]
    employment, roles = _register_entries(seated, default, seats[-1], since, "the partnership's")
    Interest.objects.bulk_create([*employment, *roles])


@dataclass(frozen=True)
class SystemPeople:
    """A system's synthetic people: its secretariat officer, at its first organisation
    (who posts its progress and owns an action on each item), and the members who sit at
    its meetings, each for one of its organisations, with the interest in the register
    that each declares at them."""

    officer: User
    organisation: Organisation
    members: list[User]
    seats: list[Organisation]
    declared: dict[int, Interest]  # a member's pk -> the interest they declare


def system_people_make(
    s: int,
    organisations: Sequence[Organisation],
    partnership: Partnership | None = None,
    as_at: dt.date = AS_AT,
) -> SystemPeople:
    """System `s`'s secretariat officer and RECORD_MEMBERS members, with their memberships
    and two entries each in the register of interests: their employment by their
    organisation, and a role in the system's partnership (or, with none, in another of its
    organisations). They cannot sign in (no usable password); one hash serves them all,
    as hashing is the slow part of making a person."""
    password = make_password(None)
    officer, *members = User.objects.bulk_create(
        User(email=f"bench-s{s:02d}-{who}@devolution.invalid", full_name=name, password=password)
        for who, name in [
            ("secretariat", f"Synthetic system {s:02d} secretariat officer"),
            *(
                (f"member-{n}", f"Synthetic system {s:02d} member {n}")
                for n in range(1, RECORD_MEMBERS + 1)
            ),
        ]
    )
    organisation = organisations[0]
    seats = [organisations[n % len(organisations)] for n in range(len(members))]
    Membership.objects.bulk_create(
        [
            Membership(person=officer, organisation=organisation, role=Role.SECRETARIAT),
            *(
                Membership(person=m, organisation=o, role=Role.BOARD_MEMBER)
                for m, o in zip(members, seats, strict=True)
            ),
        ]
    )
    since = as_at - dt.timedelta(days=2 * 365)
    everyone = [(officer, organisation), *zip(members, seats, strict=True)]
    employment, roles = _register_entries(
        everyone, partnership, organisations[-1], since, "the system's partnership"
    )
    Interest.objects.bulk_create([*employment, *roles])  # sets each entry's id
    declared = {e.person_id: e for e in employment}
    return SystemPeople(officer, organisation, members, seats, declared)


def systems_meetings_copy(
    source: Source,
    londons: list[Board],
    copies: dict[tuple[int, int], Board],
    per_system: list[list[Organisation]],
    *,
    systems: Iterable[int] | None = None,
    people: Mapping[int, SystemPeople] | None = None,
    commitments: Mapping[tuple[int, int], Commitment] | None = None,
    as_at: dt.date = AS_AT,
    months: int = MONTHS,
) -> None:
    """Each system's copy of the meetings of London's boards (`londons`, whose copies are
    `copies[(system, London board's id)]`): their agendas, papers (the cover sheets; no
    files), decisions, the commitments their items are about (the system's copies, from
    `commitments` keyed alike) and whatever record of them there is (`meetings_record`),
    kept by the system's own people; and a year of monthly meetings of each of the
    system's boards, up to `as_at` (see `_year_of_meetings`). `people` are each system's
    (see `system_people_make`), made here when not given. One system at a time, so that
    no more than one system's rows are held at once."""
    record = _LondonRecord.read(londons)
    for s in systems if systems is not None else range(1, len(per_system) + 1):
        who = people[s] if people is not None else system_people_make(s, per_system[s - 1])
        boards = {pk: board for (n, pk), board in copies.items() if n == s}
        own = {pk: c for (n, pk), c in (commitments or {}).items() if n == s}
        record.copy(s, source, boards, own, who)
        _year_of_meetings(
            source, [boards[b.pk] for b in londons if b.pk in boards], own, who, as_at, months
        )


@dataclass(frozen=True)
class _LondonRecord:
    """London's meetings and everything recorded of them, as each system copies them."""

    meetings: list[Meeting]
    items: list[AgendaItem]
    about: list[tuple[int, int]]  # (agenda item, commitment)
    papers: list[Paper]
    decisions: list[Decision]
    attendance: list[Attendance]
    declarations: list[Declaration]
    flags: list[ConflictFlag]
    rulings: list[Ruling]
    actions: list[Action]

    @classmethod
    def read(cls, londons: list[Board]) -> "_LondonRecord":
        meetings = list(Meeting.objects.filter(board__in=londons).order_by("pk"))
        items = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("pk"))
        flags = list(ConflictFlag.objects.filter(item__in=items).order_by("pk"))
        return cls(
            meetings,
            items,
            list(
                AgendaItem.commitments.through.objects.filter(agendaitem__in=items)
                .order_by("pk")
                .values_list("agendaitem_id", "commitment_id")
            ),
            list(Paper.objects.filter(item__in=items).order_by("pk")),
            list(Decision.objects.filter(item__in=items).order_by("pk")),
            list(Attendance.objects.filter(meeting__in=meetings).order_by("pk")),
            list(Declaration.objects.filter(meeting__in=meetings).order_by("pk")),
            flags,
            list(Ruling.objects.filter(flag__in=flags).order_by("pk")),
            list(Action.objects.filter(item__in=items).order_by("pk")),
        )

    def people(self) -> list[int]:
        """Everyone in London's record but the owners of actions, in a fixed order: the
        system's members stand in for them, in the same order."""
        return sorted(
            {a.person_id for a in self.attendance if a.person_id is not None}
            | {d.person_id for d in self.declarations}
            | {f.person_id for f in self.flags}
            | {r.ruled_by_id for r in self.rulings}
        )

    def copy(
        self,
        s: int,
        source: Source,
        boards: Mapping[int, Board],
        commitments: Mapping[int, Commitment],
        who: SystemPeople,
    ) -> None:
        """System `s`'s copy of London's meetings, kept by its own people: London's
        members are the system's (one for one, in order), London's officer its officer,
        and an action London's officer does not own is the system organisation's."""
        stand_in = {pk: n % len(who.members) for n, pk in enumerate(self.people()) if who.members}
        made = Meeting.objects.bulk_create(
            record_copy(m, key=f"bench-s{s:02d}-{m.key}", board=boards[m.board_id], source=source)
            for m in self.meetings
        )
        meeting = {m.pk: c for m, c in zip(self.meetings, made, strict=True)}
        made_items = AgendaItem.objects.bulk_create(
            record_copy(i, meeting=meeting[i.meeting_id], source=source) for i in self.items
        )
        item = {i.pk: c for i, c in zip(self.items, made_items, strict=True)}
        AgendaItem.commitments.through.objects.bulk_create(
            AgendaItem.commitments.through(agendaitem=item[i], commitment=commitments[c])
            for i, c in self.about
            if c in commitments
        )
        Paper.objects.bulk_create(
            record_copy(p, item=item[p.item_id], file="", uploaded_by=None, source=source)
            for p in self.papers
        )
        Decision.objects.bulk_create(
            record_copy(d, item=item[d.item_id], recorded_by=None, source=source)
            for d in self.decisions
        )
        # A seat's holder stands in for a member; others in attendance are not copied.
        attending = {
            (a.meeting_id, stand_in[a.person_id]): a
            for a in self.attendance
            if a.person_id is not None
        }
        Attendance.objects.bulk_create(
            record_copy(
                a,
                meeting=meeting[meeting_id],
                person=who.members[n],
                organisation=who.seats[n],
            )
            for (meeting_id, n), a in attending.items()
        )
        Declaration.objects.bulk_create(
            record_copy(
                d,
                meeting=meeting[d.meeting_id],
                person=who.members[stand_in[d.person_id]],
                item=item[d.item_id] if d.item_id else None,
                interest=who.declared.get(who.members[stand_in[d.person_id]].pk),
            )
            for d in self.declarations
        )
        flagged = {(f.item_id, stand_in[f.person_id]): f for f in self.flags}
        made_flags = ConflictFlag.objects.bulk_create(
            record_copy(f, item=item[item_id], person=who.members[n])
            for (item_id, n), f in flagged.items()
        )
        flag = {f.pk: c for f, c in zip(flagged.values(), made_flags, strict=True)}
        Ruling.objects.bulk_create(
            record_copy(r, flag=flag[r.flag_id], ruled_by=who.members[stand_in[r.ruled_by_id]])
            for r in self.rulings
            if r.flag_id in flag
        )
        Action.objects.bulk_create(
            record_copy(
                a,
                item=item[a.item_id],
                owner=who.officer if a.owner_id else None,
                owner_organisation=None if a.owner_id else who.organisation,
            )
            for a in self.actions
        )


def _year_of_meetings(
    source: Source,
    boards: list[Board],
    commitments: Mapping[int, Commitment],
    who: SystemPeople,
    as_at: dt.date,
    months: int,
) -> None:
    """A meeting a month of each of the system's boards for `months` months up to
    `as_at`, held, with the shape of London's record (`meetings_record`): the members
    attend (the first chairs, the second deputises); on each item of YEAR_AGENDA the third
    declares the interest the register holds, the fourth and fifth are flagged and the
    chair rules, and the officer and the system's first organisation each have an action
    (the officer's done a fortnight on). The progress item is about one of the board's
    commitments, a different one each month, with a paper; the proposal is agreed."""
    dates = _months_to(as_at, months)
    made = Meeting.objects.bulk_create(
        Meeting(
            key=f"{board.key}-month-{day:%Y-%m}",
            board=board,
            date=day,
            status=Meeting.Status.HELD,
            place="Synthetic meeting room",
            note="Synthetic: one of a year of monthly meetings made by the bench",
            source=source,
        )
        for board in boards
        for day in dates
    )
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            order=order,
            key=key,
            title=title,
            purpose=purpose,
            recommendation=f"The board is asked to {purpose.label.lower()} this item.",
            presenter=who.officer.full_name,
            source=source,
        )
        for meeting in made
        for order, (key, title, purpose) in enumerate(YEAR_AGENDA, start=1)
    )
    by_board: dict[int, list[Commitment]] = {}
    for c in commitments.values():
        if c.board_id is not None:
            by_board.setdefault(c.board_id, []).append(c)
    progress = [i for i in items if i.key == "progress"]
    AgendaItem.commitments.through.objects.bulk_create(
        AgendaItem.commitments.through(
            agendaitem=i, commitment=own[(i.meeting.date.month) % len(own)]
        )
        for i in progress
        if (own := by_board.get(i.meeting.board_id))
    )
    Paper.objects.bulk_create(
        Paper(
            item=i,
            title=f"Progress report, {i.meeting.date:%B %Y} (synthetic)",
            author=who.officer.full_name,
            date_completed=i.meeting.date - dt.timedelta(days=7),
            purpose="For noting",
            executive_summary="A synthetic summary of the month's progress on the board's "
            "commitments, made by the bench.",
            action_required="Note the progress.",
            source=source,
        )
        for i in progress
    )
    Decision.objects.bulk_create(
        Decision(
            item=i,
            outcome=Decision.Outcome.AGREED,
            how=Decision.How.CONSENSUS,
            text="Agreed (synthetic).",
            source=source,
        )
        for i in items
        if i.key == "proposal"
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            organisation=seat,
            kind=Attendance.Kind.PRESENT,
            is_chair=n == 0,
            is_deputy=n == 1,
        )
        for meeting in made
        for n, (person, seat) in enumerate(zip(who.members, who.seats, strict=True))
    )
    Declaration.objects.bulk_create(
        Declaration(
            meeting=i.meeting,
            person=person,
            item=i,
            interest=who.declared.get(person.pk),
            text=f"{person} declares a synthetic interest in “{i.title}”",
        )
        for i in items
        for person in who.members[2:3]
    )
    flags = ConflictFlag.objects.bulk_create(
        ConflictFlag(
            item=i,
            person=person,
            reasons=[f"Synthetic: {person}'s organisation stands to gain from the decision"],
        )
        for i in items
        for person in who.members[3:5]
    )
    Ruling.objects.bulk_create(
        Ruling(
            flag=flag,
            outcome=Ruling.Outcome.values[n % len(Ruling.Outcome.values)],
            reason="Synthetic ruling for the bench",
            ruled_by=who.members[0],
        )
        for n, flag in enumerate(flags)
    )
    Action.objects.bulk_create(
        Action(
            item=i,
            text=f"Synthetic action on “{i.title}”, for {whom}",
            owner=who.officer if whom == "the officer" else None,
            owner_organisation=None if whom == "the officer" else who.organisation,
            due=i.meeting.date + dt.timedelta(days=28),
            done_on=i.meeting.date + dt.timedelta(days=14) if whom == "the officer" else None,
            number=number,
        )
        for i in items
        for number, whom in enumerate(("the officer", "their organisation"), start=1)
    )


def _months_to(as_at: dt.date, months: int) -> list[dt.date]:
    """A day in each of the `months` months up to and including `as_at`'s: the same day of
    the month as `as_at` (or the 28th, which every month has), none after it."""
    last = as_at.year * 12 + as_at.month - 1
    days = []
    for month in range(last - months + 1, last + 1):
        year, index = divmod(month, 12)
        days.append(dt.date(year, index + 1, min(as_at.day, 28)))
    return days


def record_copy(record: M, **changes: Any) -> M:
    """A new, unsaved copy of `record` with `changes` (by field name), so that a copy has
    every field of London's, those added later included, and differs only where it says."""
    values = {
        f.attname: getattr(record, f.attname)
        for f in record._meta.concrete_fields
        if not f.primary_key and f.name not in changes and f.attname not in changes
    }
    return type(record)(**values, **changes)
