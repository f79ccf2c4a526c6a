"""The meetings API's pages: the API's limit/offset pagination (core.pagination), twenty
items unless a client asks for more (up to the API's largest page). A meeting's, an
action's or a register entry's item is a heavy one (names, titles, nested keys), and a
page of a hundred of them is slower than a list's bar (QUALITY P1)."""

from django.conf import settings
from ninja import Field

from devolution.core.pagination import MAX_OFFSET, BoundedLimitOffsetPagination

PAGE = 20


class MeetingsPageInput(BoundedLimitOffsetPagination.Input):
    """A page of a meetings list: named for itself, as ninja names a schema by its class
    (the API's own is `Input`)."""

    limit: int = Field(
        PAGE,
        ge=1,
        le=settings.NINJA_PAGINATION_MAX_LIMIT,
        description=f"How many items to return: 1 to {settings.NINJA_PAGINATION_MAX_LIMIT} "
        f"(default {PAGE})",
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description="How many items to skip from the start of the list (default 0)",
    )


class MeetingsPagination(BoundedLimitOffsetPagination):
    Input = MeetingsPageInput
