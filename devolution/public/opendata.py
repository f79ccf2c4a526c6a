"""The open data (SPEC §15): bulk downloads of the public record, each with its data
dictionary (column, meaning, type), under the Open Government Licence v3.0, with the
stable identifiers the registers use (GSS and ODS codes, board, meeting and commitment
keys). Everything here is the public's reading: decisions through meetings' publication
rule (selectors.decision_rows with PUBLIC), and only the registers the public reads."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery

from devolution.commitments.models import Commitment, ProgressUpdate
from devolution.governance.models import Board, BoardMember
from devolution.meetings.models import Meeting
from devolution.partners.models import Organisation, Partnership, Place

from . import selectors
from .rules.kinds import BINDING_WORDS, KINDS

# A column's type, as the data dictionary names it, and the Python values it allows
# (None is allowed in every column: unknown stays empty, never nought).
TYPES: dict[str, tuple[type, ...]] = {
    "identifier": (str,),
    "text": (str,),
    "date": (str,),
    "integer": (int,),
    "boolean": (bool,),
    "list of identifiers": (str,),
}


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    type: str
    values: tuple[str, ...] = ()  # the values it may hold, where they are a fixed few

    def dictionary(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"column": self.name, "meaning": self.meaning, "type": self.type}
        if self.values:
            entry["values"] = list(self.values)
        return entry


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[dict[str, Any]]]
    # The rows of one partnership's business (the partnership in view, else every row),
    # for a dataset that is a register of it: as the page it comes from reads it.
    partnership_rows: Callable[[Partnership | None], Iterable[dict[str, Any]]] | None = None

    def rows_of(self, partnership: Partnership | None) -> Iterable[dict[str, Any]]:
        """The dataset's rows, of `partnership` where it is a register of one's business."""
        if self.partnership_rows is not None:
            return self.partnership_rows(partnership)
        return self.rows()


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _places() -> Iterator[dict[str, Any]]:
    for p in Place.objects.order_by("level__rank", "code").values(
        "code", "scheme", "name", "level__key", "parent__code", "population"
    ):
        yield {
            "code": p["code"],
            "scheme": p["scheme"],
            "name": p["name"],
            "level": p["level__key"],
            "parent": p["parent__code"],
            "population": p["population"],
        }


def _organisations() -> Iterator[dict[str, Any]]:
    for o in Organisation.objects.order_by("key").values(
        "key",
        "name",
        "type",
        "ods_code",
        "gss_code",
        "companies_house",
        "charity_number",
        "website",
    ):
        yield {k: (v or None) if isinstance(v, str) and k != "key" else v for k, v in o.items()}


def _joined(pairs: Iterable[tuple[int, str]]) -> dict[int, str]:
    found: dict[int, list[str]] = {}
    for pk, key in pairs:
        found.setdefault(pk, []).append(key)
    return {pk: ";".join(sorted(keys)) for pk, keys in found.items()}


def _partnerships() -> Iterator[dict[str, Any]]:
    members = _joined(
        Partnership.members.through.objects.values_list("partnership_id", "organisation__key")
    )
    footprint = _joined(
        Partnership.footprint.through.objects.values_list("partnership_id", "place__code")
    )
    for p in Partnership.objects.order_by("key").values("id", "key", "name", "kind"):
        yield {
            "key": p["key"],
            "name": p["name"],
            "kind": p["kind"],
            "members": members.get(p["id"]),
            "footprint": footprint.get(p["id"]),
        }


def _boards() -> Iterator[dict[str, Any]]:
    for b in Board.objects.order_by("key").values(
        "key",
        "name",
        "status",
        "partnership__key",
        "reports_to__key",
        "current_phase__key",
        "current_phase__name",
        "footprint__code",
    ):
        yield {
            "key": b["key"],
            "name": b["name"],
            "partnership": b["partnership__key"],
            "status": b["status"],
            "phase": b["current_phase__key"],
            "phase_name": b["current_phase__name"],
            "reports_to": b["reports_to__key"],
            "footprint": b["footprint__code"],
        }


def _seats() -> Iterator[dict[str, Any]]:
    for m in BoardMember.objects.order_by("board__key", "id").values(
        "board__key",
        "seat_rule__label",
        "name",
        "title",
        "organisation__key",
        "place__code",
        "office",
    ):
        yield {
            "board": m["board__key"],
            "seat": m["seat_rule__label"],
            "name": m["name"] or None,
            "title": m["title"] or None,
            "organisation": m["organisation__key"],
            "place": m["place__code"],
            "office": m["office"] or None,
        }


def _meetings() -> Iterator[dict[str, Any]]:
    for m in Meeting.objects.order_by("date", "key").values(
        "key", "board__key", "date", "date_precision", "status", "place"
    ):
        yield {
            "key": m["key"],
            "board": m["board__key"],
            "date": _day(m["date"]),
            "date_precision": m["date_precision"],
            "status": m["status"],
            "place": m["place"] or None,
        }


def decision_record(row: dict[str, Any]) -> dict[str, Any]:
    """A decision as the register publishes it (downloads, the API's rows)."""
    return {
        "meeting": row["item__meeting__key"],
        "board": row["item__meeting__board__key"],
        "date": _day(row["item__meeting__date"]),
        "date_precision": row["item__meeting__date_precision"],
        "item": row["item__key"],
        "title": row["item__title"],
        "kind": selectors.register_kind(row),
        "outcome": row["outcome"],
        "binding": row["binding"],
        "to_phase": row["item__gateway_phase__key"],
        "text": row["text"] or None,
        "papers": row["papers"],
        "declarations": row["declarations"],
        "conflict_flags": row["flags"],
        "rulings": row["rulings"],
    }


def _decisions(partnership: Partnership | None = None) -> Iterator[dict[str, Any]]:
    for row in selectors.decision_rows(selectors.PUBLIC, partnership=partnership):
        yield decision_record(row)


def _commitments() -> Iterator[dict[str, Any]]:
    latest = ProgressUpdate.objects.filter(commitment=OuterRef("pk")).order_by("-date", "-id")
    for c in (
        Commitment.objects.order_by("reference")
        .annotate(
            update_date=Subquery(latest.values("date")[:1]),
            update_text=Subquery(latest.values("progress_to_date")[:1]),
        )
        .values(
            "reference",
            "text",
            "theme__key",
            "lead_owner__key",
            "board__key",
            "partnership__key",
            "status",
            "rag",
            "update_date",
            "update_text",
        )
    ):
        yield {
            "reference": c["reference"],
            "text": c["text"],
            "theme": c["theme__key"],
            "lead_owner": c["lead_owner__key"],
            "board": c["board__key"],
            "partnership": c["partnership__key"],
            "status": c["status"] or None,
            "rag": c["rag"] or None,
            "latest_progress_date": _day(c["update_date"]),
            "latest_progress": c["update_text"],
        }


C = Column
DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "places",
        "Places",
        "England's places the partnerships cover: regions, STPs, boroughs and wards.",
        (
            C("code", "The place's code: its GSS code, or its STP or ODS code", "identifier"),
            C("scheme", "Which scheme the code is of (gss, stp, ods)", "text"),
            C("name", "The place's name", "text"),
            C("level", "What kind of place it is (its level's key)", "identifier"),
            C("parent", "The code of the place it is part of; empty for none", "identifier"),
            C(
                "population",
                "People living there, where a source gives it; empty if unknown",
                "integer",
            ),
        ),
        _places,
    ),
    Dataset(
        "organisations",
        "Organisations",
        "The organisations in the partnerships, with their national codes.",
        (
            C("key", "The organisation's key in this register", "identifier"),
            C("name", "Its name", "text"),
            C("type", "What kind of organisation it is", "text"),
            C("ods_code", "Its NHS ODS code; empty if it has none", "identifier"),
            C("gss_code", "Its GSS code (a council); empty if it has none", "identifier"),
            C("companies_house", "Its Companies House number; empty if none", "identifier"),
            C("charity_number", "Its Charity Commission number; empty if none", "identifier"),
            C("website", "Its website", "text"),
        ),
        _organisations,
    ),
    Dataset(
        "partnerships",
        "Partnerships",
        "The partnerships, their members and the places they cover.",
        (
            C("key", "The partnership's key", "identifier"),
            C("name", "Its name", "text"),
            C("kind", "What kind of partnership it is", "text"),
            C("members", "Its member organisations' keys, separated by ';'", "list of identifiers"),
            C(
                "footprint",
                "The codes of the places it covers, separated by ';'",
                "list of identifiers",
            ),
        ),
        _partnerships,
    ),
    Dataset(
        "boards",
        "Boards",
        "Every board, its partnership, the board it reports to and its phase.",
        (
            C("key", "The board's key", "identifier"),
            C("name", "Its name", "text"),
            C("partnership", "Its partnership's key", "identifier"),
            C("status", "Whether it is statutory, shadow or informal", "text"),
            C("phase", "The key of the phase it is in; empty if unknown", "identifier"),
            C("phase_name", "The phase's name", "text"),
            C("reports_to", "The key of the board it reports to; empty for none", "identifier"),
            C("footprint", "The code of the place it covers", "identifier"),
        ),
        _boards,
    ),
    Dataset(
        "seats",
        "Board seats",
        "Who sits on each board, and for which organisation or place.",
        (
            C("board", "The board's key", "identifier"),
            C("seat", "The seat, in the terms of reference's words; empty if not given", "text"),
            C("name", "The member's name, where published", "text"),
            C("title", "The member's title", "text"),
            C("organisation", "The key of the organisation they represent", "identifier"),
            C("place", "The code of the place they represent", "identifier"),
            C("office", "Their office on the board (chair, vice chair)", "text"),
        ),
        _seats,
    ),
    Dataset(
        "meetings",
        "Meetings",
        "Every board meeting, held or to come.",
        (
            C("key", "The meeting's key", "identifier"),
            C("board", "The board's key", "identifier"),
            C("date", "The day it meets (YYYY-MM-DD)", "date"),
            C("date_precision", "How much of the date is known: day, month or year", "text"),
            C(
                "status",
                "Scheduled, agenda published, held, minutes drafted or approved, cancelled",
                "text",
            ),
            C("place", "Where it meets", "text"),
        ),
        _meetings,
    ),
    Dataset(
        "decisions",
        "Decisions",
        "Every published decision of the boards of the partnership in view "
        "(?partnership=<key>, else the default): the decisions register.",
        (
            C("meeting", "The meeting's key", "identifier"),
            C("board", "The board's key", "identifier"),
            C("date", "The meeting's date (YYYY-MM-DD)", "date"),
            C("date_precision", "How much of the date is known: day, month or year", "text"),
            C("item", "The agenda item's key, within its meeting", "identifier"),
            C("title", "The item's title", "text"),
            C(
                "kind",
                "The kind of decision: a phase move, a funding allocation, a capital business "
                "case, or other",
                "text",
                tuple(KINDS),
            ),
            C(
                "outcome",
                "What the board decided: agreed, not agreed or deferred",
                "text",
                ("agreed", "not_agreed", "deferred"),
            ),
            C(
                "binding",
                f"true: binding; false: a recommendation; empty: {BINDING_WORDS[None].lower()}",
                "boolean",
            ),
            C("to_phase", "For a phase move, the key of the phase moved to", "identifier"),
            C("text", "The decision as minuted; empty where not minuted", "text"),
            C("papers", "How many papers the item has", "integer"),
            C("declarations", "How many declarations of interest were made on the item", "integer"),
            C("conflict_flags", "How many potential conflicts were flagged on the item", "integer"),
            C("rulings", "How many rulings the chair made on them", "integer"),
        ),
        _decisions,
        _decisions,
    ),
    Dataset(
        "commitments",
        "Commitments and progress",
        "Every commitment with its latest progress update.",
        (
            C("reference", "The commitment's reference", "identifier"),
            C("text", "The commitment, in its source's words", "text"),
            C("theme", "Its theme's key", "identifier"),
            C("lead_owner", "The key of the organisation that leads it", "identifier"),
            C("board", "The key of the board that oversees it", "identifier"),
            C("partnership", "Its partnership's key", "identifier"),
            C("status", "Its delivery status; empty if unknown", "text"),
            C("rag", "Its red, amber or green rating; empty if unknown", "text"),
            C("latest_progress_date", "The date of its latest progress update", "date"),
            C("latest_progress", "Its latest progress update: progress to date", "text"),
        ),
        _commitments,
    ),
)

BY_KEY = {d.key: d for d in DATASETS}


def dataset(key: str) -> Dataset | None:
    return BY_KEY.get(key)
