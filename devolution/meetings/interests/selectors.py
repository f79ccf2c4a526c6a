"""Every read of the register of interests and of the declarations made at meetings
(SPEC §9): entries by person or organisation, the entries in force at a meeting, and a
meeting's declarations as their reader may read them (visibility.py)."""

from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from devolution.core.versions import cached
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
