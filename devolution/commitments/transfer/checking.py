"""Checking every row of a file against what is recorded, and planning the writes: every
problem named by row and column; nothing written."""

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from devolution.core.errors import Problem
from devolution.core.models import Source
from devolution.governance.models import Board
from devolution.partners.models import Level, Organisation

from ..models import Commitment, Milestone, Theme
from .columns import (
    BAD_CHARACTERS,
    BY_NAME,
    COMMITMENT,
    DATE_HINT,
    MAX_CELL,
    MAX_PROBLEMS,
    MILESTONE,
    NAMES,
    RECORD_WORDS,
    RECORDS,
    REFERENCE,
    UPDATE,
    Value,
    clean_text,
    show,
)
from .reading import Sheet


class _Keys:
    """The records a keyed column may name, found by key (or name), in any case."""

    def __init__(
        self,
        what: str,
        plural: str,
        objects: Iterable[Any],
        aliases: Iterable[str] = (),
        list_all: bool = True,
    ) -> None:
        self.what = what
        self.plural = plural
        self.list_all = list_all
        self.by_word: dict[str, Any] = {}
        self.keys: list[str] = []
        ambiguous: set[str] = set()
        objects = list(objects)
        for obj in objects:
            self.keys.append(obj.key)
            self.by_word[obj.key.lower()] = obj
        for obj in objects:
            for alias in aliases:
                word = (getattr(obj, alias) or "").strip().lower()
                if not word or (word in self.by_word and self.by_word[word] is not obj):
                    ambiguous.add(word)
                    continue
                self.by_word[word] = obj
        for word in ambiguous - {k.lower() for k in self.keys}:
            self.by_word.pop(word, None)

    def find(self, text: str) -> Any:
        return self.by_word.get(text.strip().lower())

    def unknown(self, text: str) -> str:
        near = difflib.get_close_matches(text.lower(), self.keys, n=1, cutoff=0.75)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        if self.list_all:
            return f"{show(text)} is not a {self.what}{hint}; {self.plural} are: " + ", ".join(
                self.keys
            )
        return (
            f"{show(text)} is not a {self.what} key{hint}; the keys are in the Keys sheet of "
            "the import template"
        )


class _Choices:
    def __init__(self, what: str, choices: type[models.TextChoices]) -> None:
        self.what = what
        self.values = list(choices.values)
        self.by_word = {str(v).lower(): str(v) for v in choices.values}
        self.by_word.update({str(label).lower(): str(v) for v, label in choices.choices})

    def find(self, text: str) -> str | None:
        return self.by_word.get(text.strip().lower().replace("_", " ")) or self.by_word.get(
            text.strip().lower()
        )

    def unknown(self, text: str) -> str:
        return f"{show(text)} is not a {self.what}; write " + _or(self.values)


def _or(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


@dataclass
class CommitmentPlan:
    row: int
    reference: str
    existing: Commitment | None
    values: dict[str, Any]  # only the fields to write
    supporting: list[Organisation] | None  # None: leave them as they are


@dataclass
class MilestonePlan:
    row: int
    reference: str
    title: str
    existing: Milestone | None
    values: dict[str, Any]


@dataclass
class UpdatePlan:
    row: int
    reference: str
    values: dict[str, Any]


@dataclass
class Plan:
    commitments: list[CommitmentPlan] = field(default_factory=list)
    milestones: list[MilestonePlan] = field(default_factory=list)
    updates: list[UpdatePlan] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RECORDS, 0))


class Checker:
    """Reads every row against what is recorded and plans the writes; writes nothing."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.hidden = 0
        self.themes = _Keys("theme", "themes", Theme.objects.order_by("order", "key"), ["name"])
        self.organisations = _Keys(
            "organisation",
            "organisations",
            Organisation.objects.order_by("key"),
            ["name", "short_name"],
            list_all=False,
        )
        self.boards = _Keys(
            "board", "boards", Board.objects.order_by("key"), ["name", "short_name"]
        )
        self.levels = _Keys("level", "levels", Level.objects.order_by("rank"), ["name"])
        self.sources = _Keys("source", "sources", Source.objects.order_by("key"), list_all=False)
        self.kinds = _Choices("kind of commitment", Commitment.Kind)
        self.statuses = _Choices("status", Commitment.Status)
        self.milestone_statuses = _Choices("status", Milestone.Status)
        self.rags = _Choices("rating", Commitment.Rag)
        self.today = timezone.localdate()

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.hidden += 1
            return
        self.problems.append(Problem(message, field=column, row=row))

    # --- cells

    def text(self, row: int, cells: Mapping[str, Value], column: str) -> str:
        value = cells.get(column, "")
        return value.isoformat() if isinstance(value, dt.date) else value

    def keyed(self, row: int, cells: Mapping[str, Value], column: str, keys: Any) -> Any:
        text = self.text(row, cells, column)
        if not text:
            return None
        found = keys.find(text)
        if found is None:
            self.problem(row, column, keys.unknown(text))
        return found

    def date(self, row: int, cells: Mapping[str, Value], column: str) -> dt.date | None:
        value = cells.get(column, "")
        if isinstance(value, dt.date):
            return value
        if not value:
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.problem(row, column, f"{show(value)} is not a date; {DATE_HINT}")
        return parsed

    def check_cells(self, row: int, record: str, cells: Mapping[str, Value]) -> None:
        for column, value in cells.items():
            if column.startswith("#"):
                self.problem(
                    row,
                    None,
                    f"{show(value)} is in column {int(column[1:]) + 1}, which has no name in "
                    "row 1; name the column or empty the cell",
                )
                continue
            if value == "":
                continue
            if record not in BY_NAME[column].records:
                self.problem(
                    row,
                    column,
                    f"a {record} row does not use this column; leave it blank (it belongs on "
                    + _or([f"a {r} row" for r in BY_NAME[column].records])
                    + ")",
                )
            if isinstance(value, dt.date):
                continue
            if BAD_CHARACTERS.search(value):
                self.problem(
                    row, column, "holds a control character, which a spreadsheet cannot store"
                )
            if len(value) > MAX_CELL:
                self.problem(
                    row,
                    column,
                    f"holds {len(value):,} characters; a cell holds at most {MAX_CELL:,}",
                )

    # --- the file

    def check(self) -> Plan:
        existing = {
            c.reference.lower(): c
            for c in Commitment.objects.prefetch_related("supporting", "milestones", "updates")
        }
        self.existing = existing
        in_file: dict[str, tuple[int, dict[str, Any]]] = {}
        milestones: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        updates: dict[tuple[str, dt.date, str], tuple[int, dict[str, Any]]] = {}
        refs_in_file = {
            self.text(n, cells, "reference").lower()
            for n, cells in self.sheet.rows
            if self.text(n, cells, "record").lower() in RECORD_WORDS
            and RECORD_WORDS[self.text(n, cells, "record").lower()] == COMMITMENT
        }
        plan = Plan()
        for number, cells in self.sheet.rows:
            word = self.text(number, cells, "record")
            record = RECORD_WORDS.get(word.lower())
            if record is None:
                self.problem(
                    number,
                    "record",
                    f"{show(word)} is not a kind of record; write commitment, milestone or update"
                    if word
                    else "say what the row records: commitment, milestone or update",
                )
                continue
            # Every cell of the row is checked, whatever is wrong with the others; a row
            # with any problem is then planned no further.
            before = len(self.problems) + self.hidden
            self.check_cells(number, record, cells)
            reference = self.text(number, cells, "reference")
            known = reference.lower() in existing or reference.lower() in refs_in_file
            if not reference:
                self.problem(
                    number, "reference", f"a {record} row needs the commitment's reference"
                )
            elif not REFERENCE.fullmatch(reference):
                self.problem(
                    number,
                    "reference",
                    f"{show(reference)} is not a reference: use up to 60 letters, digits, '.', "
                    "'-' and '_', starting with a letter or digit",
                )
            elif record != COMMITMENT and not known:
                self.problem(
                    number,
                    "reference",
                    f"there is no commitment {show(reference)}, recorded or in this file",
                )
            if record == COMMITMENT:
                self.commitment(number, reference, cells, in_file, plan, before)
            elif record == MILESTONE:
                self.milestone(number, reference, cells, milestones, plan, before)
            else:
                self.update(number, reference, cells, updates, plan, before)
        if self.hidden:
            self.problems.append(
                Problem(
                    f"… and {self.hidden:,} more problems. Put these right and import the file "
                    "again to see the rest."
                )
            )
        return plan

    def same_again(
        self,
        number: int,
        what: str,
        seen: dict[Any, tuple[int, dict[str, Any]]],
        key: Any,
        given: dict[str, Any],
    ) -> bool:
        """True when the record is on an earlier row: nothing more to do for this one."""
        if key not in seen:
            seen[key] = (number, dict(given))
            return False
        first, earlier = seen[key]
        for column in NAMES:
            if earlier.get(column) != given.get(column):
                shown = show(earlier[column]) if earlier.get(column) else "nothing"
                self.problem(
                    number,
                    column,
                    f"{what} is also on row {first}, with {shown} in this column; give it once, "
                    "or the same each time",
                )
                break
        return True

    def commitment(
        self,
        number: int,
        reference: str,
        cells: Mapping[str, Value],
        seen: dict[Any, tuple[int, dict[str, Any]]],
        plan: Plan,
        before: int,
    ) -> None:
        """Check the row's cells; plan its write if the row (`before`: the number of
        problems found before it) has none."""
        existing = self.existing.get(reference.lower())
        given: dict[str, Any] = {}
        text = self.text(number, cells, "text")
        if text:
            given["text"] = text
        for column, keys in (
            ("theme", self.themes),
            ("lead_owner", self.organisations),
            ("board", self.boards),
            ("level", self.levels),
            ("source", self.sources),
        ):
            found = self.keyed(number, cells, column, keys)
            if found is not None:
                given[column] = found
        for column, choices in (
            ("kind", self.kinds),
            ("status", self.statuses),
            ("rag", self.rags),
        ):
            word = self.text(number, cells, column)
            if word:
                value = choices.find(word)
                if value is None:
                    self.problem(number, column, choices.unknown(word))
                else:
                    given[column] = value
        supporting: list[Organisation] | None = None
        words = [w.strip() for w in re.split(r"[;,\n]", self.text(number, cells, "supporting"))]
        if any(words):
            supporting = []
            for word in (w for w in words if w):
                organisation = self.organisations.find(word)
                if organisation is None:
                    self.problem(number, "supporting", self.organisations.unknown(word))
                elif organisation not in supporting:
                    supporting.append(organisation)
            given["supporting"] = tuple(sorted(o.key for o in supporting))
        if existing is None and reference and _hidden_by_a_page(reference):
            self.problem(
                number,
                "reference",
                f"{show(reference)} is the name of a page of the site, so the commitment's "
                "own page could not be reached; choose another reference",
            )
        if existing is None:
            for column, words_ in (("text", "its text"), ("theme", "its theme")):
                if not self.text(number, cells, column):
                    self.problem(number, column, f"a new commitment needs {words_}")
        if len(self.problems) + self.hidden > before:
            return
        if self.same_again(number, f"commitment {reference}", seen, reference.lower(), given):
            return
        given.pop("supporting", None)
        if existing is not None:
            reference = existing.reference
            given = {k: v for k, v in given.items() if _differs(existing, k, v)}
            if supporting is not None and {o.pk for o in supporting} == {
                o.pk for o in existing.supporting.all()
            }:
                supporting = None
            if not given and supporting is None:
                plan.unchanged[COMMITMENT] += 1
                return
        plan.commitments.append(CommitmentPlan(number, reference, existing, given, supporting))

    def milestone(
        self,
        number: int,
        reference: str,
        cells: Mapping[str, Value],
        seen: dict[Any, tuple[int, dict[str, Any]]],
        plan: Plan,
        before: int,
    ) -> None:
        """Check the row's cells; plan its write if the row (`before`: the number of
        problems found before it) has none."""
        commitment = self.existing.get(reference.lower())
        title = self.text(number, cells, "milestone_title")
        if not title:
            self.problem(number, "milestone_title", "a milestone row needs the milestone's title")
        existing = None
        if commitment is not None and title:
            reference = commitment.reference
            existing = next(
                (m for m in commitment.milestones.all() if clean_text(m.title) == title), None
            )
        given: dict[str, Any] = {}
        for column in ("due", "completed_on"):
            day = self.date(number, cells, column)
            if day is not None:
                given[column] = day
        if given.get("completed_on") and given["completed_on"] > self.today:
            self.problem(
                number, "completed_on", "a milestone cannot be completed on a date still to come"
            )
        status = self.text(number, cells, "status")
        if status:
            value = self.milestone_statuses.find(status)
            if value is None:
                self.problem(number, "status", self.milestone_statuses.unknown(status))
            else:
                given["status"] = value
        source = self.keyed(number, cells, "source", self.sources)
        if source is not None:
            given["source"] = source
        if existing is None and "due" not in given and not self.text(number, cells, "due"):
            self.problem(number, "due", "a new milestone needs the date it is due")
        if len(self.problems) + self.hidden > before:
            return
        key = (reference.lower(), title)
        if self.same_again(number, f"milestone {show(title)} of {reference}", seen, key, given):
            return
        if existing is not None:
            given = {k: v for k, v in given.items() if _differs(existing, k, v)}
            if not given:
                plan.unchanged[MILESTONE] += 1
                return
        plan.milestones.append(MilestonePlan(number, reference, title, existing, given))

    def update(
        self,
        number: int,
        reference: str,
        cells: Mapping[str, Value],
        seen: dict[Any, tuple[int, dict[str, Any]]],
        plan: Plan,
        before: int,
    ) -> None:
        """Check the row's cells; plan its write if the row (`before`: the number of
        problems found before it) has none."""
        commitment = self.existing.get(reference.lower())
        day = self.date(number, cells, "update_date")
        if day is None and not self.text(number, cells, "update_date"):
            self.problem(number, "update_date", "an update row needs the date of the update")
        if day is not None and day > self.today:
            self.problem(number, "update_date", "the date of an update cannot be in the future")
        progress = self.text(number, cells, "progress_to_date")
        if not progress:
            self.problem(number, "progress_to_date", "an update row needs the progress to date")
        given: dict[str, Any] = {"update_date": day, "progress_to_date": progress}
        for column in ("next_steps", "challenges"):
            text = self.text(number, cells, column)
            if text:
                given[column] = text
        source = self.keyed(number, cells, "source", self.sources)
        if source is not None:
            given["source"] = source
        if len(self.problems) + self.hidden > before or day is None:
            return
        key = (reference.lower(), day, progress)
        what = f"the update of {day:%d/%m/%Y} to {reference}"
        if self.same_again(number, what, seen, key, given):
            return
        recorded = None
        if commitment is not None:
            reference = commitment.reference
            recorded = next(
                (
                    u
                    for u in commitment.updates.all()
                    if u.date == day and clean_text(u.progress_to_date) == progress
                ),
                None,
            )
        if recorded is not None:
            for column in ("next_steps", "challenges", "source"):
                if column in given and _differs(recorded, column, given[column]):
                    self.problem(
                        number,
                        column,
                        f"{what} with this progress to date is recorded already, with other "
                        f"{column.replace('_', ' ')}; a recorded update is never changed: give "
                        "a new update its own date or progress to date",
                    )
                    return
            plan.unchanged[UPDATE] += 1
            return
        values = {
            "date": day,
            "progress_to_date": progress,
            "next_steps": given.get("next_steps", ""),
            "challenges": given.get("challenges", ""),
        }
        if source is not None:
            values["source"] = source
        plan.updates.append(UpdatePlan(number, reference, values))


def _hidden_by_a_page(reference: str) -> bool:
    """Whether another page's address (the import page's, say) would hide the commitment's
    page: such a reference is refused for a new commitment."""
    try:
        url = reverse("commitments:commitment-detail", args=[reference])
        return resolve(url).view_name != "commitments:commitment-detail"
    except (NoReverseMatch, Resolver404):
        return False


def _parse_date(text: str) -> dt.date | None:
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _differs(obj: models.Model, name: str, given: Any) -> bool:
    """Whether the file's value differs from the record's (a related record by its id, so
    no query; a text by its words, not its line endings or surrounding spaces)."""
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, models.ForeignKey):
        return bool(getattr(obj, model_field.attname) != given.pk)
    stored = getattr(obj, name)
    if isinstance(stored, str) and isinstance(given, str):
        return clean_text(stored) != clean_text(given)
    return bool(stored != given)
