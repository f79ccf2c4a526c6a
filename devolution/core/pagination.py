"""The API's pagination, one for every list: django-ninja's limit/offset, returning
`{"items": [...], "count": N}`, with a documented largest page and an offset a database
can take. A limit or offset outside its range is refused with a 422 naming it."""

from django.conf import settings
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
