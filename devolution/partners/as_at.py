"""The day a page or an API call is shown as at (issue 12, "As at a date").

Every dashboard, flag (blocked, overdue, stale), list and report reads the registers as
at one day: the one asked for (`?as_at=YYYY-MM-DD`), else the day the data set of the
partnership in view describes (`Partnership.describes`: the London data describes 22
March 2018, so its demo opens then and "stale" and "overdue" mean something), else
today. Pages and the API both ask `as_at`; what a register held on that day is the
selectors' to say (commitments.selectors.commitment_list(as_at=...)).

    from devolution.partners.as_at import as_at
    day = as_at(request, partnership)        # a page: a bad value is a 400 page
    day = as_at_or_default(given, partnership)  # the API: ninja has parsed `as_at`
"""

import datetime as dt
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils import timezone

from devolution.core.errors import DevolutionError

if TYPE_CHECKING:
    from .models import Partnership

PARAMETER = "as_at"
AS_AT_HELP = (
    "The day to show the registers as at, as YYYY-MM-DD (for example 2018-03-22): each "
    "commitment's status, rating and latest update on or before that day, and its flags "
    "then. If not given, the day the partnership's data set describes, else today."
)


class AsAtInvalid(DevolutionError):
    """An `as_at` that is not a date: a 400 naming the parameter, never a 500."""

    status = 400


def as_at_parse(value: str | None) -> dt.date | None:
    """The day `value` gives (YYYY-MM-DD), None for none; AsAtInvalid for anything else."""
    if not value:
        return None
    text = value.strip()
    try:
        if len(text) == len("2018-03-22"):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise AsAtInvalid(
        "The date to show the page as at (as_at in the address) must be a day written as "
        f"year-month-day, for example 2018-03-22; “{text[:40]}” is not.",
        field=PARAMETER,
    )


def as_at_default(partnership: "Partnership | None") -> dt.date:
    """The day shown when none is asked for: the day the partnership's data set
    describes, if it declares one, else today."""
    if partnership is not None and partnership.describes is not None:
        return partnership.describes
    return timezone.localdate()


def as_at_or_default(given: dt.date | None, partnership: "Partnership | None") -> dt.date:
    return given if given is not None else as_at_default(partnership)


def as_at(request: HttpRequest, partnership: "Partnership | None") -> dt.date:
    """The day the page is shown as at: `?as_at=` if given (AsAtInvalid, a 400 page, for
    a value that is not a day), else as_at_default(partnership)."""
    return as_at_or_default(as_at_parse(request.GET.get(PARAMETER)), partnership)
