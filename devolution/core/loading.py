"""One loader for every area's reference data, driven by a declaration of each model.

An area declares, in its `dataset.py`, the YAML files it ships and for each list in them
the model it fills: the natural key that finds a record again, the fields, the foreign
keys (found by their own natural keys) and the parts nested inside each row. This module
reads the files, checks every value against the model, and creates or brings up to date
each record with its source, auditing only what changed, all in one transaction: if any
record is wrong nothing is stored and every problem names the file, the record and the
field. Keys of a file that no declaration loads are reported by name, never skipped in
silence. See docs/adr/0006-one-loader-and-parameters.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .citations import cited_papers, plain_citations
from .errors import InvalidInput, Problem
from .models import Source, User
from .parameters import forget_parameters
from .services import LoadReport, upsert_checked

PACKAGE = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Row:
    """One row of a list in a data file, with what a field may need to read beside it."""

    data: Mapping[str, Any]
    position: int
    parent: Any = None
    parent_data: Mapping[str, Any] = field(default_factory=dict)
    previous: Any = None

    def get(self, path: str) -> Any:
        value: Any = self.data
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        return value


@dataclass(frozen=True)
class Value:
    """A plain field: checked and converted by the model field's own type and choices."""

    name: str
    attr: str = ""
    required: bool = False
    label: str = ""
    read: Callable[[Row], Any] | None = None
    initial_only: bool = False  # set when the record is made; people change it after


@dataclass(frozen=True)
class Ref:
    """A foreign key (or, with `many`, a many-to-many) found by the target's natural key."""

    name: str
    model: type[models.Model]
    by: str = "key"
    attr: str = ""
    required: bool = False
    label: str = ""
    many: bool = False
    within: Callable[[Row], dict[str, Any] | None] | None = None  # None: nothing can match
    read: Callable[[Row], Any] | None = None
    initial_only: bool = False


Spec = Value | Ref


@dataclass(frozen=True)
class Model:
    """How one list of a data file becomes records of one model."""

    section: str
    model: type[models.Model]
    key: tuple[str, ...]
    fields: tuple[Spec, ...]
    what: str = ""  # the plural the load report uses
    parent: str = ""  # for a nested list, the field that points at the record it is in
    children: tuple[Model, ...] = ()
    single: bool = False  # the nested part is one mapping, not a list
    when: Callable[[Mapping[str, Any]], bool] | None = None
    kept: Callable[[Any], bool] | None = None  # a record people have changed since is kept
    checks: tuple[Callable[[Row], list[tuple[str, str]]], ...] = ()
    read_by_parent: tuple[str, ...] = ()
    not_loaded: Mapping[str, str] = field(default_factory=dict)
    required: bool = False

    @property
    def label(self) -> str:
        return self.what or self.section


@dataclass(frozen=True)
class DataFile:
    """A YAML file of a data set and the models its lists fill, in the order given."""

    path: Path
    models: tuple[Model, ...]
    not_loaded: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """How problems and reports name the file: within the package, or as given."""
        try:
            return str(self.path.relative_to(PACKAGE))
        except ValueError:
            return str(self.path)


@dataclass
class DatasetReport(LoadReport):
    """What a load created and updated, and which parts of the files it did not load."""

    not_loaded: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [super().summary()]
        if self.not_loaded:
            lines.append("Not loaded (kept in the file only):")
            lines += [f"  - {where}: {why}" for where, why in sorted(self.not_loaded.items())]
        return "\n".join(lines)


# Texts stored as the file gives them: a source's own words, and what names a record.
VERBATIM = frozenset({"quote", "quotes", "reference", "key", "code", "title_in_source"})

NO_REASON = "the loader does not know this part; nothing here was stored"


class _Loader:
    def __init__(self, file_name: str, actor: User | None, report: DatasetReport) -> None:
        self.file_name = file_name
        self.actor = actor
        self.report = report
        self.problems: list[Problem] = []
        self._found: dict[tuple[Any, ...], Any] = {}
        self._titles: dict[str, str] = {}

    def problem(self, where: str, message: str) -> None:
        prefix = f"{self.file_name}: " if self.file_name else ""
        self.problems.append(Problem(message, field=prefix + where))

    def not_loaded(self, where: str, why: str) -> None:
        self.report.not_loaded.setdefault(where, why)

    # --- values ----------------------------------------------------------------------

    def convert(self, f: models.Field[Any, Any], spec: Value, raw: Any) -> tuple[Any, str]:
        """The value the model field takes, or the reason the raw value does not fit."""
        label = spec.label or str(f.verbose_name)
        if raw is None or raw == "":
            if spec.required:
                return None, f"is required: give the {label}"
            if f.has_default():
                return f.get_default(), ""
            if isinstance(f, models.CharField | models.TextField) and not f.null:
                return "", ""
            return None, ""
        if f.choices:
            allowed = [str(c[0]) for c in f.flatchoices]
            if raw not in allowed:
                return None, f"unknown {label} {raw!r}: one of {', '.join(allowed)}"
            return raw, ""
        if isinstance(f, models.BooleanField):
            return (raw, "") if isinstance(raw, bool) else (None, "must be true or false")
        if isinstance(f, models.IntegerField):
            ok = isinstance(raw, int) and not isinstance(raw, bool)
            return (raw, "") if ok else (None, f"{label} must be a whole number")
        if isinstance(f, models.DecimalField):
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                return None, f"{label} must be a number"
            try:
                # At the field's own precision, so a reload compares equal to what is stored.
                return Decimal(str(raw)).quantize(Decimal(1).scaleb(-f.decimal_places)), ""
            except InvalidOperation:
                return None, f"{label} must be a number"
        if isinstance(f, models.DateField):
            if isinstance(raw, dt.date):
                return raw, ""
            try:
                return dt.date.fromisoformat(str(raw)), ""
            except ValueError:
                return None, f"{label} must be a date (YYYY-MM-DD)"
        if isinstance(f, models.JSONField):
            return (list(raw), "") if isinstance(raw, list) else (None, f"{label} must be a list")
        if isinstance(f, models.CharField | models.TextField):
            if not isinstance(raw, str):
                return None, f"{label} must be text"
            if spec.name in VERBATIM or isinstance(f, models.SlugField):
                return raw, ""
            return plain_citations(raw, self.paper_titles(raw)), ""
        return raw, ""

    def paper_titles(self, text: str) -> dict[str, str]:
        """Each board paper's title by its number ("004"), for the citations `text` makes
        in the maintainers' shorthand (core.citations); read again when it cites a paper
        not read yet (the file being loaded may have just stored it)."""
        if not set(cited_papers(text)) <= set(self._titles):
            self._titles = {
                key.removeprefix("seed-"): title
                for key, title in Source.objects.filter(key__startswith="seed-").values_list(
                    "key", "title"
                )
            }
        return self._titles

    def find(self, ref: Ref, value: Any, row: Row) -> Any:
        within = ref.within(row) if ref.within else {}
        if within is None:
            return None
        memo = (ref.model, ref.by, value, tuple(sorted(within.items())))
        if memo in self._found:
            return self._found[memo]
        obj = ref.model._default_manager.filter(**{ref.by: value}, **within).first()
        if obj is not None:
            self._found[memo] = obj
        return obj

    def resolve(
        self, decl: Model, row: Row, where: str
    ) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, list[Any]], bool]:
        """The row's values, its many-to-many targets (those to its own model apart, set
        once the whole list is stored), and whether every field fitted."""
        values: dict[str, Any] = {}
        m2m: dict[str, list[Any]] = {}
        later: dict[str, list[Any]] = {}
        ok = True
        for spec in decl.fields:
            attr = spec.attr or spec.name
            raw = spec.read(row) if spec.read else row.get(spec.name)
            at = f"{where}.{spec.name}"
            if isinstance(spec, Value):
                model_field = decl.model._meta.get_field(attr)
                assert isinstance(model_field, models.Field), f"{attr} is not a stored field"
                value, wrong = self.convert(model_field, spec, raw)
                if wrong:
                    self.problem(at, wrong)
                    ok = False
                values[attr] = value
                continue
            label = spec.label or ref_label(spec)
            if spec.many:
                if raw is not None and not (
                    isinstance(raw, list) and all(isinstance(k, str | int) for k in raw)
                ):
                    self.problem(at, f"must be a list of {label} keys")
                    ok = False
                    continue
                if spec.model is decl.model:
                    later[attr] = list(raw or [])
                    continue
                found = []
                for key in raw or []:
                    obj = self.find(spec, key, row)
                    if obj is None:
                        self.problem(at, f"unknown {label} {key!r}")
                        ok = False
                    found.append(obj)
                m2m[attr] = found
                continue
            if raw is None or raw == "":
                if spec.required:
                    self.problem(at, f"is required: give the {label}")
                    ok = False
                values[attr] = None
                continue
            if not isinstance(raw, str | int):
                self.problem(at, f"must be the key of a {label}")
                ok = False
                continue
            obj = self.find(spec, raw, row)
            if obj is None:
                self.problem(at, f"unknown {label} {raw!r}")
                ok = False
            values[attr] = obj
        for check in decl.checks:
            for name, message in check(row):
                self.problem(f"{where}.{name}", message)
                ok = False
        return values, m2m, later, ok

    # --- records ---------------------------------------------------------------------

    def store(
        self, decl: Model, lookup: dict[str, Any], values: dict[str, Any], m2m: Any, where: str
    ) -> Any:
        existing = decl.model._default_manager.filter(**lookup).first()
        if existing is not None and decl.kept is not None and decl.kept(existing):
            return existing
        if existing is not None:
            for spec in decl.fields:
                attr = spec.attr or spec.name
                if spec.initial_only and getattr(existing, attr) not in (None, ""):
                    values.pop(attr, None)
        try:
            with transaction.atomic():
                return upsert_checked(
                    decl.model,
                    lookup,
                    values,
                    m2m,
                    actor=self.actor,
                    report=self.report,
                    what=decl.label,
                )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.problem(f"{where}.{name}", " ".join(messages))
        except IntegrityError:
            self.problem(where, "another record already has the same key or unique value")
        return None

    def rows(self, decl: Model, container: Mapping[str, Any], path: str) -> list[Any] | None:
        raw = container.get(decl.section)
        if raw is None:
            return None
        if decl.single:
            if not isinstance(raw, Mapping):
                self.problem(path + decl.section, "must be a mapping of fields")
                return None
            return [raw] if decl.when is None or decl.when(raw) else []
        if not isinstance(raw, list) or not all(isinstance(r, Mapping) for r in raw):
            self.problem(path + decl.section, "must be a list of records (mappings)")
            return None
        return list(raw)

    def load(
        self,
        decl: Model,
        container: Mapping[str, Any],
        path: str = "",
        parent: Any = None,
        note_path: str = "",
    ) -> None:
        rows = self.rows(decl, container, path)
        if rows is None:
            if decl.required and decl.section not in container:
                self.problem(decl.section, f"the '{decl.section}' list is missing")
            return
        known = (
            {(s.name.split(".")[0]) for s in decl.fields}
            | {c.section for c in decl.children}
            | set(decl.read_by_parent)
            | set(decl.not_loaded)
        )
        here = f"{note_path}{decl.section}"
        for why_key, why in decl.not_loaded.items():
            if any(why_key in r for r in rows):
                self.not_loaded(f"{here}.{why_key}", why)
        for r in rows:
            for unknown in sorted(set(map(str, r)) - known):
                self.not_loaded(f"{here}.{unknown}", NO_REASON)
        previous = None
        stored: list[tuple[dict[str, Any], dict[str, list[Any]], str, Row]] = []
        for index, data in self.ordered(decl, rows, path):
            position = index + 1
            row = Row(data, position, parent, container, previous)
            where = f"{path}{decl.section}" + ("" if decl.single else f"[{index}]")
            if not decl.single:
                where += f" ({record_name(decl, row)})"
            values, m2m, later, ok = self.resolve(decl, row, where)
            lookup = {name: values.pop(name) for name in decl.key if name in values}
            if decl.parent:
                lookup[decl.parent] = parent
            if not ok or (decl.parent and parent is None):
                continue
            obj = self.store(decl, lookup, values, m2m, where)
            if obj is None:
                continue
            previous = obj
            if later:
                stored.append((lookup, later, where, row))
            for child in decl.children:
                self.load(child, data, where + ".", obj, here + ".")
        for lookup, later, where, row in stored:
            m2m = {}
            for attr, keys in later.items():
                spec = next(s for s in decl.fields if (s.attr or s.name) == attr)
                assert isinstance(spec, Ref)
                found = [self.find(spec, k, row) for k in keys]
                for k, obj in zip(keys, found, strict=True):
                    if obj is None:
                        self.problem(f"{where}.{spec.name}", f"unknown {ref_label(spec)} {k!r}")
                m2m[attr] = found
            if all(o is not None for objs in m2m.values() for o in objs):
                self.store(decl, lookup, {}, m2m, where)

    def ordered(
        self, decl: Model, rows: list[Mapping[str, Any]], path: str
    ) -> Iterable[tuple[int, Mapping[str, Any]]]:
        """Rows in file order, except that a row pointing at another of the same list (a
        place's parent, a board's reporting line) comes after it."""
        selfs = [s for s in decl.fields if isinstance(s, Ref) and s.model is decl.model]
        own = [s for s in selfs if not s.many]
        if not own:
            return list(enumerate(rows))
        key_name = next((s.name for s in decl.fields if (s.attr or s.name) == own[0].by), own[0].by)
        in_list = {_key(r.get(key_name)) for r in rows}
        done: set[Any] = set()
        pending = list(enumerate(rows))
        result: list[tuple[int, Mapping[str, Any]]] = []
        while pending:
            ready = [
                (i, r)
                for i, r in pending
                if all(
                    _key(r.get(s.name)) in done or _key(r.get(s.name)) not in in_list for s in own
                )
            ]
            if not ready:
                self.problem(path + decl.section, f"the {decl.label}' {own[0].name} form a loop")
                return result
            result += ready
            done |= {_key(r.get(key_name)) for _, r in ready}
            pending = [p for p in pending if p not in ready]
        return result


def _key(value: Any) -> str | int | None:
    """A natural key as the file gives it; anything else (a list, a mapping) is no key."""
    return value if isinstance(value, str | int) else None


def ref_label(ref: Ref) -> str:
    return ref.label or str(ref.model._meta.verbose_name)


def record_name(decl: Model, row: Row) -> str:
    """The row's natural key as the file gives it, to name the record in a problem."""
    parts = []
    for spec in decl.fields:
        if (spec.attr or spec.name) in decl.key:
            raw = spec.read(row) if spec.read else row.get(spec.name)
            text = "" if raw is None else str(raw)
            parts.append(text if len(text) <= 40 else text[:39] + "…")
    return ", ".join(parts)


def read_file(path: Path) -> dict[str, Any]:
    """A data file's content, or a refusal naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InvalidInput([Problem(f"cannot be read as YAML: {exc}", field=str(path))]) from exc
    if not isinstance(data, dict):
        raise InvalidInput([Problem("is not a data set (a YAML mapping)", field=str(path))])
    return data


def load_data(
    declared: DataFile,
    data: Mapping[str, Any],
    *,
    actor: User | None = None,
    report: DatasetReport | None = None,
    file_name: str | None = None,
) -> DatasetReport:
    """Load one file's content by its declaration; nothing is stored if anything is wrong."""
    report = report if report is not None else DatasetReport()
    loader = _Loader(declared.name if file_name is None else file_name, actor, report)
    sections = {d.section for d in declared.models}
    for key in sorted(set(map(str, data)) - sections):
        loader.not_loaded(key, declared.not_loaded.get(key, NO_REASON))
    with transaction.atomic():
        for decl in declared.models:
            loader.load(decl, data)
        if loader.problems:
            raise InvalidInput(loader.problems)
    forget_parameters()
    return report


def load_files(
    files: Sequence[tuple[DataFile, Mapping[str, Any]]], *, actor: User | None = None
) -> list[tuple[DataFile, DatasetReport]]:
    """Load several files in order, in one transaction: all of them or nothing."""
    with transaction.atomic():
        return [(d, load_data(d, data, actor=actor)) for d, data in files]


def load_declared(
    declared: Sequence[DataFile], *, actor: User | None = None
) -> list[tuple[DataFile, DatasetReport]]:
    """Load data files as their declarations ship them (the embedded data set)."""
    return load_files([(d, read_file(d.path)) for d in declared], actor=actor)


def load_file(declared: DataFile, *, actor: User | None = None) -> DatasetReport:
    """Load one of the data files an area ships."""
    return load_data(declared, read_file(declared.path), actor=actor)


def london_files() -> list[DataFile]:
    """The embedded London data set: settings.LONDON_DATA_SET's files, in order."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    return [import_string(path) for path in settings.LONDON_DATA_SET]


def london_load(actor: User | None = None) -> list[tuple[DataFile, DatasetReport]]:
    """Load the embedded London data set, every area's files in order, all or nothing."""
    return load_declared(london_files(), actor=actor)


def declared_for(path: Path, data: Mapping[str, Any]) -> DataFile:
    """The declaration for another partnership's file: the models of every area's files
    whose lists it has, in the London data set's order."""
    sections = set(data)
    chosen: list[Model] = []
    for declared in london_files():
        for decl in declared.models:
            # A list several areas' files share (parameters, source tables) is loaded once.
            if decl.section in sections and all(decl is not c for c in chosen):
                chosen.append(decl)
    reasons = {k: v for declared in london_files() for k, v in declared.not_loaded.items()}
    return DataFile(path, tuple(chosen), {k: v for k, v in reasons.items() if k in sections})
