"""What the search index holds of each area (SPEC §15): for each kind, the entries of
some or all of its rows, with who may see each, by the areas' own rules:

- organisations, places, boards and commitments are public (the registers are);
- a meeting is public, its date, board and place; an agenda item, its decision and its
  papers are seen by whoever sees the item (meetings.visibility): the public a public item
  of a published agenda, staff every public item, a confidential one its board's members;
- progress updates, and the estates register's sites, are for partnership staff;
- a bid is for whoever the bids' own rule lets read it (funding's bids_visible: its
  applicants, assessors once submitted, everyone once decided): the rule is a part of
  each search's query (rules/scope.py), so a bid's state changing changes who finds it
  without its entry being written again.

Each source reads its rows with one query of plain values, so that a rebuild of an
England-sized index takes minutes, not hours."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.urls import reverse

from devolution.commitments.models import Commitment, ProgressUpdate
from devolution.core.reports import date_text
from devolution.estates.models import Site
from devolution.funding.models import Bid
from devolution.governance.models import Board
from devolution.meetings.models import AgendaItem, Decision, Meeting, Paper
from devolution.meetings.visibility import PUBLIC, visible_flag
from devolution.partners.models import Organisation, Place

from .rules.query import clean

Row = dict[str, Any]
Ids = Iterable[int] | None


def _only(rows: Any, ids: Ids) -> Any:
    return rows if ids is None else rows.filter(pk__in=list(ids))


def _entry(kind: str, pk: int, title: str, url: str, body: str = "", **rest: Any) -> Row:
    return {
        "kind": kind,
        "ref": f"{kind}:{pk}",
        "title": clean(title)[:400],
        "body": clean(body),
        "url": url,
        "public_url": rest.get("public_url", ""),
        "board_id": rest.get("board_id"),
        "date": rest.get("date"),
        "date_precision": rest.get("date_precision") or "day",
        "public": rest.get("public", False),
        "staff": rest.get("staff", False),
        "reader_board_id": rest.get("reader_board_id"),
    }


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def organisations(ids: Ids = None) -> Iterator[Row]:
    for pk, name, short, description, ods in _only(Organisation.objects, ids).values_list(
        "pk", "name", "short_name", "description", "ods_code"
    ):
        url = reverse("partners:organisation-detail", args=[pk])
        yield _entry(
            "organisation", pk, name, url, _lines(short, ods, description), public=True, staff=True
        )


def places(ids: Ids = None) -> Iterator[Row]:
    for pk, code, name, level in _only(Place.objects, ids).values_list(
        "pk", "code", "name", "level__name"
    ):
        url = reverse("partners:place-detail", args=[code])
        # A national code (GSS, ODS) is searched for and shown; a key of our own is not.
        shown = code if code.upper() == code else ""
        yield _entry("place", pk, name, url, _lines(shown, level), public=True, staff=True)


def boards(ids: Ids = None) -> Iterator[Row]:
    for pk, key, name, short in _only(Board.objects, ids).values_list(
        "pk", "key", "name", "short_name"
    ):
        url = reverse("governance:board-detail", args=[key])
        yield _entry("board", pk, name, url, short, board_id=pk, public=True, staff=True)


def meetings(ids: Ids = None) -> Iterator[Row]:
    rows = _only(Meeting.objects, ids).values_list(
        "pk", "key", "board_id", "board__name", "date", "date_precision", "place"
    )
    for pk, key, board_id, board, date, precision, place in rows:
        yield _entry(
            "meeting",
            pk,
            f"{board} meeting, {date_text(date, precision)}",
            reverse("meetings:meeting-detail", args=[key]),
            place,
            public_url=reverse("meetings:public-meeting", args=[key]),
            board_id=board_id,
            date=date,
            date_precision=precision,
            public=True,
            staff=True,
        )


def _on_public_meeting(key: str, item_id: int) -> str:
    """An item (or its decision) where the public reads it: on its meeting's public page."""
    return f"{reverse('meetings:public-meeting', args=[key])}#item-{item_id}"


def _seen(public: bool, published: bool, board_id: int) -> dict[str, Any]:
    """Who sees what belongs to an item, by meetings.visibility's rule."""
    return {
        "public": published,
        "staff": public,
        "reader_board_id": None if public else board_id,
    }


def items(ids: Ids = None) -> Iterator[Row]:
    rows = _only(AgendaItem.objects, ids).annotate(is_published=visible_flag(PUBLIC))
    for (
        pk,
        key,
        title,
        recommendation,
        presenter,
        public,
        published,
        board_id,
        date,
        precision,
    ) in rows.values_list(
        "pk",
        "meeting__key",
        "title",
        "recommendation",
        "presenter",
        "public",
        "is_published",
        "meeting__board_id",
        "meeting__date",
        "meeting__date_precision",
    ):
        url = reverse("meetings:meeting-detail", args=[key])
        yield _entry(
            "item",
            pk,
            title,
            url,
            _lines(recommendation, presenter),
            public_url=_on_public_meeting(key, pk),
            board_id=board_id,
            date=date,
            date_precision=precision,
            **_seen(public, published, board_id),
        )


def decisions(ids: Ids = None) -> Iterator[Row]:
    rows = _only(Decision.objects, ids).annotate(is_published=visible_flag(PUBLIC, "item__"))
    fields = (
        "pk",
        "item__meeting__key",
        "item_id",
        "item__title",
        "text",
        "item__public",
        "is_published",
        "item__meeting__board_id",
        "item__meeting__date",
        "item__meeting__date_precision",
    )
    for (
        pk,
        key,
        item,
        title,
        text,
        public,
        published,
        board_id,
        date,
        precision,
    ) in rows.values_list(*fields):
        url = reverse("meetings:meeting-detail", args=[key])
        yield _entry(
            "decision",
            pk,
            f"Decision: {title}",
            url,
            text,
            public_url=_on_public_meeting(key, item),
            board_id=board_id,
            date=date,
            date_precision=precision,
            **_seen(public, published, board_id),
        )


def papers(ids: Ids = None) -> Iterator[Row]:
    """A paper is opened by its download; one without a file (the London data set's,
    which name the seeds' papers without holding them) on its item, at its meeting."""
    rows = _only(Paper.objects, ids).annotate(is_published=visible_flag(PUBLIC, "item__"))
    for (
        pk,
        title,
        purpose,
        summary,
        action,
        text,
        file,
        key,
        item,
        public,
        published,
        board_id,
        date,
        precision,
    ) in rows.values_list(
        "pk",
        "title",
        "purpose",
        "executive_summary",
        "action_required",
        "text",
        "file",
        "item__meeting__key",
        "item_id",
        "item__public",
        "is_published",
        "item__meeting__board_id",
        "item__meeting__date",
        "item__meeting__date_precision",
    ):
        if file:
            url = reverse("meetings:paper-download", args=[pk])
            public_url = reverse("meetings:public-paper-download", args=[pk])
        else:
            url = reverse("meetings:meeting-detail", args=[key])
            public_url = _on_public_meeting(key, item)
        yield _entry(
            "paper",
            pk,
            title,
            url,
            _lines(purpose, summary, action, text),
            public_url=public_url,
            board_id=board_id,
            date=date,
            date_precision=precision,
            **_seen(public, published, board_id),
        )


def commitments(ids: Ids = None) -> Iterator[Row]:
    for pk, reference, text, board_id in _only(Commitment.objects, ids).values_list(
        "pk", "reference", "text", "board_id"
    ):
        url = reverse("commitments:commitment-detail", args=[reference])
        title = f"Commitment {reference}: {text}"[:300]
        yield _entry("commitment", pk, title, url, text, board_id=board_id, public=True, staff=True)


def updates(ids: Ids = None) -> Iterator[Row]:
    rows = _only(ProgressUpdate.objects, ids).values_list(
        "pk",
        "commitment__reference",
        "commitment__board_id",
        "date",
        "progress_to_date",
        "next_steps",
        "challenges",
    )
    for pk, reference, board_id, date, progress, steps, challenges in rows:
        url = reverse("commitments:commitment-detail", args=[reference])
        yield _entry(
            "update",
            pk,
            f"Progress on commitment {reference}, {date:%-d %B %Y}",
            url,
            _lines(progress, steps, challenges),
            board_id=board_id,
            date=date,
            staff=True,
        )


def bids(ids: Ids = None) -> Iterator[Row]:
    rows = _only(Bid.objects, ids).values_list(
        "pk", "proposal__ref", "proposal__title", "proposal__summary", "outcomes",
        "fund__board_id",
    )  # fmt: skip
    for pk, ref, title, summary, outcomes, board_id in rows:
        url = reverse("funding:bid-detail", args=[ref])
        yield _entry(
            "bid",
            pk,
            title,
            url,
            _lines(ref, summary, outcomes),
            board_id=board_id,
        )


def sites(ids: Ids = None) -> Iterator[Row]:
    rows = _only(Site.objects, ids).values_list(
        "pk", "ref", "name", "address", "postcode", "use", "owner__name"
    )
    for pk, ref, name, address, postcode, use, owner in rows:
        url = reverse("estates:site-detail", args=[ref])
        yield _entry("site", pk, name, url, _lines(ref, address, postcode, use, owner), staff=True)


# Each kind, the model whose rows it indexes, and the entries of some (or all) of them.
SOURCES: dict[str, tuple[type[Any], Callable[[Ids], Iterator[Row]]]] = {
    "organisation": (Organisation, organisations),
    "place": (Place, places),
    "board": (Board, boards),
    "meeting": (Meeting, meetings),
    "item": (AgendaItem, items),
    "decision": (Decision, decisions),
    "paper": (Paper, papers),
    "commitment": (Commitment, commitments),
    "update": (ProgressUpdate, updates),
    "bid": (Bid, bids),
    "site": (Site, sites),
}


def dependents(kind: str, pk: int) -> dict[str, list[int]]:
    """What else a change to one row changes who may see: a meeting's status (its agenda
    published) and an item's public flag reach the item's decision and papers."""
    if kind == "meeting":
        item_ids = list(AgendaItem.objects.filter(meeting_id=pk).values_list("pk", flat=True))
    elif kind == "item":
        item_ids = [pk]
    else:
        return {}
    found = {
        "decision": list(
            Decision.objects.filter(item_id__in=item_ids).values_list("pk", flat=True)
        ),
        "paper": list(Paper.objects.filter(item_id__in=item_ids).values_list("pk", flat=True)),
    }
    if kind == "meeting":
        found["item"] = item_ids
    return found
