"""The API's pagination, one for every list: django-ninja's limit/offset, returning
`{"items": [...], "count": N}`, with a documented largest page and an offset a database
can take. A limit or offset outside its range is refused with a 422 naming it."""

from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# Beyond this SQLite and PostgreSQL refuse the number itself, which would be a 500.
MAX_OFFSET = 2**31 - 1


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE,
            ge=1,
            le=settings.NINJA_PAGINATION_MAX_LIMIT,
            description=f"How many items to return: 1 to {settings.NINJA_PAGINATION_MAX_LIMIT} "
            f"(default {settings.NINJA_PAGINATION_PER_PAGE})",
        )
        offset: int = Field(
            0,
            ge=0,
            le=MAX_OFFSET,
            description="How many items to skip from the start of the list (default 0)",
        )


def api_values(rows: QuerySet[Any], schema: type[Schema]) -> QuerySet[Any]:
    """The rows as plain values keyed as `schema` reads them: a field by its name, or by
    its alias, a related record's field by its path ("footprint.code"). One query with
    the joins the paths need, and no model instance for each row and each record it
    names, which cost a page of 20 more than its own query does (QUALITY P1).

    For a schema of single values only: a list of related records needs their models."""
    plain: list[str] = []
    paths: dict[str, F] = {}
    for name, field in schema.model_fields.items():
        read = field.alias or name
        if "." in read:
            paths[read] = F(read.replace(".", "__"))
        else:
            plain.append(read)
    return rows.values(*plain, **paths)
