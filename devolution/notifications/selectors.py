"""Who a notice goes to, what a person has been told, and what is coming up for them."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.urls import reverse

from devolution.commitments.models import Commitment
from devolution.core.models import User
from devolution.governance.models import BoardMember
from devolution.meetings.models import Action, Meeting
from devolution.partners.models import Membership, Organisation
from devolution.regulation.rules.calendar import CalendarEntry
from devolution.regulation.selectors import returns_due

from .models import CalendarToken, Notice, Preference

# How long the unread count is kept (seconds): another process's change shows within it.
UNREAD_KEPT_FOR = 60


def board_people(board_id: int) -> list[User]:
    """The people with an account who sit on a board."""
    ids = BoardMember.objects.filter(board_id=board_id, person__isnull=False).values("person_id")
    return list(User.objects.filter(id__in=ids, is_active=True))


def board_chairs(board_id: int) -> list[User]:
    """Who chairs the board, as its seats say (chair or co-chair, with an account)."""
    ids = BoardMember.objects.filter(
        board_id=board_id, person__isnull=False, office__in=["chair", "co_chair"]
    ).values("person_id")
    return list(User.objects.filter(id__in=ids, is_active=True))


def organisation_people(organisation_id: int | None) -> list[User]:
    if organisation_id is None:
        return []
    ids = Membership.objects.filter(organisation_id=organisation_id).values("person_id")
    return list(User.objects.filter(id__in=ids, is_active=True))


def action_people(action: Action) -> list[User]:
    """The action's owner and the people of the organisation it is given to, once each."""
    people = {p.id: p for p in organisation_people(action.owner_organisation_id)}
    if action.owner_id is not None and action.owner is not None and action.owner.is_active:
        people[action.owner.id] = action.owner
    return list(people.values())


def chosen(person: Any) -> dict[str, str]:
    return dict(Preference.objects.filter(person=person).values_list("kind", "mode"))


def notices(person: Any) -> QuerySet[Notice]:
    return Notice.objects.filter(person=person)


def unread_count(person: Any) -> int:
    return Notice.objects.filter(person=person, read_at__isnull=True).count()


def unread_key(person_id: int) -> str:
    return f"devolution:notifications:unread:{person_id}"


def unread_count_kept(person: Any) -> int | None:
    """The unread count "Your work" shows on every page, as last counted (by the
    notifications page, or when the person's notices changed) and kept a short while in
    the cache: a page asks the database nothing for it; None when not known."""
    found = cache.get(unread_key(person.pk))
    return None if found is None else int(found)


def unread_recount(person: Any) -> int:
    """Count the person's unread notices and keep the count for "Your work"."""
    count = unread_count(person)
    cache.set(unread_key(person.pk), count, UNREAD_KEPT_FOR)
    return count


def actions_coming_due(on: dt.date, days: int) -> QuerySet[Action]:
    """Open actions due from `on` to `days` days after, with an owner or an organisation."""
    return (
        Action.objects.filter(
            done_on__isnull=True, due__gte=on, due__lte=on + dt.timedelta(days=days)
        )
        .filter(Q(owner__isnull=False) | Q(owner_organisation__isnull=False))
        .select_related("owner", "item__meeting")
    )


def meetings_coming(on: dt.date, days: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        date__gte=on,
        date__lte=on + dt.timedelta(days=days),
        status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
    )


def board_commitments(board_id: int) -> QuerySet[Commitment]:
    return Commitment.objects.filter(board_id=board_id, lead_owner__isnull=False)


def live_token(person: Any) -> CalendarToken | None:
    return CalendarToken.objects.filter(person=person, revoked_at__isnull=True).first()


def token_person(token: str) -> User | None:
    found = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True)
        .select_related("person")
        .first()
    )
    if found is None or not found.person.is_active:
        return None
    return found.person


@dataclass(frozen=True)
class Coming:
    """One thing coming up for a person: a meeting, an action or a return due."""

    day: dt.date
    kind: str  # meeting | action | return
    title: str
    url: str
    uid: str
    precision: str = "day"  # a meeting the seeds date by its month only: "month"


def _organisations(person: Any) -> list[int]:
    return list(Membership.objects.filter(person=person).values_list("organisation_id", flat=True))


def coming_up(person: Any, start: dt.date, end: dt.date) -> list[Coming]:
    """A person's boards' meetings, their and their organisations' open actions, and the
    returns due from their organisations, from `start` to `end`, by day."""
    out: list[Coming] = []
    boards = BoardMember.objects.filter(person=person).values("board_id")
    for m in (
        Meeting.objects.filter(board_id__in=boards, date__gte=start, date__lte=end)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("board")
    ):
        out.append(
            Coming(
                m.date,
                "meeting",
                f"{m.board.short_name or m.board.name} meets",
                reverse("meetings:meeting-detail", args=[m.key]),
                f"meeting-{m.key}",
                m.date_precision,
            )
        )
    orgs = _organisations(person)
    for a in (
        Action.objects.filter(done_on__isnull=True, due__gte=start, due__lte=end)
        .filter(Q(owner=person) | Q(owner_organisation_id__in=orgs))
        .select_related("item__meeting")
    ):
        assert a.due is not None
        out.append(
            Coming(
                a.due,
                "action",
                f"Action due: {a.text[:120]}",
                reverse("meetings:meeting-detail", args=[a.item.meeting.key]),
                f"action-{a.pk}",
            )
        )
    due_by_type: dict[str, list[CalendarEntry]] = {}
    for org in Organisation.objects.filter(id__in=orgs).only("key", "name", "type"):
        if org.type not in due_by_type:
            due_by_type[org.type] = returns_due(org.type, start, end)
        for e in due_by_type[org.type]:
            out.append(
                Coming(
                    e.due,
                    "return",
                    f"{org.name}: {e.ret.regulator_name} {e.ret.name} ({e.period}) due"
                    + (" (invented demo return)" if e.ret.is_demo else ""),
                    reverse("regulation:calendar", args=[org.key]),
                    f"return-{e.ret.key}-{e.due:%Y%m%d}-{org.key}",
                )
            )
    return sorted(out, key=lambda c: (c.day, c.kind, c.title))
