"""Conflicts detected and ruled on at meetings, audited (SPEC §9)."""

from django.db import transaction

from devolution.core.errors import InvalidInput, NotAllowed, Problem, RuleViolation
from devolution.core.models import User
from devolution.core.services import audit_record, snapshot
from devolution.governance.selectors import board_facts
from devolution.partners.models import Membership, Place

from ..interests.models import Interest
from ..models import AgendaItem, Attendance, ConflictFlag, Meeting, Ruling
from ..rules import conflicts as rules
from ..selectors import chair_seats
from .record import meeting_record_lock

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


def flags_refresh_locked(item: AgendaItem) -> list[ConflictFlag]:
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
        return flags_refresh_locked(item)


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
            message = verdict.reasons[0].message
            instead = rules.who_rules_instead(flag.person_id, chair_seats(meeting.board_id))
            if actor.pk == flag.person_id and instead:
                message = f"You cannot rule on your own conflict: {instead}."
            raise NotAllowed(message)
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
