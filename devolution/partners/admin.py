"""The Django admin for places, organisations and partnerships: a read-only view.

Every change to these records goes through `services.py`, which checks the rules, bumps
the version and writes the audit record (QUALITY R2, R3); the admin would do none of
that, so it may look but not touch. Each changelist shows the columns, order and page
size of our own list page, so QUALITY P5 compares the same rows.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest

from .models import Organisation, Partnership, Place
from .views import PAGE_SIZE


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_per_page = PAGE_SIZE

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _names(places: Any) -> str:
    return ", ".join(p.name for p in places.all())


_PLACE_REFS = Place.objects.only("id", "code", "name")


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "official_code",
        "level",
        "parent",
        "population_shown",
        "organisation_count",
    )
    list_select_related = ("level", "parent")
    list_filter = ("level",)
    search_fields = ("name", "code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Place]:
        places: QuerySet[Place] = super().get_queryset(request)
        return places.annotate(organisation_count=Count("organisations", distinct=True))

    @admin.display(description="Code", ordering="code")
    def official_code(self, place: Place) -> str:
        return place.code if place.scheme != Place.Scheme.LOCAL else ""

    @admin.display(description="Population", ordering="population")
    def population_shown(self, place: Place) -> str:
        if place.population_note:
            return place.population_note
        return "unknown" if place.population is None else f"{place.population:,}"

    @admin.display(description="Organisations", ordering="organisation_count")
    def organisation_count(self, place: Any) -> int:
        return int(place.organisation_count)


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    # No column follows a foreign key, so the default (no select_related) is the right one.
    list_display = ("name", "type", "code", "serves_names")
    list_filter = ("type",)
    search_fields = ("name", "short_name", "ods_code", "gss_code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        organisations: QuerySet[Organisation] = super().get_queryset(request)
        return organisations.prefetch_related(Prefetch("serves", queryset=_PLACE_REFS))

    @admin.display(description="Code")
    def code(self, organisation: Organisation) -> str:
        return organisation.ods_code or organisation.gss_code

    @admin.display(description="Serves")
    def serves_names(self, organisation: Organisation) -> str:
        return _names(organisation.serves)


@admin.register(Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "footprint_names", "member_count")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Partnership]:
        partnerships: QuerySet[Partnership] = super().get_queryset(request)
        return partnerships.annotate(member_count=Count("members", distinct=True)).prefetch_related(
            Prefetch("footprint", queryset=_PLACE_REFS)
        )

    @admin.display(description="Footprint")
    def footprint_names(self, partnership: Partnership) -> str:
        return _names(partnership.footprint)

    @admin.display(description="Members", ordering="member_count")
    def member_count(self, partnership: Any) -> int:
        return int(partnership.member_count)
