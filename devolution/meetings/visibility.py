"""What each reader may see of meetings (SPEC §8, §15; QUALITY R5): the one rule every
door uses, the pages, the API, the agenda pack (page and PDF), the iCalendar feeds, the
central log (page and CSV) and the papers' downloads.

- The public sees the public items of meetings whose agenda is published (a scheduled
  meeting's agenda is a draft), with their papers and decisions, and approved minutes.
- Partnership staff see every meeting's public items, drafts included; a confidential
  item, its papers, the full pack and draft minutes only of a board they sit on.
- The secretariat sees everything.

Who may read a board's confidential business is a pure rule over facts with their scope
(the person's memberships, the board's seats), `rules.access.may_read_confidential`; a
`Reader` carries its answer for the boards asked about, and the QuerySet methods below
turn it into a filter, so a door asks the database only for what its reader may see:
nothing withheld is ever read."""

from dataclasses import dataclass, field
from typing import Any, Self

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet


@dataclass(frozen=True)
class Reader:
    """Who reads, as far as what they may see goes: `boards` are the boards whose
    confidential business they read, of those the door asked about."""

    staff: bool = False
    secretariat: bool = False
    boards: frozenset[int] = field(default_factory=frozenset)

    def reads_confidential(self, board_id: int) -> bool:
        return self.secretariat or board_id in self.boards


PUBLIC = Reader()
# The whole record, as the secretariat reads it: for the bench and the tests.
EVERYTHING = Reader(staff=True, secretariat=True)


# What a row shows in place of an item withheld from its reader, and of the words about it.
CONFIDENTIAL_ITEM = "A confidential item"
DRAFT_ITEM = "An item of an agenda not yet published"
WITHHELD = "Withheld: the item is confidential"
WITHHELD_DRAFT = "Withheld: the agenda is not yet published"


def withheld_words(public: bool) -> tuple[str, str]:
    """(the item, the words about it) for a withheld item, confidential or of a draft."""
    return (DRAFT_ITEM, WITHHELD_DRAFT) if public else (CONFIDENTIAL_ITEM, WITHHELD)


def published_q(prefix: str = "") -> Q:
    """The items the public sees; `prefix` reaches them from another model ("item__")."""
    from .models import Meeting

    # A draft agenda is not published; nor is the agenda of a meeting cancelled, which
    # may never have been.
    return Q(**{f"{prefix}public": True}) & ~Q(
        **{f"{prefix}meeting__status__in": [Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED]}
    )


def visible_q(reader: Reader, prefix: str = "") -> Q:
    """The items `reader` sees: everything for the secretariat; for staff, public items
    and the confidential ones of the boards they sit on; for the public, published_q."""
    if reader.secretariat:
        return Q(**{f"{prefix}pk__isnull": False})
    if reader.staff:
        return Q(**{f"{prefix}public": True}) | Q(
            **{f"{prefix}meeting__board_id__in": reader.boards}
        )
    return published_q(prefix)


def visible_flag(reader: Reader, prefix: str = "") -> "ExpressionWrapper[Q]":
    """visible_q as a column, for rows that show a withheld item's place but not its words
    (the central log, a meeting's declarations)."""
    return ExpressionWrapper(visible_q(reader, prefix), output_field=BooleanField())


class AgendaItemQuerySet(QuerySet[Any]):
    def published(self) -> Self:
        return self.filter(published_q())

    def visible_to(self, reader: Reader) -> Self:
        return self.filter(visible_q(reader))


class PaperQuerySet(QuerySet[Any]):
    """A paper is seen by whoever sees its item."""

    def published(self) -> Self:
        return self.filter(published_q("item__"))

    def visible_to(self, reader: Reader) -> Self:
        return self.filter(visible_q(reader, "item__"))


def minutes_visible(reader: Reader, status: str, board_id: int) -> bool:
    """Approved minutes are published; a draft is read by the board's members and the
    secretariat. Minutes are one row read with their meeting, so this is asked of the
    row in hand rather than of the database."""
    from .models import Minutes

    return status == Minutes.Status.APPROVED or reader.reads_confidential(board_id)
