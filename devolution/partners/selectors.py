"""Every read of places and partners that pages and the API share."""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, NamedTuple, TypeVar, overload

from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from devolution.core.models import AuthenticatorReset, Source
from devolution.core.versions import cached, data_version
from devolution.core.words import Term

from .models import (
    GlossaryTerm,
    Level,
    Membership,
    Organisation,
    OrganisationType,
    Partnership,
    Place,
)

# The kinds the doors check a filter against, read from the models' choices.
ORGANISATION_TYPES = tuple(OrganisationType.values)
PARTNERSHIP_KINDS = tuple(Partnership.Kind.values)
SOURCE_KINDS = tuple(Source.Kind.values)
PLACE_SCHEMES = tuple(Place.Scheme.values)


def level_keys() -> set[str]:
    return set(Level.objects.values_list("key", flat=True))


def place_exists(code: str) -> bool:
    return Place.objects.filter(code=code).exists()


def organisation_exists(key: str) -> bool:
    return Organisation.objects.filter(key=key).exists()


def _row_count(through: type[Model], column: str) -> Coalesce:
    """How many rows of a many-to-many table point at each row, as a correlated subquery:
    unlike Count() over a join it groups nothing, so a page of 50 costs the same however
    many rows the table holds (QUALITY P3)."""
    rows = (
        through._default_manager.filter(**{column: OuterRef("pk")})
        .order_by()
        .values(column)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


R = TypeVar("R")
T = TypeVar("T")


class PageRows(Generic[R]):
    """The rows of a list page, for Django's Paginator: it counts `matching` and slices
    it, and only the slice shown is read, by `read`, as plain tuples (QUALITY P2): a model
    instance and its related managers for each row cost more than the page's own work.

    Pages read these; the API reads the querysets, as model instances for its schemas.
    """

    def __init__(self, matching: QuerySet[Any], read: Callable[[QuerySet[Any]], list[R]]) -> None:
        self._matching = matching
        self._read = read
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._matching.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        if isinstance(index, slice):
            return self._read(self._matching[index])
        return self._read(self._matching[index : index + 1])[0]

    def __iter__(self) -> Iterator[R]:
        return iter(self._read(self._matching))


class KeptPageRows(PageRows[R]):
    """PageRows whose count and pages are kept until the next write
    (core.versions.cached, under `name` and the slice): a page of a list that changes
    rarely is then read from the cache, one query for the data's version, in place of
    building and running its count and its rows (QUALITY P2). `name` must say everything
    that selects the rows (their filters)."""

    def __init__(
        self,
        name: str,
        matching: QuerySet[Any] | Callable[[], QuerySet[Any]],
        read: Callable[[QuerySet[Any]], list[R]],
        *,
        version: str | None = None,
    ) -> None:
        # `matching` may be given as a function making the queryset, when making it costs
        # queries or time of its own: it is then made only when a page is not kept.
        self._make = matching if callable(matching) else None
        super().__init__(matching if not callable(matching) else QuerySet(), read)
        self._name = name
        # The data's version, when the caller has read it already for the same request.
        self._version: str | None = version

    def __iter__(self) -> Iterator[R]:
        return iter(self._read(self._query))

    @property
    def _query(self) -> QuerySet[Any]:
        if self._make is not None:
            self._matching, self._make = self._make(), None
        return self._matching

    def _kept(self, part: str, build: Callable[[], T]) -> T:
        if self._version is None:
            self._version = data_version()
        return cached(f"{self._name}:{part}", build, version=self._version)

    def count(self) -> int:
        if self._count is None:
            self._count = self._kept("count", lambda: self._query.count())
        return self._count

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        if isinstance(index, slice):
            return self._kept(f"{index.start}:{index.stop}", lambda: self._read(self._query[index]))
        return self[index : index + 1][0]


def _place_names(field: Any, ids: list[int]) -> dict[int, list[str]]:
    """The names of the places each of `ids` points at through the many-to-many `field`
    (Organisation.serves, Partnership.footprint), in the places' own order (level, then
    name), in one query."""
    return {
        owner: [name for _, name in places] for owner, places in _place_refs(field, ids).items()
    }


def _place_refs(field: Any, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """The (code, name) of the places each of `ids` points at through the many-to-many
    `field`, in the places' own order (level, then name), in one query.

    The SQL is written here, not built by the ORM: it is fixed but for the number of
    ids, and the ORM spends longer building and compiling it than the database spends
    answering it: a sixth of a list page's time (QUALITY P1, P2). Every name in it comes
    from the models and every value is a parameter."""
    if not ids:
        return {}
    qn = connection.ops.quote_name
    place, level = Place._meta, Level._meta
    owner = f"t.{qn(field.m2m_column_name())}"
    name = f"p.{qn(place.get_field('name').column)}"
    code = f"p.{qn(place.get_field('code').column)}"
    through = qn(field.remote_field.through._meta.db_table)
    # Names from the models, values as parameters.
    sql = (
        f"SELECT {owner}, {code}, {name} FROM {through} t "  # noqa: S608
        f"JOIN {qn(place.db_table)} p "
        f"ON p.{qn(place.pk.column)} = t.{qn(field.m2m_reverse_name())} "
        f"JOIN {qn(level.db_table)} l "
        f"ON l.{qn(level.pk.column)} = p.{qn(place.get_field('level').column)} "
        f"WHERE {owner} IN ({', '.join(['%s'] * len(ids))}) "
        f"ORDER BY l.{qn(level.get_field('rank').column)}, {name}, p.{qn(place.pk.column)}"
    )
    refs: dict[int, list[tuple[str, str]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        for owner_id, place_code, place_name in cursor.fetchall():
            refs.setdefault(owner_id, []).append((place_code, place_name))
    return refs


def level_list() -> list[Level]:
    return list(Level.objects.all())


def _places_matching(
    *, level: str | None = None, parent: str | None = None, q: str | None = None
) -> QuerySet[Place]:
    places = Place.objects.all()
    if level:
        places = places.filter(level__key=level)
    if parent:
        places = places.filter(parent__code=parent)
    if q:
        places = places.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return places.order_by("level__rank", "name")


def _organisation_count() -> Coalesce:
    return _row_count(Organisation.serves.through, "place")


def place_list(
    *, level: str | None = None, parent: str | None = None, q: str | None = None
) -> QuerySet[Place]:
    return (
        _places_matching(level=level, parent=parent, q=q)
        .select_related("level", "parent", "source")
        .annotate(organisation_count=_organisation_count())
    )


class PlaceRow(NamedTuple):
    """A place as the list page shows it."""

    code: str
    scheme: str
    name: str
    level: str
    parent: str | None
    population: int | None
    population_note: str
    organisation_count: int


def _place_rows(places: QuerySet[Place]) -> list[PlaceRow]:
    return [
        PlaceRow._make(row)
        for row in places.annotate(organisation_count=_organisation_count()).values_list(
            "code",
            "scheme",
            "name",
            "level__name",
            "parent__name",
            "population",
            "population_note",
            "organisation_count",
        )
    ]


def place_rows(
    *, level: str | None = None, parent: str | None = None, q: str | None = None
) -> PageRows[PlaceRow]:
    """The places of place_list() as the list page shows them, for its Paginator."""
    return PageRows(_places_matching(level=level, parent=parent, q=q), _place_rows)


def place_get(code: str) -> Place:
    return get_object_or_404(
        Place.objects.select_related(
            "level", "parent", "source", "population_source"
        ).prefetch_related(
            Prefetch("children", queryset=Place.objects.select_related("level")),
            Prefetch("comprises", queryset=Place.objects.select_related("level")),
            Prefetch("part_of", queryset=Place.objects.select_related("level")),
            Prefetch("partnerships", queryset=Partnership.objects.only("id", "name")),
        ),
        code=code,
    )


def place_organisations(place: Place) -> QuerySet[Organisation]:
    """The organisations serving the place, for its page to show a page of them at a time:
    a national place is served by every national body, and more as they are added."""
    return (
        Organisation.objects.filter(serves=place)
        .only("id", "name", "type")
        .order_by("type", "name", "id")
    )


# The deepest a place sits below another: national > region > STP > multi-borough area >
# borough > locality.
TREE_DEPTH = 5


def _within(roots: Any) -> Q:
    """The places `roots` (ids, or a query of ids) and every place below them in the tree,
    or within them (a multi-borough area's boroughs): one condition of a fixed size, so
    the query that reads it is one however many places the database holds (QUALITY P3)."""
    within = Q(pk__in=roots)
    for depth in range(1, TREE_DEPTH + 1):
        within |= Q(**{"parent__" * (depth - 1) + "parent_id__in": roots})
    comprised = Place.comprises.through.objects.filter(from_place_id__in=roots)
    return within | Q(pk__in=comprised.values("to_place_id"))


def footprint_within(partnership: Partnership) -> QuerySet[Place, Any]:
    """The places of a partnership's footprint and every place below or within them: a
    query of their ids, to read as a subquery (one, however many places there are)."""
    roots = Place.objects.filter(partnerships=partnership).values("pk")
    return Place.objects.filter(_within(roots)).values("pk")


def places_within(code: str) -> QuerySet[Place, Any]:
    """The place of this code and every place below it, or within it (a multi-borough
    area): a query of their ids, to read as a subquery."""
    roots = Place.objects.filter(code=code).values("pk")
    return Place.objects.filter(_within(roots)).values("pk")


def _organisations_matching(
    *, type: str | None = None, place: str | None = None, q: str | None = None
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if type:
        organisations = organisations.filter(type=type)
    if place:
        # A subquery, not a join and distinct(): each organisation once, and nothing
        # for a count or a page of them to de-duplicate.
        serving = Organisation.serves.through.objects.filter(
            place_id__in=places_within(place)
        ).values("organisation_id")
        organisations = organisations.filter(pk__in=serving)
    if q:
        organisations = organisations.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(ods_code__iexact=q)
            | Q(gss_code__iexact=q)
        )
    return organisations.order_by("name")


def organisation_list(
    *, type: str | None = None, place: str | None = None, q: str | None = None
) -> QuerySet[Organisation]:
    return (
        _organisations_matching(type=type, place=place, q=q)
        .select_related("source")
        .prefetch_related(Prefetch("serves", queryset=Place.objects.only("id", "code", "name")))
    )


class OrganisationRow(NamedTuple):
    """An organisation as the list page shows it, with the names of the places it serves."""

    id: int
    name: str
    type: str
    ods_code: str
    gss_code: str
    serves: list[str]


def _organisation_rows(organisations: QuerySet[Organisation]) -> list[OrganisationRow]:
    rows = list(organisations.values_list("id", "name", "type", "ods_code", "gss_code"))
    serves = _place_names(Organisation.serves.field, [row[0] for row in rows])
    return [OrganisationRow(*row, serves.get(row[0], [])) for row in rows]


def organisation_rows(
    *, type: str | None = None, place: str | None = None, q: str | None = None
) -> PageRows[OrganisationRow]:
    """The organisations of organisation_list() as the list page shows them, with the
    places they serve, for its Paginator: a page is two queries, its rows and their places."""
    return PageRows(_organisations_matching(type=type, place=place, q=q), _organisation_rows)


# The fields of an organisation the API's list gives, besides the places it serves.
ORGANISATION_API_FIELDS = (
    "key",
    "name",
    "short_name",
    "type",
    "ods_code",
    "gss_code",
    "companies_house",
    "charity_number",
    "version",
)


def _organisation_api_rows(organisations: QuerySet[Organisation]) -> list[dict[str, Any]]:
    rows = list(
        organisations.values("id", *ORGANISATION_API_FIELDS, **{"source.key": F("source__key")})
    )
    serves = _place_refs(Organisation.serves.field, [row["id"] for row in rows])
    for row in rows:
        row["serves"] = [{"code": c, "name": n} for c, n in serves.get(row.pop("id"), [])]
    return rows


def organisation_api_rows(
    *, type: str | None = None, place: str | None = None, q: str | None = None
) -> PageRows[dict[str, Any]]:
    """The organisations of organisation_list() as the API gives them, plain values keyed
    as its schema reads them ("source.key"), with the places each serves: a page is two
    queries and no model instance, which cost a page of 20 more than its queries do
    (QUALITY P1)."""
    return PageRows(_organisations_matching(type=type, place=place, q=q), _organisation_api_rows)


def organisation_get(id: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.select_related("source").prefetch_related(
            Prefetch("serves", queryset=Place.objects.select_related("level")),
            "partnerships",
        ),
        pk=id,
    )


def organisation_by_key(key: str) -> Organisation:
    """An organisation by its key, or by its ODS code (any case): the API's address."""
    found = (
        Organisation.objects.filter(key=key).values_list("pk", flat=True).first()
        or Organisation.objects.filter(ods_code__iexact=key)
        .exclude(ods_code="")
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise Http404(key)
    return organisation_get(found)


def partnership_with_key(key: str) -> Partnership | None:
    """The partnership of this key, on its own (no footprint or members), or None."""
    return Partnership.objects.filter(key=key).first()


def partnership_by_key(key: str) -> Partnership:
    found = Partnership.objects.filter(key=key).values_list("pk", flat=True).first()
    if found is None:
        raise Http404(key)
    return partnership_get(found)


def _partnerships_matching(
    *, kind: str | None = None, q: str | None = None
) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.all()
    if kind:
        partnerships = partnerships.filter(kind=kind)
    if q:
        partnerships = partnerships.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return partnerships.order_by("name")


def _member_count() -> Coalesce:
    return _row_count(Partnership.members.through, "partnership")


def partnership_list(*, kind: str | None = None, q: str | None = None) -> QuerySet[Partnership]:
    return (
        _partnerships_matching(kind=kind, q=q)
        .select_related("source")
        .annotate(member_count=_member_count())
        .prefetch_related(Prefetch("footprint", queryset=Place.objects.only("id", "code", "name")))
    )


class PartnershipRow(NamedTuple):
    """A partnership as the list page shows it, with the names of the places of its footprint."""

    id: int
    name: str
    kind: str
    member_count: int
    footprint: list[str]


def _partnership_rows(partnerships: QuerySet[Partnership]) -> list[PartnershipRow]:
    rows = list(
        partnerships.annotate(member_count=_member_count()).values_list(
            "id", "name", "kind", "member_count"
        )
    )
    footprint = _place_names(Partnership.footprint.field, [row[0] for row in rows])
    return [PartnershipRow(*row, footprint.get(row[0], [])) for row in rows]


def partnership_rows(*, kind: str | None = None, q: str | None = None) -> PageRows[PartnershipRow]:
    """The partnerships of partnership_list() as the list page shows them, with the
    places of their footprints, for its Paginator: a page is two queries, its rows and
    their places."""
    return PageRows(_partnerships_matching(kind=kind, q=q), _partnership_rows)


def _partnership_api_rows(partnerships: QuerySet[Partnership]) -> list[dict[str, Any]]:
    # Any: the stubs type these values as a TypedDict, which rows then add to.
    values: Any = partnerships.values(
        "id",
        "key",
        "name",
        "short_name",
        "kind",
        "description",
        **{"source.key": F("source__key")},
    )
    rows: list[dict[str, Any]] = list(values)
    footprint = _place_refs(Partnership.footprint.field, [row["id"] for row in rows])
    for row in rows:
        row["footprint"] = [{"code": c, "name": n} for c, n in footprint.get(row.pop("id"), [])]
    return rows


def partnership_api_rows(
    *, kind: str | None = None, q: str | None = None
) -> PageRows[dict[str, Any]]:
    """The partnerships of partnership_list() as the API gives them, plain values keyed as
    its schema reads them, with the places of each footprint: two queries a page."""
    return PageRows(_partnerships_matching(kind=kind, q=q), _partnership_api_rows)


def partnership_get(id: int, *, with_members: bool = True) -> Partnership:
    """The partnership with its footprint, and its members unless its page reads them a
    page at a time (partnership_members)."""
    partnerships = Partnership.objects.select_related("source").prefetch_related(
        Prefetch("footprint", queryset=Place.objects.select_related("level"))
    )
    if with_members:
        partnerships = partnerships.prefetch_related(
            Prefetch("members", queryset=Organisation.objects.order_by("type", "name"))
        )
    return get_object_or_404(partnerships, pk=id)


def partnership_members(partnership: Partnership) -> QuerySet[Organisation]:
    """The partnership's members by type and name, for its page to show a page at a time."""
    return (
        Organisation.objects.filter(partnerships=partnership)
        .only("id", "name", "type")
        .order_by("type", "name", "id")
    )


def source_list() -> QuerySet[Source]:
    return Source.objects.all()


class SourceRow(NamedTuple):
    """A source as the list page shows it, its kind in words, and its web address if it
    has one (a board paper's reference is its maintainers' file, never shown)."""

    key: str
    title: str
    kind: str
    link: str


_SOURCE_KIND_LABELS = dict(Source.Kind.choices)


def _source_rows(sources: QuerySet[Source]) -> list[SourceRow]:
    return [
        SourceRow(key, title, _SOURCE_KIND_LABELS.get(kind, kind), Source(reference=reference).link)
        for key, title, kind, reference in sources.values_list("key", "title", "kind", "reference")
    ]


def source_rows() -> PageRows[SourceRow]:
    """The sources of source_list() as the list page shows them, for its Paginator, kept
    until the next write: a register that a write seldom changes."""
    return KeptPageRows("source-rows", source_list(), _source_rows)


def sources_by_id(ids: Iterable[int | None]) -> dict[int, Source]:
    """The sources of these ids, and only them: a page naming a few sources reads those
    few, not every source the data set has."""
    wanted = {i for i in ids if i is not None}
    return {s.pk: s for s in Source.objects.filter(pk__in=wanted)} if wanted else {}


def membership_list_for_person(person: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person).select_related("organisation")


def dashboard_summary() -> dict[str, Any]:
    """The counts on the home page, kept until the next write: counting every place,
    organisation and partnership takes longer the more there are (QUALITY P3)."""
    return cached("partners-summary", _dashboard_summary)


def _dashboard_summary() -> dict[str, Any]:
    """The counts on the home page, in a fixed number of queries."""
    by_level = dict(Place.objects.values_list("level__name").annotate(n=Count("id")))
    by_type = Counter(dict(Organisation.objects.values_list("type").annotate(n=Count("id"))))
    labels = dict(OrganisationType.choices)
    by_kind = dict(Partnership.objects.values_list("kind").annotate(n=Count("id")))
    kind_labels = dict(Partnership.Kind.choices)
    default = Partnership.objects.filter(is_default=True).first()
    return {
        "partnership": None
        if default is None
        else {
            "name": default.name,
            "members": default.members.count(),
            "footprint": " and ".join(p.name for p in default.footprint.order_by("name")),
        },
        "places": [(lv.name, lv.key, by_level.get(lv.name, 0)) for lv in Level.objects.all()],
        "organisations": sorted((labels[t], t, n) for t, n in by_type.items()),
        "partnerships": [(kind_labels[k], k, n) for k, n in sorted(by_kind.items())],
        "organisation_total": sum(by_type.values()),
    }


def borough_rows(partnership: Partnership | None) -> list[tuple[str, str, str | None]]:
    """The boroughs of the partnership's footprint (every borough while no partnership
    is in view), as (name, code, name of the place it is part of), by name: one query of
    a fixed size, however many places the database holds."""
    boroughs = Place.objects.filter(level__key="borough")
    if partnership is not None:
        boroughs = boroughs.filter(_within(partnership.footprint.values("pk")))
    rows: Any = boroughs.order_by("name", "code").values_list("name", "code", "parent__name")
    return list(rows)


def borough_systems(codes: list[str]) -> dict[str, str]:
    """The multi-borough system each of these boroughs is part of, by borough code (one
    query): a borough in none is not in the answer."""
    rows: Any = Place.objects.filter(
        level__key="multi_borough", comprises__code__in=codes
    ).values_list("comprises__code", "name")
    return dict(sorted(rows))


def footprint_names(partnership: Partnership | None) -> list[str]:
    """The names of the places of the partnership's footprint, by name."""
    if partnership is None:
        return []
    return list(partnership.footprint.order_by("name").values_list("name", flat=True))


# A page offers at most this many partnerships to show instead of the one in view.
PARTNERSHIPS_OFFERED = 50


def partnership_choices(in_view: Partnership | None) -> list[tuple[str, str]]:
    """The partnerships a page about one partnership's boards offers to show instead, as
    (key, name), by name: those with boards, the first PARTNERSHIPS_OFFERED of them, and
    the one in view whatever it has. One query."""
    offered: Any = (
        Partnership.objects.filter(boards__isnull=False)
        .distinct()
        .order_by("name", "key")
        .values_list("key", "name")[:PARTNERSHIPS_OFFERED]
    )
    choices: list[tuple[str, str]] = list(offered)
    if in_view is not None and in_view.key not in {key for key, _ in choices}:
        choices.append((in_view.key, in_view.name))
    return choices


def partnership_in_view(key: str | None = None) -> Partnership | None:
    """The partnership a page about one partnership's boards, commitments or meetings
    shows: the one of this key (404 for none), else the deployment's default, else
    None while no partnership is marked the default (the page then shows every row of a
    small data set)."""
    if key:
        return partnership_by_key(key)
    return Partnership.objects.filter(is_default=True).first()


def today(partnership: Partnership | None = None) -> dt.date:
    """The day the pages count from when none is asked for (what is coming up and what is
    past, what is due): the day the data set of `partnership` (else the deployment's
    default) describes, if it declares one, else today (as_at.as_at_default)."""
    from .as_at import as_at_default

    return as_at_default(partnership if partnership is not None else partnership_in_view())


# ------------------------------------------------------------------------------ glossary


def glossary_list() -> list[GlossaryTerm]:
    """The glossary's entries, by abbreviation, each with its source."""
    return list(GlossaryTerm.objects.select_related("source").order_by("abbreviation"))


def glossary_terms() -> list[Term]:
    """The abbreviations the pages mark where they appear (core.words.abbreviations)."""
    return [
        Term(abbreviation, expansion, key)
        for abbreviation, expansion, key in GlossaryTerm.objects.values_list(
            "abbreviation", "expansion", "key"
        )
    ]


def authenticator_reset_list() -> QuerySet[AuthenticatorReset]:
    """The requests for a new authenticator app waiting for the secretariat, oldest first."""
    return AuthenticatorReset.objects.filter(AuthenticatorReset.OPEN).select_related("person")
