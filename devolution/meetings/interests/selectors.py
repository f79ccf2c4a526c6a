"""Every read of the register of interests and of the declarations made at meetings
(SPEC §9): entries by person or organisation, the entries in force at a meeting, and a
meeting's declarations as their reader may read them (visibility.py)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from devolution.core.links import PageLink
from devolution.core.models import AuditEvent
from devolution.core.versions import cached
from devolution.governance.models import Board, BoardMember
from devolution.partners.models import Membership, Partnership

from ..models import AgendaItem, Attendance, Meeting
from ..visibility import Reader, visible_flag, withheld_words
from .models import Declaration, Interest


def declaration_list(meeting: Meeting, reader: Reader) -> list[Declaration]:
    """The declarations made at the meeting, each with `item_visible`: whether the reader
    may see the item it is on (visibility.py). On an item withheld from them, the pages
    and the API show that a declaration was made, not its words (declaration_words)."""
    return list(
        Declaration.objects.filter(meeting=meeting)
        .annotate(item_visible=visible_flag(reader, "item__"))
        .select_related(
            "meeting", "person", "item", "interest__organisation", "interest__partnership"
        )
        .order_by("recorded_at", "id")
    )


def declaration_get(declaration_id: int, reader: Reader) -> Declaration:
    """One declaration as declaration_list gives it."""
    declaration: Declaration = (
        Declaration.objects.annotate(item_visible=visible_flag(reader, "item__"))
        .select_related("meeting", "person", "item", "interest")
        .get(pk=declaration_id)
    )
    return declaration


def declaration_words(declaration: Declaration) -> tuple[str, str]:
    """(the item, what was declared) as declaration_list's reader may read them."""
    item = declaration.item
    if item is None:
        return "The whole meeting", declaration.text
    if getattr(declaration, "item_visible", False):
        return item.title, declaration.text
    return withheld_words(item.public)


# ------------------------------------------------------------------------ the register


# What a list of entries shows (the register pages and the API): the entry, whose it is
# and the body it names; the people's and the bodies' other columns are not read.
INTEREST_COLUMNS = (
    "version",
    "number",
    "kind",
    "description",
    "start",
    "end",
    "person__email",
    "person__full_name",
    "organisation__key",
    "organisation__name",
    "partnership__key",
    "partnership__name",
)


def partnership_entries(partnership: Partnership) -> Q:
    """The entries of one partnership's register: every entry of its people (those who
    belong to its organisations, meetings.selectors.partnership_organisations), and any
    entry naming one of its organisations or partnerships. The secretariat reads one
    partnership's register at a time, so the page and the API do not grow with England's
    other partnerships (QUALITY P3); a person's own register is found by their email
    address, whatever partnership they sit in.

    Who and what those are is found through the partnership's footprint, which costs more
    to ask than the register's rows: the ids are kept until the next write
    (core.versions.cached), and the entries asked for by them."""
    people, organisations, partnerships = cached(
        f"interests:register-scope:{partnership.pk}", lambda: _register_scope(partnership)
    )
    return (
        Q(person_id__in=people)
        | Q(organisation_id__in=organisations)
        | Q(partnership_id__in=partnerships)
    )


def _register_scope(partnership: Partnership) -> tuple[list[int], list[int], list[int]]:
    """(its people, its organisations, its partnerships) by id: see partnership_entries."""
    from ..selectors import partnership_organisations, partnership_partnerships

    organisations = list(partnership_organisations(partnership).values_list("pk", flat=True))
    people = Membership.objects.filter(organisation__in=organisations)
    return (
        sorted(set(people.values_list("person_id", flat=True))),
        organisations,
        list(partnership_partnerships(partnership).values_list("pk", flat=True)),
    )


def interest_list(
    *,
    person_id: int | None = None,
    person_email: str = "",
    organisation: str = "",
    partnership: Partnership | None = None,
) -> QuerySet[Interest]:
    """Register entries, by person, the newest first: one person's (by id or email
    address), or one partnership's register (partnership_entries), with an organisation's
    key to narrow either."""
    interests = Interest.objects.select_related("person", "organisation", "partnership").only(
        *INTEREST_COLUMNS
    )
    if person_id is not None:
        interests = interests.filter(person_id=person_id)
    if person_email.strip():
        interests = interests.filter(person__email__iexact=person_email.strip())
    elif person_id is None and partnership is not None:
        interests = interests.filter(partnership_entries(partnership))
    if organisation:
        interests = interests.filter(organisation__key=organisation)
    return interests.order_by(
        "person__full_name", "person_id", F("start").desc(nulls_last=True), "-id"
    )


def interest_get(interest_id: int) -> Interest:
    """A register entry with whom and what it concerns; one not on the register is not
    found."""
    interest: Interest = get_object_or_404(
        Interest.objects.select_related("person", "organisation", "partnership"), pk=interest_id
    )
    return interest


def interest_keyed_get(person_email: str, number: int) -> Interest:
    """A register entry by its person's email address and its number in their register
    (its key in the API); 404 if that person's register has no entry of that number."""
    interest: Interest = get_object_or_404(
        Interest.objects.select_related("person", "organisation", "partnership"),
        person__email__iexact=person_email.strip(),
        number=number,
    )
    return interest


def interest_id_of(person_id: int, number: int) -> int | None:
    """The entry of that number in the person's register, if there is one."""
    found: int | None = (
        Interest.objects.filter(person_id=person_id, number=number)
        .values_list("pk", flat=True)
        .first()
    )
    return found


def partnership_choices(partnership: Partnership | None = None) -> list[tuple[str, str]]:
    """The partnerships an entry may name: the partnership and those within its footprint
    (meetings.selectors.partnership_partnerships), every one with none."""
    from ..selectors import partnership_partnerships

    return list(partnership_partnerships(partnership).order_by("name").values_list("key", "name"))


def meeting_item_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return [
        (item.pk, f"{number}. {item.title}")
        for number, item in enumerate(
            AgendaItem.objects.filter(meeting=meeting).order_by("order", "id"), start=1
        )
    ]


def attendee_interests(meeting: Meeting) -> list[Interest]:
    """The register entries in force on the day of the meeting of those recorded at it:
    the interests a declaration there is likely to be about."""
    people = Attendance.objects.filter(meeting=meeting).values("person")
    return list(
        Interest.objects.filter(person__in=people)
        .filter(Q(start__isnull=True) | Q(start__lte=meeting.date))
        .filter(Q(end__isnull=True) | Q(end__gte=meeting.date))
        .select_related("person", "organisation", "partnership")
        .order_by("person__full_name", "person_id", "kind", "id")
    )


# ---------------------------------------------------- the published register of a board


# NHS England, "Managing Conflicts of Interest in the NHS: Guidance for staff and
# organisations" (February 2017, in force from 1 June 2017): the interests of decision
# making staff, a board's members first, are published, and an interest stays on the
# published register for six months after it ends.
GUIDANCE_TITLE = (
    "NHS England, Managing Conflicts of Interest in the NHS: Guidance for staff and "
    "organisations (February 2017)"
)
GUIDANCE_URL = (
    "https://www.england.nhs.uk/publication/"
    "managing-conflicts-of-interest-in-the-nhs-guidance-for-staff-and-organisations/"
)
KEPT_AFTER_ENDING = dt.timedelta(days=183)  # six months


@dataclass(frozen=True)
class PublishedInterest:
    """An entry as the public register shows it: what the entry says of the interest,
    never the member's email address or the entry's number in their own register."""

    kind: str  # in words: "Directorship"
    body: str  # the organisation or partnership it concerns; empty when it names none
    description: str
    start: dt.date | None
    end: dt.date | None
    declared: dt.date | None  # when it was put on the register, when the record says


@dataclass(frozen=True)
class PublishedMember:
    name: str
    organisation: str
    office: str  # "Chair", "Co-chair"…; empty for a member
    interests: tuple[PublishedInterest, ...]
    # False for a member a source names who holds no account here: they declare nothing
    # in this register, so what they have declared is not known to it.
    declares_here: bool = True


def board_register(board: Board, *, on: dt.date) -> list[PublishedMember]:
    """The published register of interests of a board's members on a day: each member
    seated on the board with the entries in force that day, and those that ended in the
    six months before it (GUIDANCE_TITLE). A member with no such entry has none: the page
    says so rather than leave them out."""
    from .services import INTEREST_KINDS

    kinds = dict(INTEREST_KINDS)
    seats = list(
        BoardMember.objects.filter(board=board)
        .select_related("person", "organisation")
        .order_by("seat_rule__order", "seat_rule_id", "id")
    )
    people = {seat.person_id for seat in seats}
    entries = (
        Interest.objects.filter(person_id__in=people)
        .filter(Q(start__isnull=True) | Q(start__lte=on))
        .filter(Q(end__isnull=True) | Q(end__gte=on - KEPT_AFTER_ENDING))
        .select_related("organisation", "partnership")
        .order_by(F("start").asc(nulls_first=True), "number")
    )
    declared = _declared_on([entry.pk for entry in entries])
    by_person: dict[int, list[PublishedInterest]] = {}
    for entry in entries:
        body = entry.organisation or entry.partnership
        by_person.setdefault(entry.person_id, []).append(
            PublishedInterest(
                kind=kinds.get(entry.kind, entry.kind),
                body=body.name if body is not None else "",
                description=entry.description,
                start=entry.start,
                end=entry.end,
                declared=declared.get(entry.pk),
            )
        )
    members, seen = [], set()
    for seat in seats:
        if seat.person is None:
            # Named by a source, with no account: no register entries of their own.
            members.append(
                PublishedMember(
                    name=seat.name,
                    organisation=seat.organisation.name if seat.organisation else seat.title,
                    office=seat.get_office_display(),
                    interests=(),
                    declares_here=False,
                )
            )
            continue
        if seat.person_id in seen:
            continue
        seen.add(seat.person_id)
        members.append(
            PublishedMember(
                name=seat.person.full_name,
                organisation=seat.organisation.name if seat.organisation else seat.title,
                office=seat.get_office_display(),
                interests=tuple(by_person.get(seat.person.pk, ())),
            )
        )
    return members


def _declared_on(ids: list[int]) -> dict[int, dt.date]:
    """The day each entry was declared: its declaration in the audit trail. Entries loaded
    with a data set were not declared here and have none."""
    label = Interest._meta.label_lower
    found: dict[int, dt.date] = {}
    for object_id, at in (
        AuditEvent.objects.filter(
            action="declare_interest", object_type=label, object_id__in=[str(i) for i in ids]
        )
        .order_by("id")
        .values_list("object_id", "at")
    ):
        found.setdefault(int(object_id), timezone.localtime(at).date())
    return found


def board_interests_link(board: Any) -> list[PageLink]:
    """The board page's link to its members' published register of interests."""
    url = reverse("meetings:board-interests", args=[board.key])
    return [PageLink("Register of interests of the board's members", url)]
