"""Every read of places and partners that pages and the API share."""

from collections import Counter
from typing import Any

from django.db.models import Count, IntegerField, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from devolution.core.models import Source

from .models import Level, Membership, Organisation, OrganisationType, Partnership, Place


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


def level_list() -> list[Level]:
    return list(Level.objects.all())


def place_list(
    *, level: str | None = None, parent: str | None = None, q: str | None = None
) -> QuerySet[Place]:
    places = Place.objects.select_related("level", "parent", "source").annotate(
        organisation_count=_row_count(Organisation.serves.through, "place")
    )
    if level:
        places = places.filter(level__key=level)
    if parent:
        places = places.filter(parent__code=parent)
    if q:
        places = places.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return places.order_by("level__rank", "name")


def place_get(code: str) -> Place:
    return get_object_or_404(
        Place.objects.select_related(
            "level", "parent", "source", "population_source"
        ).prefetch_related(
            Prefetch("children", queryset=Place.objects.select_related("level")),
            Prefetch("comprises", queryset=Place.objects.select_related("level")),
            Prefetch("part_of", queryset=Place.objects.select_related("level")),
            Prefetch("organisations", queryset=Organisation.objects.order_by("type", "name")),
            "partnerships",
        ),
        code=code,
    )


def place_descendant_ids(code: str) -> set[int]:
    """The place and every place below it in the tree, or within it (a multi-borough area)."""
    rows = list(Place.objects.values_list("id", "code", "parent_id"))
    by_code = {c: i for i, c, _ in rows}
    root = by_code.get(code)
    if root is None:
        return set()
    children: dict[int, list[int]] = {}
    for i, _, parent in rows:
        if parent is not None:
            children.setdefault(parent, []).append(i)
    for place_id, member_id in Place.comprises.through.objects.filter(
        from_place_id=root
    ).values_list("from_place_id", "to_place_id"):
        children.setdefault(place_id, []).append(member_id)
    found, stack = set(), [root]
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(children.get(current, []))
    return found


def organisation_list(
    *, type: str | None = None, place: str | None = None, q: str | None = None
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.select_related("source")
    if type:
        organisations = organisations.filter(type=type)
    if place:
        organisations = organisations.filter(serves__id__in=place_descendant_ids(place)).distinct()
    if q:
        organisations = organisations.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(ods_code__iexact=q)
            | Q(gss_code__iexact=q)
        )
    return organisations.prefetch_related(
        Prefetch("serves", queryset=Place.objects.only("id", "code", "name"))
    ).order_by("name")


def organisation_get(id: int) -> Organisation:
    return get_object_or_404(
        Organisation.objects.select_related("source").prefetch_related(
            Prefetch("serves", queryset=Place.objects.select_related("level")),
            "partnerships",
        ),
        pk=id,
    )


def partnership_list(*, kind: str | None = None, q: str | None = None) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.select_related("source").annotate(
        member_count=_row_count(Partnership.members.through, "partnership")
    )
    if kind:
        partnerships = partnerships.filter(kind=kind)
    if q:
        partnerships = partnerships.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    return partnerships.prefetch_related(
        Prefetch("footprint", queryset=Place.objects.only("id", "code", "name"))
    ).order_by("name")


def partnership_get(id: int) -> Partnership:
    return get_object_or_404(
        Partnership.objects.select_related("source").prefetch_related(
            Prefetch("footprint", queryset=Place.objects.select_related("level")),
            Prefetch("members", queryset=Organisation.objects.order_by("type", "name")),
        ),
        pk=id,
    )


def source_list() -> QuerySet[Source]:
    return Source.objects.all()


def membership_list_for_person(person: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(person=person).select_related("organisation")


def dashboard_summary() -> dict[str, Any]:
    """The counts on the home page, in a fixed number of queries."""
    by_level = dict(Place.objects.values_list("level__name").annotate(n=Count("id")))
    by_type = Counter(dict(Organisation.objects.values_list("type").annotate(n=Count("id"))))
    labels = dict(OrganisationType.choices)
    by_kind = dict(Partnership.objects.values_list("kind").annotate(n=Count("id")))
    kind_labels = dict(Partnership.Kind.choices)
    return {
        "places": [(lv.name, lv.key, by_level.get(lv.name, 0)) for lv in Level.objects.all()],
        "organisations": sorted((labels[t], t, n) for t, n in by_type.items()),
        "partnerships": [(kind_labels[k], k, n) for k, n in sorted(by_kind.items())],
        "organisation_total": sum(by_type.values()),
    }
